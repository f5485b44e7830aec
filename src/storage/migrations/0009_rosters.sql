-- Duty rosters (issue 10): which operators serve which desk on which weekdays or dates and
-- hours, and their absences (sick leave, training…) entered by the office admin. A desk whose
-- places follow the roster offers, in each slot, min(the pattern's places, the operators whose
-- shift covers the whole slot and who are not absent that day).
-- Invariants held here: a shift is weekly or dated (never both), from < to, an operator's
-- weekly shifts at a desk never overlap on one weekday (nor dated ones on one date), an
-- absence ends on or after its start. Any change bumps the calendar version of the desks it
-- touches (see 0008), so bookings in flight re-read the calendar.

ALTER TABLE desk ADD COLUMN places_follow_roster boolean NOT NULL DEFAULT false;

CREATE TABLE roster_shift (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  desk_id uuid NOT NULL REFERENCES desk(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES staff_user(id) ON DELETE CASCADE,
  weekday smallint CHECK (weekday BETWEEN 1 AND 7),
  day date,
  opens time NOT NULL,
  closes time NOT NULL,
  CHECK ((weekday IS NULL) <> (day IS NULL)),
  CHECK (opens < closes),
  CONSTRAINT roster_shift_weekly_no_overlap
    EXCLUDE USING gist (desk_id WITH =, user_id WITH =, weekday WITH =, timerange(opens, closes) WITH &&) WHERE (weekday IS NOT NULL),
  CONSTRAINT roster_shift_dated_no_overlap
    EXCLUDE USING gist (desk_id WITH =, user_id WITH =, day WITH =, timerange(opens, closes) WITH &&) WHERE (day IS NOT NULL)
);
CREATE INDEX roster_shift_desk_idx ON roster_shift (desk_id);
CREATE INDEX roster_shift_user_idx ON roster_shift (user_id);

CREATE TABLE staff_absence (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  office_id uuid NOT NULL REFERENCES office(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES staff_user(id) ON DELETE CASCADE,
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('sick_leave', 'training', 'leave', 'other')),
  note text CHECK (length(note) <= 300),
  created_by uuid REFERENCES staff_user(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (starts_on <= ends_on)
);
CREATE INDEX staff_absence_office_idx ON staff_absence (office_id, ends_on);
CREATE INDEX staff_absence_user_idx ON staff_absence (user_id, starts_on);

CREATE TRIGGER roster_shift_bump AFTER INSERT OR UPDATE OR DELETE ON roster_shift
  FOR EACH ROW EXECUTE FUNCTION desk_calendar_bump();

-- An absence touches the desks of its office.
CREATE FUNCTION staff_absence_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE desk SET calendar_version = calendar_version + 1
   WHERE office_id IN (SELECT office_id FROM (SELECT NEW.office_id AS office_id UNION SELECT OLD.office_id) x WHERE office_id IS NOT NULL);
  RETURN NULL;
END $$;
CREATE TRIGGER staff_absence_bump AFTER INSERT OR UPDATE OR DELETE ON staff_absence
  FOR EACH ROW EXECUTE FUNCTION staff_absence_bump();

-- The settings that change slots now include places_follow_roster.
CREATE OR REPLACE FUNCTION desk_settings_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD.slot_minutes, OLD.horizon_days, OLD.min_notice_minutes, OLD.release_weekday, OLD.release_time,
      OLD.release_weeks_ahead, OLD.priority_percent, OLD.priority_release_hours, OLD.active, OLD.places_follow_roster)
     IS DISTINCT FROM
     (NEW.slot_minutes, NEW.horizon_days, NEW.min_notice_minutes, NEW.release_weekday, NEW.release_time,
      NEW.release_weeks_ahead, NEW.priority_percent, NEW.priority_release_hours, NEW.active, NEW.places_follow_roster) THEN
    NEW.calendar_version := OLD.calendar_version + 1;
  END IF;
  RETURN NEW;
END $$;
