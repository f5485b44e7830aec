-- Nobody books in someone else's name or learns where they booked (issue 16, section 3).
--
--  * tax_code_key: one spelling per person. A tax code whose digits were replaced by letters
--    (omocodia: L M N P Q R S T U V for 0–9, given to people who would otherwise share a code)
--    is decoded and its check letter computed again, so "RSSMRA85T10A562S" and its omocodic
--    spellings have one key. booking.tax_key and waitlist_entry.tax_key hold it (generated
--    columns: every row, old and new, has it) and every rule uses it: one active booking per
--    person and desk, one waiting-list entry per person and desk, look-ups, staff search.
--  * one phone number or e-mail address carries at most contact_limit_setting.max_active
--    active (booked, future) bookings made on the web across all desks (reception, patronati
--    and staff are exempt): checked by trigger under an advisory lock per contact, so
--    concurrent confirmations from one phone cannot go past it. The error's DETAIL is
--    '<phone|email>/<limit>'. Refusals are recorded (contact_limit_refusal) for the URP.
--  * confirm_hold (migration 0011, redefined whole): a confirmation refused because the
--    person already has a booking at the desk, or because the contact reached its limit,
--    releases its hold at once and answers an outcome instead of raising; for the former the
--    existing booking's details are queued to that booking's own contact (booking_details),
--    never to the contact typed in the refused form.
--  * contact_verification: one-time codes sent to the phone or e-mail before confirming
--    (contact_code notifications), per hold, stored as hashes.

CREATE FUNCTION tax_code_key(p text) RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  odd constant integer[] := ARRAY[1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
  body text;
  ch text;
  v integer;
  s integer := 0;
BEGIN
  IF p IS NULL OR p !~ '^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$' THEN
    RETURN p; -- not a tax code (e.g. a pseudonym after erasure): itself
  END IF;
  body := substr(p, 1, 6) || translate(substr(p, 7, 2), 'LMNPQRSTUV', '0123456789') || substr(p, 9, 1)
       || translate(substr(p, 10, 2), 'LMNPQRSTUV', '0123456789') || substr(p, 12, 1)
       || translate(substr(p, 13, 3), 'LMNPQRSTUV', '0123456789');
  FOR i IN 1..15 LOOP
    ch := substr(body, i, 1);
    v := CASE WHEN ch BETWEEN '0' AND '9' THEN ascii(ch) - 48 ELSE ascii(ch) - 65 END;
    s := s + CASE WHEN i % 2 = 1 THEN odd[v + 1] ELSE v END;
  END LOOP;
  RETURN body || chr(65 + s % 26);
END $$;

ALTER TABLE booking ADD COLUMN tax_key text GENERATED ALWAYS AS (tax_code_key(tax_code)) STORED;
ALTER TABLE waitlist_entry ADD COLUMN tax_key text GENERATED ALWAYS AS (tax_code_key(tax_code)) STORED;
DROP INDEX booking_person_idx;
DROP INDEX booking_tax_code_idx;
CREATE INDEX booking_person_idx ON booking (desk_id, tax_key) WHERE status = 'booked';
CREATE INDEX booking_tax_key_idx ON booking (tax_key);
DROP INDEX waitlist_one_per_person;
CREATE UNIQUE INDEX waitlist_one_per_person ON waitlist_entry (desk_id, tax_key) WHERE status IN ('waiting', 'offered');

-- One active future booking per person (tax_key) and desk (migration 0002, redefined whole).
-- In a BEFORE trigger the generated column is not computed yet: the key is computed here.
CREATE OR REPLACE FUNCTION booking_limit_per_person() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  lim integer;
  existing text;
  n integer;
  k text;
BEGIN
  IF NEW.status <> 'booked' OR NEW.tax_code IS NULL OR NEW.starts_at <= now() THEN
    RETURN NEW;
  END IF;
  k := tax_code_key(NEW.tax_code);
  IF TG_OP = 'UPDATE' AND OLD.status = 'booked' AND tax_code_key(OLD.tax_code) = k AND OLD.desk_id = NEW.desk_id THEN
    RETURN NEW; -- a move or an edit of a booking already counted
  END IF;
  SELECT max_active_per_person INTO lim FROM desk WHERE id = NEW.desk_id;
  IF lim IS NULL THEN
    RETURN NEW;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended(NEW.desk_id::text || '/' || k, 0));
  SELECT count(*), min(code) INTO n, existing FROM booking
   WHERE desk_id = NEW.desk_id AND tax_key = k AND status = 'booked'
     AND starts_at > now() AND id <> NEW.id;
  IF n >= lim THEN
    RAISE EXCEPTION 'this person already has an active booking at this desk'
      USING ERRCODE = 'unique_violation', CONSTRAINT = 'booking_one_per_person', TABLE = 'booking', DETAIL = existing;
  END IF;
  RETURN NEW;
END $$;

-- Per-contact limit. One row: the limit in force (written at start from CONTACT_MAX_ACTIVE_BOOKINGS).
CREATE TABLE contact_limit_setting (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  max_active integer NOT NULL DEFAULT 3 CHECK (max_active BETWEEN 1 AND 100),
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO contact_limit_setting (id) VALUES (true);

-- Confirmations refused because their phone or e-mail had reached the limit (seen by the URP).
CREATE TABLE contact_limit_refusal (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  contact_kind text NOT NULL CHECK (contact_kind IN ('phone', 'email')),
  contact text NOT NULL CHECK (length(contact) BETWEEN 1 AND 254),
  desk_id uuid REFERENCES desk(id) ON DELETE CASCADE
);
CREATE INDEX contact_limit_refusal_at_idx ON contact_limit_refusal (at);
CREATE INDEX booking_phone_active_idx ON booking (phone) WHERE status = 'booked' AND source = 'web';
CREATE INDEX booking_email_active_idx ON booking (email) WHERE status = 'booked' AND source = 'web';

CREATE FUNCTION booking_limit_per_contact() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  lim integer;
  n integer;
BEGIN
  IF NEW.status <> 'booked' OR NEW.source <> 'web' OR NEW.starts_at <= now() THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.status = 'booked' AND OLD.source = 'web'
     AND OLD.phone IS NOT DISTINCT FROM NEW.phone AND OLD.email IS NOT DISTINCT FROM NEW.email THEN
    RETURN NEW; -- already counted
  END IF;
  SELECT max_active INTO lim FROM contact_limit_setting;
  IF lim IS NULL THEN
    RETURN NEW;
  END IF;
  -- Phone first, then e-mail: every transaction takes them in this order.
  IF NEW.phone IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock(hashtextextended('contact:' || NEW.phone, 0));
    SELECT count(*) INTO n FROM booking
     WHERE phone = NEW.phone AND status = 'booked' AND source = 'web' AND starts_at > now() AND id <> NEW.id;
    IF n >= lim THEN
      RAISE EXCEPTION 'this phone number already carries % active bookings', n
        USING ERRCODE = 'check_violation', CONSTRAINT = 'booking_contact_limit', TABLE = 'booking', DETAIL = 'phone/' || lim;
    END IF;
  END IF;
  IF NEW.email IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock(hashtextextended('contact:' || lower(NEW.email), 0));
    SELECT count(*) INTO n FROM booking
     WHERE email = lower(NEW.email) AND status = 'booked' AND source = 'web' AND starts_at > now() AND id <> NEW.id;
    IF n >= lim THEN
      RAISE EXCEPTION 'this e-mail address already carries % active bookings', n
        USING ERRCODE = 'check_violation', CONSTRAINT = 'booking_contact_limit', TABLE = 'booking', DETAIL = 'email/' || lim;
    END IF;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER booking_limit_per_contact
  BEFORE INSERT OR UPDATE OF status, phone, email ON booking
  FOR EACH ROW EXECUTE FUNCTION booking_limit_per_contact();

-- Records a refusal for the contact of the refused row (p_kind: 'phone' or 'email').
CREATE FUNCTION contact_limit_record(p_kind text, p_phone text, p_email text, p_desk uuid) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO contact_limit_refusal (contact_kind, contact, desk_id)
  SELECT p_kind, CASE WHEN p_kind = 'phone' THEN p_phone ELSE lower(p_email) END, p_desk
   WHERE (CASE WHEN p_kind = 'phone' THEN p_phone ELSE p_email END) IS NOT NULL;
$$;

-- New notification kinds: a booking's details sent again to its own contact (asked for by a
-- refused second booking), and the one-time code that verifies a contact.
ALTER TABLE notification_job DROP CONSTRAINT notification_job_kind_check;
ALTER TABLE notification_job ADD CONSTRAINT notification_job_kind_check
  CHECK (kind IN ('booking_confirmed', 'booking_moved', 'booking_cancelled', 'reminder', 'no_answer', 'desk_delay', 'waitlist_offer', 'booking_details', 'contact_code'));
ALTER TABLE notification_template DROP CONSTRAINT notification_template_kind_check;
ALTER TABLE notification_template ADD CONSTRAINT notification_template_kind_check
  CHECK (kind IN ('booking_confirmed', 'booking_moved', 'booking_cancelled', 'reminder', 'no_answer', 'desk_delay', 'waitlist_offer', 'booking_details', 'contact_code'));
ALTER TABLE notification_channel ALTER COLUMN kinds
  SET DEFAULT ARRAY['booking_confirmed', 'booking_moved', 'booking_cancelled', 'reminder', 'no_answer', 'desk_delay', 'waitlist_offer', 'booking_details', 'contact_code'];
UPDATE notification_channel SET kinds = kinds || ARRAY['booking_details', 'contact_code'] WHERE NOT ('booking_details' = ANY (kinds));

-- The details of the person's active booking at this desk, queued to that booking's own
-- contact; at most once an hour per booking and channel (a prober cannot flood the owner).
CREATE FUNCTION notify_existing_booking(p_desk uuid, p_tax_key text, p_now timestamptz) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  e record;
BEGIN
  SELECT id, starts_at INTO e FROM booking
   WHERE desk_id = p_desk AND tax_key = p_tax_key AND status = 'booked' AND starts_at > p_now
   ORDER BY starts_at LIMIT 1;
  IF NOT FOUND THEN
    RETURN 0;
  END IF;
  RETURN notification_enqueue(e.id, 'booking_details',
    format('booking_details:%s:%s', e.id, floor(extract(epoch FROM p_now) / 3600)::bigint),
    e.starts_at, p_now, LEAST(e.starts_at, p_now + interval '1 day'));
END $$;

-- Contact verification: a desk may turn it off (it is on wherever an SMS or e-mail channel
-- carries contact_code and the desk keeps this flag).
ALTER TABLE desk ADD COLUMN contact_verification boolean NOT NULL DEFAULT true;

CREATE TABLE contact_verification (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  hold_id uuid NOT NULL REFERENCES booking(id) ON DELETE CASCADE,
  channel text NOT NULL CHECK (channel IN ('sms', 'email')),
  contact text NOT NULL CHECK (length(contact) BETWEEN 1 AND 254),
  code_hash text NOT NULL,
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  expires_at timestamptz NOT NULL,
  verified_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX contact_verification_hold_idx ON contact_verification (hold_id);
CREATE INDEX contact_verification_contact_idx ON contact_verification (contact, created_at);

-- Confirming a held place (migration 0011, redefined whole). New outcomes, each releasing the
-- hold at once: 'already_booked' (the person's booking at this desk is sent to its own
-- contact) and 'contact_limit' (recorded for the URP).
CREATE OR REPLACE FUNCTION confirm_hold(
  p_id uuid, p_token_hash text, p_actor text, p_now timestamptz, p_booking jsonb
) RETURNS TABLE (outcome text, booking jsonb)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  h booking%ROWTYPE;
  d desk%ROWTYPE;
  r booking%ROWTYPE;
  v_row jsonb;
  v_constraint text;
  v_detail text;
BEGIN
  PERFORM set_config('sportello.actor', p_actor, true), set_config('sportello.reason', '', true);
  SELECT * INTO h FROM booking b WHERE b.id = p_id FOR UPDATE;
  IF NOT FOUND OR h.hold_token_hash IS DISTINCT FROM p_token_hash THEN
    RETURN QUERY SELECT 'hold_not_found'::text, NULL::jsonb;
    RETURN;
  END IF;
  SELECT * INTO d FROM desk WHERE desk.id = h.desk_id;
  r := jsonb_populate_record(NULL::booking, p_booking);
  IF NOT d.active THEN
    RETURN QUERY SELECT 'desk_inactive'::text, NULL::jsonb;
  ELSIF NOT (r.channel = ANY (d.channels)) THEN
    RETURN QUERY SELECT 'channel_not_offered'::text, NULL::jsonb;
  ELSIF r.topic IS NOT NULL AND jsonb_array_length(d.topics) > 0
        AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(d.topics) t WHERE t->>'key' = r.topic) THEN
    RETURN QUERY SELECT 'unknown_topic'::text, NULL::jsonb;
  ELSIF h.status = 'expired' OR (h.status = 'held' AND h.hold_expires_at <= p_now) THEN
    RETURN QUERY SELECT 'lapsed'::text, NULL::jsonb;
  ELSIF h.status <> 'held' THEN
    RETURN QUERY SELECT 'hold_not_found'::text, NULL::jsonb;
  ELSE
    BEGIN
      UPDATE booking b SET status = 'booked', hold_expires_at = NULL, hold_token_hash = NULL, pin_hash = r.pin_hash,
             tax_code = r.tax_code, full_name = r.full_name, phone = r.phone, email = r.email, topic = r.topic,
             notes = r.notes, channel = r.channel, language = r.language, consent_at = r.consent_at,
             priority = COALESCE(r.priority, h.priority), source = r.source, created_by = r.created_by,
             booked_at = r.booked_at, updated_at = now()
       WHERE b.id = p_id
      RETURNING to_jsonb(b.*) INTO v_row;
    EXCEPTION WHEN unique_violation OR check_violation THEN
      GET STACKED DIAGNOSTICS v_constraint = CONSTRAINT_NAME, v_detail = PG_EXCEPTION_DETAIL;
      IF v_constraint NOT IN ('booking_one_per_person', 'booking_contact_limit') THEN
        RAISE;
      END IF;
    END;
    IF v_row IS NOT NULL THEN
      RETURN QUERY SELECT 'booked'::text, v_row;
      RETURN;
    END IF;
    -- Refused: the place goes back at once (the token is spent).
    UPDATE booking SET status = 'expired', hold_token_hash = NULL, updated_at = now() WHERE id = p_id;
    IF v_constraint = 'booking_one_per_person' THEN
      PERFORM notify_existing_booking(h.desk_id, tax_code_key(r.tax_code), p_now);
      RETURN QUERY SELECT 'already_booked'::text, NULL::jsonb;
    ELSE
      PERFORM contact_limit_record(split_part(v_detail, '/', 1), r.phone, r.email, h.desk_id);
      RETURN QUERY SELECT 'contact_limit'::text, jsonb_build_object('max', split_part(v_detail, '/', 2)::integer, 'contactKind', split_part(v_detail, '/', 1));
    END IF;
  END IF;
END
$$;
