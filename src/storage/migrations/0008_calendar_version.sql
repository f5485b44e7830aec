-- A desk's calendar version: bumped by trigger on every change that can add or remove
-- slots or places (patterns, exceptions, local holidays, slot length, horizon, notice,
-- release rule, priority share). A claim checks, under a shared advisory lock on the desk,
-- that it computed its slot from the current version; a calendar change takes the same
-- lock exclusively. So a change and the bookings it affects are serialised: a citizen never
-- books a slot that a change has just removed, and the change sees every booking.

ALTER TABLE desk ADD COLUMN calendar_version bigint NOT NULL DEFAULT 1;

CREATE FUNCTION desk_calendar_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'office_holiday' THEN
    UPDATE desk SET calendar_version = calendar_version + 1
     WHERE office_id IN (SELECT office_id FROM (SELECT NEW.office_id AS office_id UNION SELECT OLD.office_id) x WHERE office_id IS NOT NULL);
  ELSE
    UPDATE desk SET calendar_version = calendar_version + 1
     WHERE id IN (SELECT desk_id FROM (SELECT NEW.desk_id AS desk_id UNION SELECT OLD.desk_id) x WHERE desk_id IS NOT NULL);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER desk_opening_bump AFTER INSERT OR UPDATE OR DELETE ON desk_opening
  FOR EACH ROW EXECUTE FUNCTION desk_calendar_bump();
CREATE TRIGGER desk_exception_bump AFTER INSERT OR UPDATE OR DELETE ON desk_exception
  FOR EACH ROW EXECUTE FUNCTION desk_calendar_bump();
CREATE TRIGGER office_holiday_bump AFTER INSERT OR UPDATE OR DELETE ON office_holiday
  FOR EACH ROW EXECUTE FUNCTION desk_calendar_bump();

CREATE FUNCTION desk_settings_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD.slot_minutes, OLD.horizon_days, OLD.min_notice_minutes, OLD.release_weekday, OLD.release_time,
      OLD.release_weeks_ahead, OLD.priority_percent, OLD.priority_release_hours, OLD.active)
     IS DISTINCT FROM
     (NEW.slot_minutes, NEW.horizon_days, NEW.min_notice_minutes, NEW.release_weekday, NEW.release_time,
      NEW.release_weeks_ahead, NEW.priority_percent, NEW.priority_release_hours, NEW.active) THEN
    NEW.calendar_version := OLD.calendar_version + 1;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER desk_settings_bump BEFORE UPDATE ON desk
  FOR EACH ROW EXECUTE FUNCTION desk_settings_bump();
