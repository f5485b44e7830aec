-- Holds and confirmations in batches (issue 3, booking throughput).
--
-- On a busy desk the server sends the citizens' holds that arrive together as one call to
-- hold_places, and their confirmations as one call to confirm_holds: one round trip and one
-- transaction (one commit, one WAL flush for the confirmations) for up to a few dozen people
-- instead of one each. Each element is the same function as alone (hold_place, confirm_hold),
-- run in a block of its own (a subtransaction): an element that fails is rolled back alone
-- and its error comes back in its row (SQLSTATE, constraint, detail, message), so the caller
-- raises for that person exactly what the single call would have raised, and the others keep
-- their places. Nothing about correctness moves: the slot counters, their CHECKs, the
-- per-person limit and the history triggers decide for each element as they do alone.
--
-- A confirmation sent with an Idempotency-Key carries its key ("idem": scope, key hash, request
-- hash): its idempotency_record row is written in the same block, before the confirmation, as
-- src/platform/idempotency.ts does in a transaction of its own. A key already there (a retry,
-- or the first request still running: the insert waits for it) gives the outcome 'replay' and
-- nothing else is done: the caller takes the ordinary path, which replays the stored answer.
-- A confirmation that does not book removes its row again. The caller stores the sealed
-- response of each booked element in the same transaction before it commits.
--
-- Lock order: the caller sends holds sorted by (desk, start) and confirmations sorted by id,
-- so two batches that touch the same slots or bookings take their locks in the same order.
-- The rest of the batch keeps the locks an element took until the batch commits.

CREATE FUNCTION hold_places(p_claims jsonb)
RETURNS TABLE (i integer, booking_id uuid, booking_code text, stale boolean,
               err_state text, err_constraint text, err_detail text, err_message text)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  c jsonb;
  k integer := 0;
  v_id uuid; v_code text; v_stale boolean;
  v_state text; v_constraint text; v_detail text; v_message text;
BEGIN
  FOR c IN SELECT e FROM jsonb_array_elements(p_claims) e LOOP
    v_id := NULL; v_code := NULL; v_stale := NULL;
    v_state := NULL; v_constraint := NULL; v_detail := NULL; v_message := NULL;
    BEGIN
      SELECT h.booking_id, h.booking_code, h.stale INTO v_id, v_code, v_stale
        FROM hold_place((c->>'desk')::uuid, (c->>'version')::bigint, (c->>'starts')::timestamptz, (c->>'ends')::timestamptz,
                        (c->>'capacity')::integer, (c->>'reserved')::integer, (c->>'reservedUntil')::timestamptz,
                        (c->>'now')::timestamptz, c->>'actor', ARRAY(SELECT jsonb_array_elements_text(c->'codes')),
                        c->'booking') h;
    EXCEPTION WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_constraint = CONSTRAINT_NAME,
                              v_detail = PG_EXCEPTION_DETAIL, v_message = MESSAGE_TEXT;
    END;
    i := k; booking_id := v_id; booking_code := v_code; stale := v_stale;
    err_state := v_state; err_constraint := NULLIF(v_constraint, ''); err_detail := NULLIF(v_detail, ''); err_message := v_message;
    RETURN NEXT;
    k := k + 1;
  END LOOP;
END
$$;

CREATE FUNCTION confirm_holds(p_confirms jsonb)
RETURNS TABLE (i integer, outcome text, booking jsonb,
               err_state text, err_constraint text, err_detail text, err_message text)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  c jsonb;
  k integer := 0;
  v_idem jsonb;
  v_outcome text; v_booking jsonb;
  v_state text; v_constraint text; v_detail text; v_message text;
BEGIN
  FOR c IN SELECT e FROM jsonb_array_elements(p_confirms) e LOOP
    v_outcome := NULL; v_booking := NULL;
    v_state := NULL; v_constraint := NULL; v_detail := NULL; v_message := NULL;
    v_idem := c->'idem';
    BEGIN
      IF v_idem IS NOT NULL THEN
        INSERT INTO idempotency_record (scope, key_hash, request_hash, status, response)
        VALUES (v_idem->>'scope', v_idem->>'keyHash', v_idem->>'requestHash', 0, '\x')
        ON CONFLICT (scope, key_hash) DO NOTHING;
        IF NOT FOUND THEN
          v_outcome := 'replay';
        END IF;
      END IF;
      IF v_outcome IS NULL THEN
        SELECT h.outcome, h.booking INTO v_outcome, v_booking
          FROM confirm_hold((c->>'id')::uuid, c->>'tokenHash', c->>'actor', (c->>'now')::timestamptz, c->'booking') h;
        IF v_idem IS NOT NULL AND v_outcome IS DISTINCT FROM 'booked' THEN
          -- a request that did not book keeps nothing: its retry runs again
          DELETE FROM idempotency_record WHERE scope = v_idem->>'scope' AND key_hash = v_idem->>'keyHash';
        END IF;
      END IF;
    EXCEPTION WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_constraint = CONSTRAINT_NAME,
                              v_detail = PG_EXCEPTION_DETAIL, v_message = MESSAGE_TEXT;
    END;
    i := k; outcome := v_outcome; booking := v_booking;
    err_state := v_state; err_constraint := NULLIF(v_constraint, ''); err_detail := NULLIF(v_detail, ''); err_message := v_message;
    RETURN NEXT;
    k := k + 1;
  END LOOP;
END
$$;
