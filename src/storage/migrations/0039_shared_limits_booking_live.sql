-- Several instances on one PostgreSQL (issue 22 §1).

-- Per-address request limits counted in the database when no Redis is configured
-- (src/identity/rate-limit-store.ts): one row per counter (a hash of the route and the client
-- key: no address or tax code in clear), the hits of its current window and when the window
-- ends. UNLOGGED: a counter is worth a minute, it needs no WAL (no fsync per request, nothing
-- for a replica to replay); after a crash PostgreSQL empties the table, which only gives every
-- client a fresh window. Lapsed rows are deleted by the housekeeping job.
CREATE UNLOGGED TABLE rate_limit_counter (
  key text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 100),
  hits integer NOT NULL CHECK (hits >= 1),
  window_ends timestamptz NOT NULL
);

-- A booking made, cancelled, lapsed, expired or moved reaches the live streams of every
-- instance (the operator console, the URP dashboard) through NOTIFY on the console's channel,
-- in the same transaction as the change: nothing is sent for a rolled-back change, and one
-- notice per desk and day per transaction (PostgreSQL folds identical payloads), so a batch of
-- confirmations is one notice. A new hold is not a booking and sends nothing. Ids only.
CREATE FUNCTION notify_booking_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (OLD.desk_id <> NEW.desk_id OR OLD.starts_at <> NEW.starts_at) THEN
    PERFORM pg_notify('sportello_calls', json_build_object('type', 'booking', 'deskId', OLD.desk_id,
      'day', to_char(OLD.starts_at AT TIME ZONE 'Europe/Rome', 'YYYY-MM-DD'))::text);
  END IF;
  PERFORM pg_notify('sportello_calls', json_build_object('type', 'booking', 'deskId', NEW.desk_id,
    'day', to_char(NEW.starts_at AT TIME ZONE 'Europe/Rome', 'YYYY-MM-DD'))::text);
  RETURN NULL;
END $$;

CREATE TRIGGER booking_live_insert AFTER INSERT ON booking
  FOR EACH ROW WHEN (NEW.status <> 'held')
  EXECUTE FUNCTION notify_booking_change();

CREATE TRIGGER booking_live_update AFTER UPDATE OF status, starts_at, desk_id ON booking
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.starts_at <> NEW.starts_at OR OLD.desk_id <> NEW.desk_id)
  EXECUTE FUNCTION notify_booking_change();
