-- slot_ready (migration 0041) writes only when there is something to write.
--
-- Every claim on a slot ran INSERT … ON CONFLICT DO UPDATE … WHERE <settings differ>: when the
-- row is already as the calendar has it — every claim but a slot's first, or the first after
-- a calendar change — nothing is updated, but PostgreSQL still locks the existing row, which
-- writes a WAL record and dirties the slot's page, and all the slots of a desk share a few
-- pages. Then expire_lapsed_holds ran its UPDATE even when no hold of the slot had lapsed.
--
-- Now a read decides: the upsert runs only when the row is missing or its settings differ,
-- the expiry only when the slot has a lapsed hold. Nothing else changes: a claim still waits
-- for a calendar change through the desk's calendar lock (calendar_current, shared), and the
-- place itself is still taken by the counters' trigger, whose UPDATE of the slot row locks it
-- and whose CHECKs refuse a place over capacity (migration 0002).
CREATE OR REPLACE FUNCTION slot_ready(
  p_desk uuid, p_starts timestamptz, p_ends timestamptz, p_capacity integer, p_reserved integer,
  p_reserved_until timestamptz, p_now timestamptz
) RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM slot s
     WHERE s.desk_id = p_desk AND s.starts_at = p_starts
       AND (s.ends_at, s.capacity, s.reserved, s.reserved_until)
           IS NOT DISTINCT FROM (p_ends, p_capacity, p_reserved, p_reserved_until)
  ) THEN
    INSERT INTO slot AS s (desk_id, starts_at, ends_at, capacity, reserved, reserved_until)
    VALUES (p_desk, p_starts, p_ends, p_capacity, p_reserved, p_reserved_until)
    ON CONFLICT (desk_id, starts_at) DO UPDATE
      SET ends_at = EXCLUDED.ends_at, capacity = EXCLUDED.capacity, reserved = EXCLUDED.reserved,
          reserved_until = EXCLUDED.reserved_until
    WHERE (s.ends_at, s.capacity, s.reserved, s.reserved_until)
          IS DISTINCT FROM (EXCLUDED.ends_at, EXCLUDED.capacity, EXCLUDED.reserved, EXCLUDED.reserved_until);
  END IF;
  IF EXISTS (
    SELECT 1 FROM booking b
     WHERE b.desk_id = p_desk AND b.starts_at = p_starts AND b.status = 'held' AND b.hold_expires_at <= p_now
  ) THEN
    PERFORM expire_lapsed_holds(p_desk, p_starts, p_now);
  END IF;
END
$$;
