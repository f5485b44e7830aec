-- Claiming a place in one round trip (issue 3, booking throughput).
--
-- The same steps the server used to send as six statements (who acts, the desk's calendar
-- lock and version check, the slot row, lapsed holds, the booking row), run by the database
-- in one call. Nothing about correctness moves here: the slot counters, their CHECKs and the
-- one-booking-per-person index (migration 0002) still decide, and their errors reach the
-- caller unchanged (slot_capacity, slot_priority_reserved, booking_one_per_person).
--
-- p_version: the desk.calendar_version the caller computed the slot from. When the desk's
-- calendar changed since, nothing is written and the row says stale = true: the caller reads
-- the calendar again and checks the slot again (see src/booking/claim-place.ts).
-- p_codes: candidate booking codes drawn by the caller; the first one not taken is used.
-- p_booking: the booking's columns as JSON (names as in the table).
CREATE FUNCTION claim_place(
  p_desk uuid, p_version bigint,
  p_starts timestamptz, p_ends timestamptz, p_capacity integer, p_reserved integer, p_reserved_until timestamptz,
  p_now timestamptz, p_actor text, p_codes text[], p_booking jsonb
) RETURNS TABLE (booking_id uuid, booking_code text, stale boolean)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_code text;
  v_id uuid;
BEGIN
  IF p_actor IS NOT NULL THEN
    PERFORM set_config('sportello.actor', p_actor, true), set_config('sportello.reason', '', true);
  END IF;
  -- Shared: claims do not wait for each other; a calendar change (exclusive) waits for them.
  PERFORM pg_advisory_xact_lock_shared(hashtextextended('calendar:' || p_desk::text, 0));
  -- A new statement, so a new snapshot: it sees a change that committed while we waited.
  IF (SELECT d.calendar_version FROM desk d WHERE d.id = p_desk) IS DISTINCT FROM p_version THEN
    RETURN QUERY SELECT NULL::uuid, NULL::text, true;
    RETURN;
  END IF;

  INSERT INTO slot AS s (desk_id, starts_at, ends_at, capacity, reserved, reserved_until)
  VALUES (p_desk, p_starts, p_ends, p_capacity, p_reserved, p_reserved_until)
  ON CONFLICT (desk_id, starts_at) DO UPDATE
    SET ends_at = EXCLUDED.ends_at, capacity = EXCLUDED.capacity, reserved = EXCLUDED.reserved,
        reserved_until = EXCLUDED.reserved_until
  WHERE (s.ends_at, s.capacity, s.reserved, s.reserved_until)
        IS DISTINCT FROM (EXCLUDED.ends_at, EXCLUDED.capacity, EXCLUDED.reserved, EXCLUDED.reserved_until);

  WITH lapsed AS (
    UPDATE booking b SET status = 'expired', updated_at = now()
     WHERE b.desk_id = p_desk AND b.starts_at = p_starts AND b.status = 'held' AND b.hold_expires_at <= p_now
    RETURNING b.waitlist_entry_id
  )
  UPDATE waitlist_entry w SET status = 'expired', updated_at = now()
   WHERE w.id IN (SELECT l.waitlist_entry_id FROM lapsed l) AND w.status = 'offered';

  FOREACH v_code IN ARRAY p_codes LOOP
    INSERT INTO booking (desk_id, starts_at, ends_at, status, code, hold_expires_at, hold_token_hash, pin_hash,
      tax_code, full_name, phone, email, topic, notes, channel, language, consent_at, priority, source,
      created_by, waitlist_entry_id, booked_at)
    SELECT p_desk, p_starts, p_ends, r.status, v_code, r.hold_expires_at, r.hold_token_hash, r.pin_hash,
      r.tax_code, r.full_name, r.phone, r.email, r.topic, r.notes, r.channel, COALESCE(r.language, 'it'), r.consent_at,
      COALESCE(r.priority, false), COALESCE(r.source, 'web'), r.created_by, r.waitlist_entry_id, r.booked_at
      FROM jsonb_populate_record(NULL::booking, p_booking) r
    ON CONFLICT (code) DO NOTHING
    RETURNING id INTO v_id;
    IF v_id IS NOT NULL THEN
      RETURN QUERY SELECT v_id, v_code, false;
      RETURN;
    END IF;
  END LOOP;
  RAISE EXCEPTION 'could not draw a free booking code' USING ERRCODE = 'P0001';
END
$$;
