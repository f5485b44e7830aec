-- Notifications: a durable queue kept in PostgreSQL (the same tables and statements on
-- PGlite and on a server), filled by the database itself in the transaction that changes
-- a booking, and emptied by workers that claim jobs with FOR UPDATE SKIP LOCKED.
--  * notification_job: one row per (event, channel) — UNIQUE (event_key, channel) makes
--    "one send per event and channel" an invariant of the database, not of the code;
--  * a trigger on booking_event (written by trigger for every status change and move)
--    enqueues confirmations, moves, cancellations, waiting-list offers and reminders;
--  * reminders are keyed to the booking's start: a move or a cancellation makes the old
--    ones obsolete in the same transaction, and the worker checks again before sending;
--  * no personal data in the queue: a job names the booking, the worker reads the contact
--    at send time (a pseudonymised booking gets nothing).

-- Reminders per desk: minutes before the start (default 24 h and 1 h; empty = none).
-- caller_phone: the number the desk calls from, shown in confirmations and reminders.
ALTER TABLE desk
  ADD COLUMN reminder_minutes integer[] NOT NULL DEFAULT ARRAY[1440, 60]
    CONSTRAINT desk_reminder_minutes CHECK (cardinality(reminder_minutes) <= 5 AND 5 <= ALL (reminder_minutes) AND 20160 >= ALL (reminder_minutes)),
  ADD COLUMN caller_phone text CONSTRAINT desk_caller_phone CHECK (caller_phone ~ '^\+[1-9][0-9]{5,14}$');

-- The channels this deployment sends through, and which events each carries. Written by
-- the worker at start from its configuration (SMTP_URL, SMS_*, APPIO_*, *_EVENTS).
CREATE TABLE notification_channel (
  channel text PRIMARY KEY CHECK (channel IN ('email', 'sms', 'appio')),
  enabled boolean NOT NULL DEFAULT false,
  kinds text[] NOT NULL DEFAULT ARRAY['booking_confirmed', 'booking_moved', 'booking_cancelled', 'reminder', 'no_answer', 'desk_delay', 'waitlist_offer'],
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO notification_channel (channel) VALUES ('email'), ('sms'), ('appio');

CREATE TABLE notification_job (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- What happened, once: 'event:<booking_event id>', 'reminder:<booking>:<minutes>:<start>',
  -- or a key chosen by the caller of enqueueNotification (e.g. 'no_answer:<booking>').
  event_key text NOT NULL CHECK (length(event_key) BETWEEN 1 AND 200),
  kind text NOT NULL CHECK (kind IN ('booking_confirmed', 'booking_moved', 'booking_cancelled', 'reminder', 'no_answer', 'desk_delay', 'waitlist_offer')),
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'appio')),
  booking_id uuid NOT NULL REFERENCES booking(id) ON DELETE CASCADE,
  booking_event_id bigint,
  -- The booking start the message is about: a message about another start is stale.
  starts_at timestamptz NOT NULL,
  data jsonb NOT NULL DEFAULT '{}',
  -- pending → claimed (in a worker's batch) → sending (handed to the provider) → sent;
  -- or back to pending (retry, with run_after), undeliverable (bad address: never retried),
  -- dead (gave up: visible to admins, can be retried), obsolete (no longer true), expired
  -- (its moment passed before any attempt).
  state text NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending', 'claimed', 'sending', 'sent', 'undeliverable', 'dead', 'obsolete', 'expired')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  run_after timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  worker text,
  lease_until timestamptz,
  -- Times a worker died while this job was with the provider (outcome unknown, resent with
  -- the same idempotency key).
  in_doubt integer NOT NULL DEFAULT 0,
  provider_id text,
  last_error text CHECK (length(last_error) <= 500),
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  sent_at timestamptz,
  CONSTRAINT notification_once UNIQUE (event_key, channel),
  CONSTRAINT notification_lease CHECK ((state IN ('claimed', 'sending')) = (lease_until IS NOT NULL))
);
CREATE INDEX notification_job_due_idx ON notification_job (run_after) WHERE state = 'pending';
CREATE INDEX notification_job_lease_idx ON notification_job (lease_until) WHERE state IN ('claimed', 'sending');
CREATE INDEX notification_job_booking_idx ON notification_job (booking_id);
CREATE INDEX notification_job_failed_idx ON notification_job (updated_at DESC) WHERE state IN ('dead', 'undeliverable');

-- Admin-edited templates (the built-in defaults live in the code; a row here overrides one).
CREATE TABLE notification_template (
  kind text NOT NULL CHECK (kind IN ('booking_confirmed', 'booking_moved', 'booking_cancelled', 'reminder', 'no_answer', 'desk_delay', 'waitlist_offer')),
  language text NOT NULL CHECK (language IN ('it', 'en')),
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'appio')),
  subject text CHECK (length(subject) <= 200),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 8000),
  updated_by uuid REFERENCES staff_user(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, language, channel)
);

-- Enqueues one job per enabled channel that carries this kind and has a contact for the
-- booking (the waiting-list entry's, for a place on offer). A key already queued is left
-- alone — unless it was made obsolete (a booking moved back to a start it had before), then
-- it is due again. Returns the number of jobs queued.
CREATE FUNCTION notification_enqueue(
  p_booking uuid, p_kind text, p_key text, p_starts timestamptz, p_run_after timestamptz,
  p_expires timestamptz, p_data jsonb DEFAULT '{}', p_event bigint DEFAULT NULL
) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  v_email text;
  v_phone text;
  v_tax text;
  c record;
  n integer := 0;
  k integer;
BEGIN
  SELECT COALESCE(b.email, w.email), COALESCE(b.phone, w.phone), COALESCE(b.tax_code, w.tax_code)
    INTO v_email, v_phone, v_tax
    FROM booking b LEFT JOIN waitlist_entry w ON w.id = b.waitlist_entry_id
   WHERE b.id = p_booking;
  IF NOT FOUND THEN
    RETURN 0;
  END IF;
  FOR c IN SELECT channel FROM notification_channel WHERE enabled AND p_kind = ANY (kinds) ORDER BY channel LOOP
    CONTINUE WHEN c.channel = 'email' AND v_email IS NULL;
    CONTINUE WHEN c.channel = 'sms' AND v_phone IS NULL;
    CONTINUE WHEN c.channel = 'appio' AND (v_tax IS NULL OR v_tax !~ '^[A-Z]{6}');
    INSERT INTO notification_job (event_key, kind, channel, booking_id, booking_event_id, starts_at, data, run_after, expires_at)
    VALUES (p_key, p_kind, c.channel, p_booking, p_event, p_starts, COALESCE(p_data, '{}'), p_run_after, p_expires)
    ON CONFLICT (event_key, channel) DO UPDATE
      SET state = 'pending', attempts = 0, run_after = EXCLUDED.run_after, expires_at = EXCLUDED.expires_at,
          last_error = NULL, updated_at = clock_timestamp()
      WHERE notification_job.state = 'obsolete';
    GET DIAGNOSTICS k = ROW_COUNT;
    n := n + k;
  END LOOP;
  RETURN n;
END $$;

-- The desk's reminders for a booking at p_starts (those whose time has not passed yet).
CREATE FUNCTION notification_schedule_reminders(p_booking uuid, p_desk uuid, p_starts timestamptz) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  m integer;
  n integer := 0;
BEGIN
  FOR m IN SELECT unnest(reminder_minutes) FROM desk WHERE id = p_desk LOOP
    IF p_starts - make_interval(mins => m) > now() THEN
      n := n + notification_enqueue(p_booking, 'reminder',
        format('reminder:%s:%s:%s', p_booking, m, floor(extract(epoch FROM p_starts))::bigint),
        p_starts, p_starts - make_interval(mins => m), p_starts, jsonb_build_object('minutesBefore', m));
    END IF;
  END LOOP;
  RETURN n;
END $$;

-- Every booking change is already written to booking_event (by trigger, in the changing
-- transaction): the notifications it calls for are queued right here, atomically with it.
CREATE FUNCTION notification_on_booking_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  b record;
BEGIN
  IF NEW.kind = 'held' AND NOT EXISTS (SELECT 1 FROM booking WHERE id = NEW.booking_id AND waitlist_entry_id IS NOT NULL) THEN
    RETURN NULL; -- an ordinary hold: nothing to say (the common case of the booking hot path)
  END IF;
  IF NEW.kind IN ('booked', 'held') AND NOT EXISTS (SELECT 1 FROM notification_channel WHERE enabled) THEN
    RETURN NULL; -- no channel on: nothing to queue (moves and cancellations still tidy what was queued)
  END IF;
  SELECT id, desk_id, status, waitlist_entry_id, hold_expires_at INTO b FROM booking WHERE id = NEW.booking_id;
  IF NEW.kind = 'booked' THEN
    PERFORM notification_enqueue(b.id, 'booking_confirmed', 'event:' || NEW.id, NEW.to_starts_at, now(), NEW.to_starts_at, '{}', NEW.id);
    PERFORM notification_schedule_reminders(b.id, b.desk_id, NEW.to_starts_at);
  ELSIF NEW.kind = 'moved' THEN
    -- What was queued about the old start is no longer true.
    UPDATE notification_job SET state = 'obsolete', updated_at = clock_timestamp()
     WHERE booking_id = b.id AND state = 'pending' AND starts_at <> NEW.to_starts_at
       AND kind IN ('booking_confirmed', 'booking_moved', 'reminder', 'desk_delay', 'no_answer');
    IF b.status = 'booked' THEN
      PERFORM notification_enqueue(b.id, 'booking_moved', 'event:' || NEW.id, NEW.to_starts_at, now(), NEW.to_starts_at,
        jsonb_build_object('from', NEW.from_starts_at), NEW.id);
      PERFORM notification_schedule_reminders(b.id, b.desk_id, NEW.to_starts_at);
    END IF;
  ELSIF NEW.kind = 'cancelled' THEN
    UPDATE notification_job SET state = 'obsolete', updated_at = clock_timestamp()
     WHERE booking_id = b.id AND state = 'pending';
    PERFORM notification_enqueue(b.id, 'booking_cancelled', 'event:' || NEW.id, NEW.to_starts_at, now(), NEW.to_starts_at, '{}', NEW.id);
  ELSIF NEW.kind = 'held' AND b.waitlist_entry_id IS NOT NULL THEN
    PERFORM notification_enqueue(b.id, 'waitlist_offer', 'event:' || NEW.id, NEW.to_starts_at, now(),
      COALESCE(b.hold_expires_at, NEW.to_starts_at), '{}', NEW.id);
  ELSIF NEW.kind = 'expired' THEN
    UPDATE notification_job SET state = 'obsolete', updated_at = clock_timestamp()
     WHERE booking_id = b.id AND state = 'pending' AND kind = 'waitlist_offer';
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER notification_on_booking_event
  AFTER INSERT ON booking_event
  FOR EACH ROW EXECUTE FUNCTION notification_on_booking_event();
