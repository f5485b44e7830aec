-- Claiming a place in one round trip (issue 3, booking throughput).
--
-- The same steps the server used to send as six statements (who acts, the desk's calendar
-- lock and version check, the slot row, lapsed holds, the booking row), run by the database
-- in one call. Nothing about correctness moves here: the slot counters, their CHECKs and the
-- one-booking-per-person index (migration 0002) still decide, and their errors reach the
-- caller unchanged (slot_capacity, slot_priority_reserved, booking_one_per_person).
--
-- A slot with no place left for anyone is answered (NULL, NULL, false) — the caller reads it as
-- slot_full — before anything is locked or written and without raising an error: on a release
-- morning most claims are refusals, and locking the slot row, writing a booking row and letting
-- the counter's CHECK raise cost 8–16 ms a refusal, queued behind the others on the same slot.
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

  -- No place left for anyone (lapsed holds do not count: the claim below would expire them)?
  -- Then "full" at once (see above). A place freed at this very moment may be missed: the same
  -- as arriving a moment earlier. Priority places and the person's other bookings stay with the
  -- constraints.
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

-- Confirming a held place in one round trip: the hold is locked, its token checked (by hash),
-- the desk checked (taking bookings, offers the channel, knows the topic), and the booking
-- written; the row comes back as JSON. Outcomes: 'booked' (row given), 'hold_not_found',
-- 'desk_inactive', 'channel_not_offered', 'unknown_topic', and 'lapsed' — the hold ran out:
-- nothing is written and the caller takes the slower path that may still claim the place.
CREATE FUNCTION confirm_hold(
  p_id uuid, p_token_hash text, p_actor text, p_now timestamptz, p_booking jsonb
) RETURNS TABLE (outcome text, booking jsonb)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  h booking%ROWTYPE;
  d desk%ROWTYPE;
  r booking%ROWTYPE;
BEGIN
  PERFORM set_config('sportello.actor', p_actor, true), set_config('sportello.reason', '', true);
  SELECT * INTO h FROM booking b WHERE b.id = p_id FOR UPDATE;
  IF NOT FOUND OR h.hold_token_hash IS DISTINCT FROM p_token_hash THEN
    RETURN QUERY SELECT 'hold_not_found'::text, NULL::jsonb;
    RETURN;
  END IF;
  SELECT * INTO d FROM desk WHERE desk.id = h.desk_id;
  r := jsonb_populate_record(NULL::booking, p_booking);
  IF NOT d.active THEN
    RETURN QUERY SELECT 'desk_inactive'::text, NULL::jsonb;
  ELSIF NOT (r.channel = ANY (d.channels)) THEN
    RETURN QUERY SELECT 'channel_not_offered'::text, NULL::jsonb;
  ELSIF r.topic IS NOT NULL AND jsonb_array_length(d.topics) > 0
        AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(d.topics) t WHERE t->>'key' = r.topic) THEN
    RETURN QUERY SELECT 'unknown_topic'::text, NULL::jsonb;
  ELSIF h.status = 'expired' OR (h.status = 'held' AND h.hold_expires_at <= p_now) THEN
    RETURN QUERY SELECT 'lapsed'::text, NULL::jsonb;
  ELSIF h.status <> 'held' THEN
    RETURN QUERY SELECT 'hold_not_found'::text, NULL::jsonb;
  ELSE
    RETURN QUERY
      UPDATE booking b SET status = 'booked', hold_expires_at = NULL, hold_token_hash = NULL, pin_hash = r.pin_hash,
             tax_code = r.tax_code, full_name = r.full_name, phone = r.phone, email = r.email, topic = r.topic,
             notes = r.notes, channel = r.channel, language = r.language, consent_at = r.consent_at,
             priority = COALESCE(r.priority, h.priority), source = r.source, created_by = r.created_by,
             booked_at = r.booked_at, updated_at = now()
       WHERE b.id = p_id
      RETURNING 'booked'::text, to_jsonb(b.*);
  END IF;
END
$$;
