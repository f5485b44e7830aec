-- Booking engine. The rules hold in the database itself, whatever the code above it does:
--  * slot.taken counts the live claims (holds and bookings) of a slot; triggers keep it
--    exact and CHECK (taken <= capacity) refuses overbooking under any concurrency
--    (the UPDATE of the slot row serialises claims on one slot);
--  * priority places: until reserved_until, ordinary bookings may not eat into them;
--  * one active future booking per tax code and desk (desk.max_active_per_person),
--    checked under a transaction-level advisory lock on (desk, tax code);
--  * every status change is written to booking_event by trigger.

ALTER TABLE desk
  ADD COLUMN hold_minutes integer NOT NULL DEFAULT 10 CHECK (hold_minutes BETWEEN 1 AND 120),
  ADD COLUMN max_active_per_person integer DEFAULT 1 CHECK (max_active_per_person BETWEEN 1 AND 100),
  ADD COLUMN release_weekday smallint CHECK (release_weekday BETWEEN 1 AND 7),
  ADD COLUMN release_time time,
  ADD COLUMN release_weeks_ahead smallint NOT NULL DEFAULT 1 CHECK (release_weeks_ahead BETWEEN 0 AND 52),
  ADD COLUMN priority_percent integer NOT NULL DEFAULT 0 CHECK (priority_percent BETWEEN 0 AND 100),
  ADD COLUMN priority_release_hours integer NOT NULL DEFAULT 24 CHECK (priority_release_hours BETWEEN 0 AND 720),
  ADD COLUMN waitlist_offer_minutes integer NOT NULL DEFAULT 120 CHECK (waitlist_offer_minutes BETWEEN 5 AND 10080),
  ADD CONSTRAINT desk_release_rule CHECK ((release_weekday IS NULL) = (release_time IS NULL));

CREATE TABLE slot (
  desk_id uuid NOT NULL REFERENCES desk(id) ON DELETE CASCADE,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  capacity integer NOT NULL CHECK (capacity BETWEEN 0 AND 200),
  reserved integer NOT NULL DEFAULT 0,
  reserved_until timestamptz,
  taken integer NOT NULL DEFAULT 0 CHECK (taken >= 0),
  taken_priority integer NOT NULL DEFAULT 0 CHECK (taken_priority >= 0),
  PRIMARY KEY (desk_id, starts_at),
  CHECK (ends_at > starts_at),
  CONSTRAINT slot_reserved_range CHECK (reserved BETWEEN 0 AND capacity),
  CONSTRAINT slot_priority_within_taken CHECK (taken_priority <= taken),
  CONSTRAINT slot_capacity CHECK (taken <= capacity)
);

CREATE TABLE booking (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  desk_id uuid NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('held', 'booked', 'cancelled', 'expired')),
  code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9]{2,10}-[0-9]{1,3}-[2-9A-HJKMNP-Z]{5}$'),
  hold_expires_at timestamptz,
  hold_token_hash text,
  pin_hash text,
  pin_failures integer NOT NULL DEFAULT 0 CHECK (pin_failures >= 0),
  tax_code text CHECK (tax_code ~ '^[A-Z0-9]{16}$'),
  full_name text CHECK (length(full_name) BETWEEN 1 AND 120),
  phone text CHECK (phone ~ '^\+[1-9][0-9]{5,14}$'),
  email text CHECK (length(email) <= 254),
  topic text CHECK (length(topic) <= 40),
  notes text CHECK (length(notes) <= 500),
  channel text NOT NULL DEFAULT 'phone' CHECK (channel IN ('phone', 'video')),
  language text NOT NULL DEFAULT 'it' CHECK (language IN ('it', 'en')),
  consent_at timestamptz,
  priority boolean NOT NULL DEFAULT false,
  source text NOT NULL DEFAULT 'web' CHECK (source IN ('web', 'reception', 'patronato', 'staff')),
  created_by uuid REFERENCES staff_user(id),
  waitlist_entry_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  booked_at timestamptz,
  cancelled_at timestamptz,
  cancel_reason text CHECK (length(cancel_reason) <= 300),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (desk_id, starts_at) REFERENCES slot (desk_id, starts_at),
  CONSTRAINT booking_hold_expiry CHECK (status <> 'held' OR hold_expires_at IS NOT NULL),
  CONSTRAINT booking_person CHECK (status <> 'booked' OR (tax_code IS NOT NULL AND full_name IS NOT NULL AND phone IS NOT NULL AND pin_hash IS NOT NULL AND consent_at IS NOT NULL))
);
CREATE INDEX booking_slot_held_idx ON booking (desk_id, starts_at) WHERE status = 'held';
CREATE INDEX booking_person_idx ON booking (desk_id, tax_code) WHERE status = 'booked';
CREATE INDEX booking_tax_code_idx ON booking (tax_code);
CREATE INDEX booking_desk_time_idx ON booking (desk_id, starts_at);

CREATE TABLE booking_event (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  booking_id uuid NOT NULL REFERENCES booking(id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  kind text NOT NULL,
  actor text NOT NULL,
  from_starts_at timestamptz,
  to_starts_at timestamptz,
  detail text
);
CREATE INDEX booking_event_booking_idx ON booking_event (booking_id, id);

CREATE TABLE waitlist_entry (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  desk_id uuid NOT NULL REFERENCES desk(id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'offered', 'booked', 'expired', 'left')),
  token_hash text NOT NULL,
  tax_code text NOT NULL CHECK (tax_code ~ '^[A-Z0-9]{16}$'),
  full_name text NOT NULL CHECK (length(full_name) BETWEEN 1 AND 120),
  phone text NOT NULL CHECK (phone ~ '^\+[1-9][0-9]{5,14}$'),
  email text CHECK (length(email) <= 254),
  topic text CHECK (length(topic) <= 40),
  notes text CHECK (length(notes) <= 500),
  channel text NOT NULL DEFAULT 'phone' CHECK (channel IN ('phone', 'video')),
  language text NOT NULL DEFAULT 'it' CHECK (language IN ('it', 'en')),
  priority boolean NOT NULL DEFAULT false,
  consent_at timestamptz NOT NULL,
  offered_booking_id uuid REFERENCES booking(id),
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT waitlist_offer CHECK (status <> 'offered' OR offered_booking_id IS NOT NULL)
);
CREATE UNIQUE INDEX waitlist_one_per_person ON waitlist_entry (desk_id, tax_code) WHERE status IN ('waiting', 'offered');
CREATE INDEX waitlist_queue_idx ON waitlist_entry (desk_id, created_at) WHERE status = 'waiting';
ALTER TABLE booking ADD CONSTRAINT booking_waitlist_fk FOREIGN KEY (waitlist_entry_id) REFERENCES waitlist_entry(id);

-- Idempotency-Key: the first result of a request, replayed to its retries. The key is kept
-- only as a hash and the stored response is encrypted with a key derived from the raw key,
-- so the PIN of a new booking never lies in clear in the database.
CREATE TABLE idempotency_record (
  scope text NOT NULL,
  key_hash text NOT NULL,
  request_hash text NOT NULL,
  status integer NOT NULL,
  response bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key_hash)
);
CREATE INDEX idempotency_created_idx ON idempotency_record (created_at);

-- Keeps slot.taken / taken_priority equal to the live claims of each slot.
CREATE FUNCTION booking_count_places() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_live boolean := TG_OP <> 'INSERT' AND OLD.status IN ('held', 'booked');
  new_live boolean := TG_OP <> 'DELETE' AND NEW.status IN ('held', 'booked');
  same_place boolean := TG_OP = 'UPDATE' AND OLD.desk_id = NEW.desk_id AND OLD.starts_at = NEW.starts_at AND OLD.priority = NEW.priority;
  s slot%ROWTYPE;
BEGIN
  IF old_live AND new_live AND same_place THEN
    RETURN NULL;
  END IF;
  IF old_live THEN
    UPDATE slot SET taken = taken - 1, taken_priority = taken_priority - OLD.priority::int
     WHERE desk_id = OLD.desk_id AND starts_at = OLD.starts_at;
  END IF;
  IF new_live THEN
    UPDATE slot SET taken = taken + 1, taken_priority = taken_priority + NEW.priority::int
     WHERE desk_id = NEW.desk_id AND starts_at = NEW.starts_at
     RETURNING * INTO s;
    IF NOT NEW.priority AND s.reserved > 0 AND s.reserved_until > now()
       AND (s.taken - s.taken_priority) + GREATEST(s.reserved, s.taken_priority) > s.capacity THEN
      RAISE EXCEPTION 'no ordinary place left in this slot: the rest is reserved for priority citizens'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'slot_priority_reserved', TABLE = 'slot';
    END IF;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER booking_count_places
  AFTER INSERT OR DELETE OR UPDATE OF status, desk_id, starts_at, priority ON booking
  FOR EACH ROW EXECUTE FUNCTION booking_count_places();

-- One active future booking per tax code and desk (when the desk sets a limit).
CREATE FUNCTION booking_limit_per_person() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  lim integer;
  existing text;
  n integer;
BEGIN
  IF NEW.status <> 'booked' OR NEW.tax_code IS NULL OR NEW.starts_at <= now() THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.status = 'booked' AND OLD.tax_code = NEW.tax_code AND OLD.desk_id = NEW.desk_id THEN
    RETURN NEW; -- a move or an edit of a booking already counted
  END IF;
  SELECT max_active_per_person INTO lim FROM desk WHERE id = NEW.desk_id;
  IF lim IS NULL THEN
    RETURN NEW;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended(NEW.desk_id::text || '/' || NEW.tax_code, 0));
  SELECT count(*), min(code) INTO n, existing FROM booking
   WHERE desk_id = NEW.desk_id AND tax_code = NEW.tax_code AND status = 'booked'
     AND starts_at > now() AND id <> NEW.id;
  IF n >= lim THEN
    RAISE EXCEPTION 'this person already has an active booking at this desk'
      USING ERRCODE = 'unique_violation', CONSTRAINT = 'booking_one_per_person', TABLE = 'booking', DETAIL = existing;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER booking_limit_per_person
  BEFORE INSERT OR UPDATE OF status, tax_code, desk_id ON booking
  FOR EACH ROW EXECUTE FUNCTION booking_limit_per_person();

-- History: who did what and when. The actor is set per transaction by the application
-- (SELECT set_config('sportello.actor', 'staff:<id>', true)); 'system' otherwise.
CREATE FUNCTION booking_history() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  who text := COALESCE(NULLIF(current_setting('sportello.actor', true), ''), 'system');
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO booking_event (booking_id, kind, actor, to_starts_at) VALUES (NEW.id, NEW.status, who, NEW.starts_at);
  ELSIF OLD.starts_at <> NEW.starts_at THEN
    INSERT INTO booking_event (booking_id, kind, actor, from_starts_at, to_starts_at, detail)
      VALUES (NEW.id, 'moved', who, OLD.starts_at, NEW.starts_at, NULLIF(current_setting('sportello.reason', true), ''));
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.status <> NEW.status THEN
    INSERT INTO booking_event (booking_id, kind, actor, to_starts_at, detail)
      VALUES (NEW.id, NEW.status, who, NEW.starts_at, CASE WHEN NEW.status = 'cancelled' THEN NEW.cancel_reason END);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER booking_history
  AFTER INSERT OR UPDATE OF status, starts_at ON booking
  FOR EACH ROW EXECUTE FUNCTION booking_history();
