-- One way to take a place (issue 18 §1). A hold, a booking, a waiting-list offer (claim_place,
-- migration 0011, and hold_place / hold_places around it), a booking moved by its citizen or by
-- staff, and a booking moved by a calendar change (move_place, below) now run the same steps in
-- the database, each defined once:
--   calendar_current     the desk's calendar lock (shared) and the version the caller used;
--   slot_ready           the slot row as that calendar has it, and its lapsed holds expired;
--   expire_lapsed_holds  which holds have lapsed, and what that does to their waiting-list offers
--                        (also the housekeeping sweep's, src/booking/sweep.ts).
-- Before, moves sent these steps from the server as separate statements (ensureSlot,
-- expireHolds, lockCalendarShared, lockCurrentSlot), a second copy of the rules.

-- The desk's calendar lock in shared mode (claims do not wait for each other; a calendar change
-- takes it exclusively and waits for them), then: is p_version still the desk's calendar? A
-- new statement, so a new snapshot: it sees a change that committed while we waited.
CREATE FUNCTION calendar_current(p_desk uuid, p_version bigint) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(hashtextextended('calendar:' || p_desk::text, 0));
  RETURN (SELECT d.calendar_version FROM desk d WHERE d.id = p_desk) IS NOT DISTINCT FROM p_version;
END
$$;

-- Holds of one slot whose time ran out become 'expired' (which frees their places, migration
-- 0002's counters), and a waiting-list offer such a hold carried lapses with it.
CREATE FUNCTION expire_lapsed_holds(p_desk uuid, p_starts timestamptz, p_now timestamptz)
RETURNS TABLE (id uuid, waitlist_entry_id uuid)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RETURN QUERY
    WITH lapsed AS (
      UPDATE booking b SET status = 'expired', updated_at = now()
       WHERE b.desk_id = p_desk AND b.starts_at = p_starts AND b.status = 'held' AND b.hold_expires_at <= p_now
      RETURNING b.id, b.waitlist_entry_id
    ), offers AS (
      UPDATE waitlist_entry w SET status = 'expired', updated_at = now()
       WHERE w.id IN (SELECT l.waitlist_entry_id FROM lapsed l) AND w.status = 'offered'
    )
    SELECT l.id, l.waitlist_entry_id FROM lapsed l;
END
$$;

-- The slot row with the capacity, priority places and their release the calendar gives it now
-- (a capacity lowered below the places taken: the counters' CHECK refuses, the slot is full),
-- and its lapsed holds expired.
CREATE FUNCTION slot_ready(
  p_desk uuid, p_starts timestamptz, p_ends timestamptz, p_capacity integer, p_reserved integer,
  p_reserved_until timestamptz, p_now timestamptz
) RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  INSERT INTO slot AS s (desk_id, starts_at, ends_at, capacity, reserved, reserved_until)
  VALUES (p_desk, p_starts, p_ends, p_capacity, p_reserved, p_reserved_until)
  ON CONFLICT (desk_id, starts_at) DO UPDATE
    SET ends_at = EXCLUDED.ends_at, capacity = EXCLUDED.capacity, reserved = EXCLUDED.reserved,
        reserved_until = EXCLUDED.reserved_until
  WHERE (s.ends_at, s.capacity, s.reserved, s.reserved_until)
        IS DISTINCT FROM (EXCLUDED.ends_at, EXCLUDED.capacity, EXCLUDED.reserved, EXCLUDED.reserved_until);
  PERFORM expire_lapsed_holds(p_desk, p_starts, p_now);
END
$$;

-- claim_place as in migration 0011, on the steps above.
CREATE OR REPLACE FUNCTION claim_place(
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
  IF NOT calendar_current(p_desk, p_version) THEN
    RETURN QUERY SELECT NULL::uuid, NULL::text, true;
    RETURN;
  END IF;

  -- No place left for anyone (lapsed holds do not count: slot_ready would expire them)? Then
  -- "full" at once, before anything is locked or written (see migration 0011).
  IF EXISTS (
    SELECT 1 FROM slot s
     WHERE s.desk_id = p_desk AND s.starts_at = p_starts
       AND s.taken - (SELECT count(*) FROM booking b
                       WHERE b.desk_id = p_desk AND b.starts_at = p_starts AND b.status = 'held'
                         AND b.hold_expires_at <= p_now) >= p_capacity
  ) THEN
    RETURN QUERY SELECT NULL::uuid, NULL::text, false;
    RETURN;
  END IF;

  PERFORM slot_ready(p_desk, p_starts, p_ends, p_capacity, p_reserved, p_reserved_until, p_now);

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

-- Moves a booking to another slot of its desk in one UPDATE: the counters' triggers take the
-- new place and free the old one together, or the CHECKs refuse and nothing changes (the
-- caller's savepoint or transaction). Returns false, writing nothing, when the desk's calendar
-- changed since p_version (the caller reads it again). p_version NULL: the caller is the
-- calendar change itself, holding the desk's calendar lock exclusively (src/admin/calendar-plan.ts).
CREATE FUNCTION move_place(
  p_booking uuid, p_desk uuid, p_version bigint,
  p_starts timestamptz, p_ends timestamptz, p_capacity integer, p_reserved integer, p_reserved_until timestamptz,
  p_now timestamptz
) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF p_version IS NOT NULL AND NOT calendar_current(p_desk, p_version) THEN
    RETURN false;
  END IF;
  PERFORM slot_ready(p_desk, p_starts, p_ends, p_capacity, p_reserved, p_reserved_until, p_now);
  UPDATE booking SET starts_at = p_starts, ends_at = p_ends, updated_at = now()
   WHERE id = p_booking AND desk_id = p_desk;
  RETURN true;
END
$$;
