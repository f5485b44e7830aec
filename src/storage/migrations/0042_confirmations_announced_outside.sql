-- A confirmation (held → booked) is no longer announced by the booking's own transaction
-- (migration 0039's booking_live_update): PostgreSQL commits the transactions that NOTIFY one at
-- a time — each holds a database-wide lock through its commit record's flush — which took a third
-- of the booking throughput on a release morning. The server announces confirmations itself,
-- gathered, from a statement of their own (src/booking/live-changes.ts). Every other change
-- (a booking made directly, cancelled, moved, a hold expired or released) is still announced here.
DROP TRIGGER booking_live_update ON booking;
CREATE TRIGGER booking_live_update AFTER UPDATE OF status, starts_at, desk_id ON booking
  FOR EACH ROW WHEN (
    (OLD.status IS DISTINCT FROM NEW.status AND NOT (OLD.status = 'held' AND NEW.status = 'booked'))
    OR OLD.starts_at <> NEW.starts_at OR OLD.desk_id <> NEW.desk_id
  )
  EXECUTE FUNCTION notify_booking_change();
