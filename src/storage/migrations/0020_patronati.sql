-- Patronati (issue 19, section 1): organisations, their local offices and operators, their own
-- share of each desk's places, bookings made for a client under a mandate.
--
--  * patronato: an organisation (name, accreditation code) of a region; patronato_office: its
--    local offices (sedi zonali) in the provinces, each with the phone number it calls from
--    (the reception line recognises a patronato caller by it); staff_user.patronato_id: the
--    organisation a patronato operator works for (its grants say where it may book).
--  * patronato_line: the dedicated number per province that patronati call (the plan's
--    "canale telefonico"), shown to them; the reception console answers it.
--  * desk.patronato_percent: the share of each slot's places kept for patronati (100 = a
--    dedicated patronato desk), released to everyone patronato_release_hours before the slot.
--    The rule lives in booking_count_places (migration 0002, redefined whole): as for priority
--    places, the slot row's UPDATE serialises the claims of a slot and the trigger refuses the
--    claim that would eat into a share it may not use:
--      ordinary  : ordinary + max(priority reserve, taken priority) + max(patronato reserve, taken patronato) <= capacity
--      priority  : everything but the patronato share          (taken - taken patronato) + max(patronato reserve, taken patronato) <= capacity
--      patronato : everything but the priority share, unless the client is a priority citizen
--    A booking belongs to the patronato share when booking.patronato_id is set; a patronato's
--    priority client counts there only (slot.taken_priority counts the others).
--  * booking.patronato_id is written from the transaction-local setting sportello.patronato
--    (its default), so claim_place (migration 0011) inserts it without changing; a patronato
--    booking without its mandate (patronato_mandate) cannot commit (deferred constraint trigger).
--  * The citizen is told a patronato booked for them: the 'booked' event's booking_confirmed
--    jobs of a patronato booking become patronato_booked (with the organisation's name).

CREATE TABLE patronato (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 2 AND 120),
  accreditation_code text NOT NULL UNIQUE CHECK (accreditation_code ~ '^[A-Z0-9][A-Z0-9-]{1,19}$'),
  region_code text NOT NULL REFERENCES region(code),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX patronato_region_idx ON patronato (region_code);

CREATE TABLE patronato_office (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  patronato_id uuid NOT NULL REFERENCES patronato(id) ON DELETE CASCADE,
  province_code text NOT NULL REFERENCES province(code),
  name text NOT NULL CHECK (length(name) BETWEEN 2 AND 120),
  address text CHECK (length(address) <= 200),
  phone text CHECK (phone ~ '^\+[1-9][0-9]{5,14}$'),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX patronato_office_patronato_idx ON patronato_office (patronato_id);
-- One number, one local office: a caller is recognised without doubt.
CREATE UNIQUE INDEX patronato_office_phone_idx ON patronato_office (phone) WHERE phone IS NOT NULL;

ALTER TABLE staff_user ADD COLUMN patronato_id uuid REFERENCES patronato(id) ON DELETE SET NULL;
CREATE INDEX staff_user_patronato_idx ON staff_user (patronato_id) WHERE patronato_id IS NOT NULL;

CREATE TABLE patronato_line (
  province_code text PRIMARY KEY REFERENCES province(code),
  phone text NOT NULL CHECK (phone ~ '^\+[1-9][0-9]{5,14}$'),
  updated_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE desk
  ADD COLUMN patronato_percent integer NOT NULL DEFAULT 0 CHECK (patronato_percent BETWEEN 0 AND 100),
  ADD COLUMN patronato_release_hours integer NOT NULL DEFAULT 48 CHECK (patronato_release_hours BETWEEN 0 AND 720),
  ADD CONSTRAINT desk_reserved_shares CHECK (priority_percent + patronato_percent <= 100);

ALTER TABLE slot
  ADD COLUMN taken_patronato integer NOT NULL DEFAULT 0 CHECK (taken_patronato >= 0),
  ADD CONSTRAINT slot_shares_within_taken CHECK (taken_priority + taken_patronato <= taken);

ALTER TABLE booking
  ADD COLUMN patronato_id uuid REFERENCES patronato(id) DEFAULT NULLIF(current_setting('sportello.patronato', true), '')::uuid,
  ADD CONSTRAINT booking_patronato_source CHECK (patronato_id IS NULL OR source = 'patronato');
CREATE INDEX booking_patronato_idx ON booking (patronato_id, starts_at) WHERE patronato_id IS NOT NULL;

-- The mandate a patronato books under: the client's data are the booking's own (tax code, name,
-- contact); here the mandate's date and subject, the local office and the operator.
CREATE TABLE patronato_mandate (
  booking_id uuid PRIMARY KEY REFERENCES booking(id) ON DELETE CASCADE,
  patronato_id uuid NOT NULL REFERENCES patronato(id),
  patronato_office_id uuid REFERENCES patronato_office(id) ON DELETE SET NULL,
  mandate_date date NOT NULL,
  subject text NOT NULL CHECK (length(subject) BETWEEN 3 AND 200),
  created_by uuid REFERENCES staff_user(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION booking_patronato_mandate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM patronato_mandate m WHERE m.booking_id = NEW.id AND m.patronato_id = NEW.patronato_id) THEN
    RAISE EXCEPTION 'a patronato booking needs its mandate'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'booking_patronato_mandate', TABLE = 'booking';
  END IF;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER booking_patronato_mandate
  AFTER INSERT OR UPDATE OF patronato_id ON booking
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (NEW.patronato_id IS NOT NULL)
  EXECUTE FUNCTION booking_patronato_mandate();

-- Keeps slot.taken / taken_priority / taken_patronato equal to the live claims of each slot
-- and refuses a claim that eats into a share it may not use (migration 0002, redefined whole).
CREATE OR REPLACE FUNCTION booking_count_places() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_live boolean := TG_OP <> 'INSERT' AND OLD.status IN ('held', 'booked');
  new_live boolean := TG_OP <> 'DELETE' AND NEW.status IN ('held', 'booked');
  same_place boolean := TG_OP = 'UPDATE' AND OLD.desk_id = NEW.desk_id AND OLD.starts_at = NEW.starts_at
                        AND OLD.priority = NEW.priority AND OLD.patronato_id IS NOT DISTINCT FROM NEW.patronato_id;
  s slot%ROWTYPE;
  v_percent integer;
  v_hours integer;
  v_pat_reserve integer := 0;
  v_pri_reserve integer := 0;
  v_ordinary integer;
BEGIN
  IF old_live AND new_live AND same_place THEN
    RETURN NULL;
  END IF;
  IF old_live THEN
    UPDATE slot SET taken = taken - 1,
                    taken_priority = taken_priority - (OLD.priority AND OLD.patronato_id IS NULL)::int,
                    taken_patronato = taken_patronato - (OLD.patronato_id IS NOT NULL)::int
     WHERE desk_id = OLD.desk_id AND starts_at = OLD.starts_at;
  END IF;
  IF new_live THEN
    UPDATE slot SET taken = taken + 1,
                    taken_priority = taken_priority + (NEW.priority AND NEW.patronato_id IS NULL)::int,
                    taken_patronato = taken_patronato + (NEW.patronato_id IS NOT NULL)::int
     WHERE desk_id = NEW.desk_id AND starts_at = NEW.starts_at
     RETURNING * INTO s;
    IF s.reserved > 0 AND s.reserved_until > now() THEN
      v_pri_reserve := s.reserved;
    END IF;
    SELECT d.patronato_percent, d.patronato_release_hours INTO v_percent, v_hours FROM desk d WHERE d.id = NEW.desk_id;
    IF v_percent > 0 AND s.starts_at - make_interval(hours => v_hours) > now() THEN
      v_pat_reserve := (s.capacity * v_percent) / 100;
    END IF;
    v_ordinary := s.taken - s.taken_priority - s.taken_patronato;
    IF NEW.patronato_id IS NOT NULL THEN
      IF NOT NEW.priority AND v_ordinary + s.taken_patronato + GREATEST(v_pri_reserve, s.taken_priority) > s.capacity THEN
        RAISE EXCEPTION 'no place left for patronati in this slot: the rest is reserved for priority citizens'
          USING ERRCODE = 'check_violation', CONSTRAINT = 'slot_priority_reserved', TABLE = 'slot';
      END IF;
    ELSIF NEW.priority THEN
      IF v_ordinary + s.taken_priority + GREATEST(v_pat_reserve, s.taken_patronato) > s.capacity THEN
        RAISE EXCEPTION 'no place left in this slot: the rest is reserved for patronati'
          USING ERRCODE = 'check_violation', CONSTRAINT = 'slot_patronato_reserved', TABLE = 'slot';
      END IF;
    ELSIF v_ordinary + GREATEST(v_pri_reserve, s.taken_priority) + GREATEST(v_pat_reserve, s.taken_patronato) > s.capacity THEN
      IF v_pat_reserve > s.taken_patronato THEN
        RAISE EXCEPTION 'no ordinary place left in this slot: the rest is reserved for patronati'
          USING ERRCODE = 'check_violation', CONSTRAINT = 'slot_patronato_reserved', TABLE = 'slot';
      END IF;
      RAISE EXCEPTION 'no ordinary place left in this slot: the rest is reserved for priority citizens'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'slot_priority_reserved', TABLE = 'slot';
    END IF;
  END IF;
  RETURN NULL;
END $$;

-- The notice that a patronato booked for the citizen (see above). Fired after
-- notification_on_booking_event (triggers on one event fire in name order).
CREATE FUNCTION patronato_on_booking_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_name text;
BEGIN
  IF NEW.kind <> 'booked' THEN
    RETURN NULL;
  END IF;
  SELECT p.name INTO v_name FROM booking b JOIN patronato p ON p.id = b.patronato_id WHERE b.id = NEW.booking_id;
  IF v_name IS NULL THEN
    RETURN NULL;
  END IF;
  UPDATE notification_job SET kind = 'patronato_booked', data = data || jsonb_build_object('patronato', v_name)
   WHERE event_key = 'event:' || NEW.id AND kind = 'booking_confirmed';
  RETURN NULL;
END $$;

CREATE TRIGGER patronato_on_booking_event
  AFTER INSERT ON booking_event
  FOR EACH ROW EXECUTE FUNCTION patronato_on_booking_event();

ALTER TABLE notification_job DROP CONSTRAINT notification_job_kind_check;
ALTER TABLE notification_job ADD CONSTRAINT notification_job_kind_check
  CHECK (kind IN ('booking_confirmed', 'booking_moved', 'booking_cancelled', 'reminder', 'no_answer', 'desk_delay', 'waitlist_offer', 'booking_details', 'contact_code', 'patronato_booked'));
ALTER TABLE notification_template DROP CONSTRAINT notification_template_kind_check;
ALTER TABLE notification_template ADD CONSTRAINT notification_template_kind_check
  CHECK (kind IN ('booking_confirmed', 'booking_moved', 'booking_cancelled', 'reminder', 'no_answer', 'desk_delay', 'waitlist_offer', 'booking_details', 'contact_code', 'patronato_booked'));
ALTER TABLE notification_channel ALTER COLUMN kinds
  SET DEFAULT ARRAY['booking_confirmed', 'booking_moved', 'booking_cancelled', 'reminder', 'no_answer', 'desk_delay', 'waitlist_offer', 'booking_details', 'contact_code', 'patronato_booked'];
UPDATE notification_channel SET kinds = kinds || ARRAY['patronato_booked'] WHERE NOT ('patronato_booked' = ANY (kinds));
