-- A citizen's hold commits without waiting for the WAL flush (issue 3, booking throughput).
--
-- hold_place is claim_place (migration 0011) for a hold made in a transaction of its own: it
-- sets synchronous_commit = off for that transaction only, so the commit returns before its
-- WAL record reaches the disk (PostgreSQL: "asynchronous commit", the documented setting for
-- transactions whose loss in a crash is acceptable). Correctness does not move: the hold row
-- and its slot counter are one transaction, so a crash in the ≈ 0.6 s before the flush loses
-- both together — never a place counted without its row or the reverse — and the database
-- comes back consistent. Any later durable commit (a confirmation, a cancellation…) flushes
-- the WAL up to its own record, so a booking confirmed from a hold is as durable as any other.
-- What a crash can cost: a hold of the last fraction of a second vanishes, and its citizen is
-- told at confirmation that the hold ran out and chooses a place again. Confirmations,
-- bookings made directly (reception, staff) and waiting-list offers stay synchronous.
CREATE FUNCTION hold_place(
  p_desk uuid, p_version bigint,
  p_starts timestamptz, p_ends timestamptz, p_capacity integer, p_reserved integer, p_reserved_until timestamptz,
  p_now timestamptz, p_actor text, p_codes text[], p_booking jsonb
) RETURNS TABLE (booking_id uuid, booking_code text, stale boolean)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF p_booking->>'status' IS DISTINCT FROM 'held' OR p_booking->>'waitlist_entry_id' IS NOT NULL THEN
    RAISE EXCEPTION 'hold_place takes a citizen''s hold only' USING ERRCODE = '22023';
  END IF;
  PERFORM set_config('synchronous_commit', 'off', true);
  RETURN QUERY SELECT c.booking_id, c.booking_code, c.stale
    FROM claim_place(p_desk, p_version, p_starts, p_ends, p_capacity, p_reserved, p_reserved_until,
                     p_now, p_actor, p_codes, p_booking) c;
END
$$;
