-- Call records that cannot lie (issue 17, sections 1 and 2). Held here, whatever the code does:
--  * a call starts inside its booking's window: not before the slot start minus the office's
--    margin (early_call_minutes, default 2), not after the slot end plus the retry window, and a
--    retry not before the time it was scheduled for;
--  * an outcome matches the booking's last call (a call the telephony could not even place does
--    not count): "no answer" only when nobody answered it; resolved, second level, documents
--    needed and cancelled by the citizen only when it connected; no outcome while it is under way;
--  * "served" (resolved, second level, documents needed) only with a passed identity check made
--    in that very call, or an explicit "identity not verified" with a reason from a short list;
--  * a booking is closed as "no answer" never before its slot starts (closed_at is the
--    application's clock, written in the same statement);
--  * the follow-up booked and the documents needed reach the citizen through the notification
--    queue (new kinds follow_up_booked and documents_needed); a follow-up's PIN travels in its
--    job only until the job is over (then it is erased).

ALTER TABLE office_telephony
  ADD COLUMN early_call_minutes integer NOT NULL DEFAULT 2 CHECK (early_call_minutes BETWEEN 0 AND 30);

-- The identity check belongs to one call.
ALTER TABLE identity_check ADD COLUMN call_id uuid REFERENCES call(id) ON DELETE SET NULL;
CREATE INDEX identity_check_call_idx ON identity_check (call_id) WHERE call_id IS NOT NULL;

-- "Identity not verified", with its reason, and the documents the operator ticked.
ALTER TABLE call_assignment
  ADD COLUMN identity_waiver text CHECK (identity_waiver IN ('pin_lost', 'pin_locked', 'representative', 'communication')),
  ADD COLUMN documents jsonb CHECK (jsonb_typeof(documents) = 'array'),
  ADD CONSTRAINT call_assignment_waiver_served
    CHECK (identity_waiver IS NULL OR outcome IN ('resolved', 'second_level', 'needs_documents')),
  ADD CONSTRAINT call_assignment_no_answer_after_slot
    CHECK (outcome IS DISTINCT FROM 'no_answer' OR closed_at >= starts_at) NOT VALID;

-- The documents a desk may ask for (ticked by the operator), and how to send them.
ALTER TABLE desk
  ADD COLUMN documents jsonb NOT NULL DEFAULT '[
    {"key": "id_card", "it": "Documento d''identità valido", "en": "Valid identity document"},
    {"key": "isee", "it": "Attestazione ISEE in corso di validità", "en": "Current ISEE statement"},
    {"key": "payslip", "it": "Ultima busta paga o cedolino della pensione", "en": "Latest payslip or pension statement"},
    {"key": "medical", "it": "Certificato medico", "en": "Medical certificate"},
    {"key": "iban", "it": "Coordinate bancarie (IBAN) intestate al richiedente", "en": "Bank details (IBAN) in the applicant''s name"},
    {"key": "employer", "it": "Dichiarazione del datore di lavoro", "en": "Employer''s statement"}
  ]'::jsonb CHECK (jsonb_typeof(documents) = 'array' AND jsonb_array_length(documents) <= 40),
  ADD COLUMN documents_send_it text NOT NULL DEFAULT 'Caricali dall''area MyINPS del sito www.inps.it (sezione «Comunicazioni») oppure inviali via PEC alla sede, indicando il codice della prenotazione.'
    CHECK (length(documents_send_it) BETWEEN 1 AND 1000),
  ADD COLUMN documents_send_en text NOT NULL DEFAULT 'Upload them from the MyINPS area of www.inps.it ("Comunicazioni") or send them by certified e-mail (PEC) to the office, quoting the booking code.'
    CHECK (length(documents_send_en) BETWEEN 1 AND 1000);

-- A call inside its window (the application's clock is requested_at).
CREATE FUNCTION call_inside_window() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  a record;
BEGIN
  SELECT ca.starts_at, ca.ends_at, ca.state, ca.next_attempt_at,
         COALESCE(t.early_call_minutes, 2) AS early, COALESCE(t.retry_window_minutes, 30) AS win
    INTO a
    FROM call_assignment ca JOIN desk d ON d.id = ca.desk_id LEFT JOIN office_telephony t ON t.office_id = d.office_id
   WHERE ca.booking_id = NEW.booking_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'a call needs its booking on an agenda'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'call_inside_window', TABLE = 'call';
  END IF;
  IF NEW.requested_at < a.starts_at - make_interval(mins => a.early) THEN
    RAISE EXCEPTION 'call before its slot (% < % - % min)', NEW.requested_at, a.starts_at, a.early
      USING ERRCODE = 'check_violation', CONSTRAINT = 'call_before_slot', TABLE = 'call';
  END IF;
  IF a.state = 'retry' AND a.next_attempt_at IS NOT NULL AND NEW.requested_at < a.next_attempt_at THEN
    RAISE EXCEPTION 'retry before its time (% < %)', NEW.requested_at, a.next_attempt_at
      USING ERRCODE = 'check_violation', CONSTRAINT = 'call_before_retry', TABLE = 'call';
  END IF;
  IF NEW.requested_at > a.ends_at + make_interval(mins => a.win) THEN
    RAISE EXCEPTION 'call after its window (% > % + % min)', NEW.requested_at, a.ends_at, a.win
      USING ERRCODE = 'check_violation', CONSTRAINT = 'call_after_window', TABLE = 'call';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER call_inside_window BEFORE INSERT ON call FOR EACH ROW EXECUTE FUNCTION call_inside_window();

-- An outcome that matches the last call, and identity before service.
CREATE FUNCTION call_outcome_truth() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  c record;
BEGIN
  SELECT id, state, answered_at INTO c FROM call
   WHERE booking_id = NEW.booking_id AND COALESCE(cause, '') NOT LIKE 'adapter_unavailable%'
   ORDER BY attempt DESC, requested_at DESC LIMIT 1;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'outcome % with no call', NEW.outcome
      USING ERRCODE = 'check_violation', CONSTRAINT = 'outcome_needs_call', TABLE = 'call_assignment';
  END IF;
  IF c.state NOT IN ('ended', 'failed') THEN
    RAISE EXCEPTION 'outcome % while the call is %', NEW.outcome, c.state
      USING ERRCODE = 'check_violation', CONSTRAINT = 'outcome_call_in_progress', TABLE = 'call_assignment';
  END IF;
  IF NEW.outcome = 'no_answer' AND c.answered_at IS NOT NULL THEN
    RAISE EXCEPTION 'no answer for a call that was answered'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'outcome_answered_call', TABLE = 'call_assignment';
  END IF;
  IF NEW.outcome IN ('resolved', 'second_level', 'needs_documents', 'cancelled_by_citizen') AND c.answered_at IS NULL THEN
    RAISE EXCEPTION 'outcome % for a call that never connected', NEW.outcome
      USING ERRCODE = 'check_violation', CONSTRAINT = 'outcome_not_connected', TABLE = 'call_assignment';
  END IF;
  IF NEW.outcome IN ('resolved', 'second_level', 'needs_documents') AND NEW.identity_waiver IS NULL
     AND NOT EXISTS (SELECT 1 FROM identity_check i WHERE i.call_id = c.id AND i.result = 'ok') THEN
    RAISE EXCEPTION 'outcome % with no identity check passed in the call', NEW.outcome
      USING ERRCODE = 'check_violation', CONSTRAINT = 'outcome_identity_unverified', TABLE = 'call_assignment';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER call_outcome_truth BEFORE UPDATE ON call_assignment FOR EACH ROW
  WHEN (NEW.state = 'done' AND OLD.state IS DISTINCT FROM 'done')
  EXECUTE FUNCTION call_outcome_truth();

-- New notification kinds.
ALTER TABLE notification_job DROP CONSTRAINT notification_job_kind_check;
ALTER TABLE notification_job ADD CONSTRAINT notification_job_kind_check
  CHECK (kind IN ('booking_confirmed', 'booking_moved', 'booking_cancelled', 'reminder', 'no_answer', 'desk_delay', 'waitlist_offer',
                  'booking_details', 'contact_code', 'follow_up_booked', 'documents_needed'));
ALTER TABLE notification_template DROP CONSTRAINT notification_template_kind_check;
ALTER TABLE notification_template ADD CONSTRAINT notification_template_kind_check
  CHECK (kind IN ('booking_confirmed', 'booking_moved', 'booking_cancelled', 'reminder', 'no_answer', 'desk_delay', 'waitlist_offer',
                  'booking_details', 'contact_code', 'follow_up_booked', 'documents_needed'));
ALTER TABLE notification_channel ALTER COLUMN kinds
  SET DEFAULT ARRAY['booking_confirmed', 'booking_moved', 'booking_cancelled', 'reminder', 'no_answer', 'desk_delay', 'waitlist_offer',
                    'booking_details', 'contact_code', 'follow_up_booked', 'documents_needed'];
UPDATE notification_channel SET kinds = kinds || ARRAY['follow_up_booked', 'documents_needed'] WHERE NOT ('follow_up_booked' = ANY (kinds));

-- A follow-up's PIN is in its job only while the job may still be sent.
CREATE FUNCTION notification_forget_pin() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.data := NEW.data - 'pin';
  RETURN NEW;
END $$;
CREATE TRIGGER notification_forget_pin BEFORE UPDATE ON notification_job FOR EACH ROW
  WHEN (NEW.state IN ('sent', 'undeliverable', 'dead', 'obsolete', 'expired') AND NEW.data ? 'pin')
  EXECUTE FUNCTION notification_forget_pin();
