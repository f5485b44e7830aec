-- Scheduled jobs run once across instances: a job's turn is a lease in this table, taken
-- atomically by one instance (the holder renews it; another takes it only once it lapsed).
CREATE TABLE job_lease (
  job text PRIMARY KEY CHECK (job ~ '^[a-z][a-z0-9_-]{0,39}$'),
  holder text NOT NULL CHECK (length(holder) BETWEEN 1 AND 200),
  until timestamptz NOT NULL,
  runs bigint NOT NULL DEFAULT 1,
  taken_at timestamptz NOT NULL DEFAULT now()
);

-- A desk's calendar changed (rules, closures, absences, rosters): every instance drops its
-- cached copy at once (LISTEN sportello_calendar), not only the one that wrote the change.
CREATE FUNCTION notify_calendar_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('sportello_calendar', coalesce(NEW.id, OLD.id)::text);
  RETURN NULL;
END $$;

CREATE TRIGGER desk_calendar_notify AFTER UPDATE OF calendar_version ON desk
  FOR EACH ROW WHEN (OLD.calendar_version IS DISTINCT FROM NEW.calendar_version)
  EXECUTE FUNCTION notify_calendar_change();
