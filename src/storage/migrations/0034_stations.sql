-- Municipal stations (postazioni comunali, docs/stations.md): a webcam kiosk hosted by a Comune
-- where the agency has no office, attached to one desk of an office that offers video. Citizens
-- book "at the station of Comune X": the station's opening hours limit the slots, checked here
-- for every booking that names a station (the app checks them too, to say so early).

-- A desk's id with its office, so that a station's desk is one of its own office's desks.
CREATE UNIQUE INDEX desk_id_office ON desk (id, office_id);

CREATE TABLE station (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  office_id uuid NOT NULL REFERENCES office(id) ON DELETE CASCADE,
  desk_id uuid NOT NULL,
  comune text NOT NULL CHECK (length(comune) BETWEEN 1 AND 80),
  province_code text NOT NULL CHECK (province_code ~ '^[A-Z]{2}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  address text NOT NULL CHECK (length(address) BETWEEN 1 AND 200),
  accessibility text NOT NULL DEFAULT '' CHECK (length(accessibility) <= 500),
  active boolean NOT NULL DEFAULT true,
  created_by uuid REFERENCES staff_user(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (desk_id, office_id) REFERENCES desk (id, office_id) ON DELETE CASCADE,
  CONSTRAINT station_one_per_name UNIQUE (office_id, comune, name)
);
CREATE INDEX station_desk_idx ON station (desk_id);

-- Weekly opening hours, Europe/Rome local time: weekday 1 (Monday) … 7, minutes from midnight.
CREATE TABLE station_hours (
  station_id uuid NOT NULL REFERENCES station(id) ON DELETE CASCADE,
  weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  opens_min smallint NOT NULL CHECK (opens_min BETWEEN 0 AND 1439),
  closes_min smallint NOT NULL CHECK (closes_min BETWEEN 1 AND 1440),
  CHECK (opens_min < closes_min),
  PRIMARY KEY (station_id, weekday, opens_min)
);

-- One-time enrolment codes: short, expiring, single use; only their hash is kept.
CREATE TABLE station_enrolment (
  code_hash text PRIMARY KEY,
  station_id uuid NOT NULL REFERENCES station(id) ON DELETE CASCADE,
  created_by uuid REFERENCES staff_user(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  device_id uuid,
  CHECK (expires_at > created_at),
  CHECK ((used_at IS NULL) = (device_id IS NULL))
);

-- Enrolled devices: a long-lived token (its hash only), revocable; the heartbeat's last sign of life.
CREATE TABLE station_device (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  station_id uuid NOT NULL REFERENCES station(id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  enrolled_at timestamptz NOT NULL,
  last_seen_at timestamptz,
  revoked_at timestamptz,
  revoked_by uuid REFERENCES staff_user(id) ON DELETE SET NULL,
  user_agent text CHECK (length(user_agent) <= 400)
);
CREATE INDEX station_device_station_idx ON station_device (station_id) WHERE revoked_at IS NULL;

-- Whether a station is open over [starts, ends) (Europe/Rome): one opening interval holds it all.
CREATE FUNCTION station_covers(p_station uuid, p_starts timestamptz, p_ends timestamptz) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1 FROM station_hours h,
           LATERAL (SELECT p_starts AT TIME ZONE 'Europe/Rome' AS ls, p_ends AT TIME ZONE 'Europe/Rome' AS le) l
     WHERE h.station_id = p_station
       AND h.weekday = extract(isodow FROM l.ls)
       AND h.opens_min <= extract(epoch FROM l.ls - date_trunc('day', l.ls)) / 60
       AND h.closes_min >= extract(epoch FROM l.le - date_trunc('day', l.ls)) / 60)
$$;

-- A booking at a station: always video, on the station's desk, inside its hours.
ALTER TABLE booking ADD COLUMN station_id uuid REFERENCES station(id);
-- The station was offline when the appointment came near: the operator phones instead (docs/stations.md).
ALTER TABLE booking ADD COLUMN phone_instead_at timestamptz;
ALTER TABLE booking ADD COLUMN phone_instead_reason text CHECK (phone_instead_reason IN ('station_offline', 'video_unavailable'));
ALTER TABLE booking ADD CONSTRAINT booking_station_video CHECK (station_id IS NULL OR channel = 'video');
ALTER TABLE booking ADD CONSTRAINT booking_phone_instead CHECK ((phone_instead_at IS NULL) = (phone_instead_reason IS NULL));
CREATE INDEX booking_station_idx ON booking (station_id, starts_at) WHERE station_id IS NOT NULL;

-- A booking becomes a station's when it is booked in a transaction that set `sportello.station`
-- (src/stations/book-at-station.ts); every booked station booking (new, moved) is checked.
CREATE FUNCTION booking_station_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v text;
  s station%ROWTYPE;
BEGIN
  IF NEW.status = 'booked' AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM 'booked') THEN
    v := NULLIF(current_setting('sportello.station', true), '');
    IF v IS NOT NULL THEN
      NEW.station_id := v::uuid;
    END IF;
  END IF;
  IF NEW.station_id IS NULL OR NEW.status <> 'booked' THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.status = 'booked' AND OLD.station_id IS NOT DISTINCT FROM NEW.station_id
     AND OLD.desk_id = NEW.desk_id AND OLD.starts_at = NEW.starts_at AND OLD.ends_at = NEW.ends_at THEN
    RETURN NEW;
  END IF;
  SELECT * INTO s FROM station WHERE id = NEW.station_id;
  IF NOT FOUND OR NOT s.active OR s.desk_id <> NEW.desk_id THEN
    RAISE EXCEPTION 'station % does not take bookings of this desk', NEW.station_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'booking_station_desk';
  END IF;
  IF NOT station_covers(NEW.station_id, NEW.starts_at, NEW.ends_at) THEN
    RAISE EXCEPTION 'station % is closed at %', NEW.station_id, NEW.starts_at
      USING ERRCODE = 'check_violation', CONSTRAINT = 'booking_station_hours';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER booking_station BEFORE INSERT OR UPDATE ON booking
  FOR EACH ROW EXECUTE FUNCTION booking_station_check();

-- The URP alert of a station offline during its opening hours (one open alert per desk).
ALTER TABLE monitoring_alert DROP CONSTRAINT monitoring_alert_code_check;
ALTER TABLE monitoring_alert ADD CONSTRAINT monitoring_alert_code_check
  CHECK (code IN ('lead_time', 'no_answer_rate', 'overrun_rate', 'station_offline'));

-- Every notification kind the code knows (src/notifications/kinds.ts), as 0029, plus
-- station_phone_instead (the station is offline or the video could not start: the operator phones).
ALTER TABLE notification_job DROP CONSTRAINT notification_job_kind_check;
ALTER TABLE notification_job ADD CONSTRAINT notification_job_kind_check
  CHECK (kind IN ('booking_confirmed', 'booking_moved', 'booking_cancelled', 'reminder', 'no_answer', 'desk_delay', 'waitlist_offer', 'booking_details', 'contact_code', 'follow_up_booked', 'documents_needed', 'patronato_booked', 'drawer_registered', 'drawer_in_charge', 'drawer_answered', 'drawer_closed', 'drawer_deadline', 'booking_resent', 'waitlist_joined', 'station_phone_instead'));
ALTER TABLE notification_template DROP CONSTRAINT notification_template_kind_check;
ALTER TABLE notification_template ADD CONSTRAINT notification_template_kind_check
  CHECK (kind IN ('booking_confirmed', 'booking_moved', 'booking_cancelled', 'reminder', 'no_answer', 'desk_delay', 'waitlist_offer', 'booking_details', 'contact_code', 'follow_up_booked', 'documents_needed', 'patronato_booked', 'drawer_registered', 'drawer_in_charge', 'drawer_answered', 'drawer_closed', 'drawer_deadline', 'booking_resent', 'waitlist_joined', 'station_phone_instead'));
ALTER TABLE notification_channel ALTER COLUMN kinds
  SET DEFAULT ARRAY['booking_confirmed', 'booking_moved', 'booking_cancelled', 'reminder', 'no_answer', 'desk_delay', 'waitlist_offer', 'booking_details', 'contact_code', 'follow_up_booked', 'documents_needed', 'patronato_booked', 'drawer_registered', 'drawer_in_charge', 'drawer_answered', 'drawer_closed', 'drawer_deadline', 'booking_resent', 'waitlist_joined', 'station_phone_instead'];
UPDATE notification_channel SET kinds = kinds || ARRAY['station_phone_instead'] WHERE 'booking_confirmed' = ANY (kinds) AND NOT ('station_phone_instead' = ANY (kinds));
