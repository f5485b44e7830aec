-- Nobody can hoard places (issue 16): live holds per client address and per browser session,
-- and one hold per solved proof-of-work challenge, decided by the database.
--
-- A citizen's hold records who asked for it: client_key, a keyed hash of the client's address
-- (an IPv6 address by its /64), and client_session, a keyed hash of the browser session (see
-- src/booking/fair-access.ts). Both are written from transaction-local settings through the
-- columns' defaults, so claim_place (migration 0011) inserts them without changing; any other
-- insert (reception, staff, waiting list) leaves them NULL.
--
-- hold_places (migration 0014) is redefined: an element may carry a "guard" object
--   { "address": key|null, "session": key|null, "perAddress": n, "perSession": n,
--     "challenge": id|null, "challengeExpires": timestamptz }
-- and then, in the element's own block, before its hold:
--   * the address's and the session's live holds (held, not lapsed at p_now) are counted under
--     a transaction-level advisory lock on the key, so two holds from one address running at
--     once are counted one after the other: with one place left under the limit exactly one
--     passes, on any number of server instances. Over the limit: check_violation (23514) with
--     CONSTRAINT hold_limit_address / hold_limit_session and, in DETAIL, the seconds until the
--     first of those holds lapses (the caller's Retry-After);
--   * after the hold is written (and only then: a full slot does not use up a challenge), the
--     challenge's id goes into hold_challenge; a second use is a unique violation on
--     hold_challenge_pkey and the element (hold included) is rolled back.
-- The locks of a batch are taken first, for all its keys, in sorted order, before any slot is
-- touched: two batches never wait for each other's keys in opposite orders, and a batch never
-- waits for a key while holding a slot another batch needs first (no deadlock).
-- Releasing or confirming a hold changes its status: it stops counting at once.

ALTER TABLE booking
  ADD COLUMN client_key text DEFAULT NULLIF(current_setting('sportello.hold_address', true), ''),
  ADD COLUMN client_session text DEFAULT NULLIF(current_setting('sportello.hold_session', true), '');

CREATE INDEX booking_client_key_held_idx ON booking (client_key, hold_expires_at)
  WHERE status = 'held' AND client_key IS NOT NULL;
CREATE INDEX booking_client_session_held_idx ON booking (client_session, hold_expires_at)
  WHERE status = 'held' AND client_session IS NOT NULL;

-- Solved challenges already used for a hold (altcha's verifySolution does not remember them).
-- Rows past expires_at are useless (the challenge itself has expired) and are swept.
CREATE TABLE hold_challenge (
  id text PRIMARY KEY CHECK (length(id) BETWEEN 8 AND 128),
  expires_at timestamptz NOT NULL
);
CREATE INDEX hold_challenge_expires_idx ON hold_challenge (expires_at);

-- The live-hold limits of one element (the caller holds the keys' locks, see hold_places).
CREATE FUNCTION hold_guard_limits(p_guard jsonb, p_now timestamptz) RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_address text := NULLIF(p_guard->>'address', '');
  v_session text := NULLIF(p_guard->>'session', '');
  v_max_address integer := COALESCE((p_guard->>'perAddress')::integer, 0);
  v_max_session integer := COALESCE((p_guard->>'perSession')::integer, 0);
  v_live integer;
  v_first timestamptz;
BEGIN
  IF v_address IS NOT NULL AND v_max_address > 0 THEN
    PERFORM pg_advisory_xact_lock(hashtextextended('hold-address:' || v_address, 0));
    SELECT count(*), min(b.hold_expires_at) INTO v_live, v_first FROM booking b
     WHERE b.client_key = v_address AND b.status = 'held' AND b.hold_expires_at > p_now;
    IF v_live >= v_max_address THEN
      RAISE EXCEPTION 'too many live holds from this address'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'hold_limit_address', TABLE = 'booking',
              DETAIL = ceil(extract(epoch FROM v_first - p_now))::bigint::text;
    END IF;
  END IF;
  IF v_session IS NOT NULL AND v_max_session > 0 THEN
    PERFORM pg_advisory_xact_lock(hashtextextended('hold-session:' || v_session, 0));
    SELECT count(*), min(b.hold_expires_at) INTO v_live, v_first FROM booking b
     WHERE b.client_session = v_session AND b.status = 'held' AND b.hold_expires_at > p_now;
    IF v_live >= v_max_session THEN
      RAISE EXCEPTION 'too many live holds from this browser session'
        USING ERRCODE = 'check_violation', CONSTRAINT = 'hold_limit_session', TABLE = 'booking',
              DETAIL = ceil(extract(epoch FROM v_first - p_now))::bigint::text;
    END IF;
  END IF;
  PERFORM set_config('sportello.hold_address', COALESCE(v_address, ''), true),
          set_config('sportello.hold_session', COALESCE(v_session, ''), true);
END
$$;

CREATE OR REPLACE FUNCTION hold_places(p_claims jsonb)
RETURNS TABLE (i integer, booking_id uuid, booking_code text, stale boolean,
               err_state text, err_constraint text, err_detail text, err_message text)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  c jsonb;
  g jsonb;
  k integer := 0;
  v_lock text;
  v_id uuid; v_code text; v_stale boolean;
  v_state text; v_constraint text; v_detail text; v_message text;
BEGIN
  -- Every key's lock first, in one order (see above).
  FOR v_lock IN
    SELECT DISTINCT x.lock FROM (
      SELECT 'hold-address:' || (e->'guard'->>'address') AS lock FROM jsonb_array_elements(p_claims) e
       WHERE COALESCE((e->'guard'->>'perAddress')::integer, 0) > 0 AND NULLIF(e->'guard'->>'address', '') IS NOT NULL
      UNION
      SELECT 'hold-session:' || (e->'guard'->>'session') FROM jsonb_array_elements(p_claims) e
       WHERE COALESCE((e->'guard'->>'perSession')::integer, 0) > 0 AND NULLIF(e->'guard'->>'session', '') IS NOT NULL
    ) x ORDER BY x.lock
  LOOP
    PERFORM pg_advisory_xact_lock(hashtextextended(v_lock, 0));
  END LOOP;

  FOR c IN SELECT e FROM jsonb_array_elements(p_claims) e LOOP
    v_id := NULL; v_code := NULL; v_stale := NULL;
    v_state := NULL; v_constraint := NULL; v_detail := NULL; v_message := NULL;
    g := c->'guard';
    BEGIN
      IF g IS NOT NULL AND jsonb_typeof(g) = 'object' THEN
        PERFORM hold_guard_limits(g, (c->>'now')::timestamptz);
      ELSE
        PERFORM set_config('sportello.hold_address', '', true), set_config('sportello.hold_session', '', true);
      END IF;
      SELECT h.booking_id, h.booking_code, h.stale INTO v_id, v_code, v_stale
        FROM hold_place((c->>'desk')::uuid, (c->>'version')::bigint, (c->>'starts')::timestamptz, (c->>'ends')::timestamptz,
                        (c->>'capacity')::integer, (c->>'reserved')::integer, (c->>'reservedUntil')::timestamptz,
                        (c->>'now')::timestamptz, c->>'actor', ARRAY(SELECT jsonb_array_elements_text(c->'codes')),
                        c->'booking') h;
      IF v_id IS NOT NULL AND NULLIF(g->>'challenge', '') IS NOT NULL THEN
        INSERT INTO hold_challenge (id, expires_at) VALUES (g->>'challenge', (g->>'challengeExpires')::timestamptz);
      END IF;
    EXCEPTION WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_constraint = CONSTRAINT_NAME,
                              v_detail = PG_EXCEPTION_DETAIL, v_message = MESSAGE_TEXT;
      v_id := NULL; v_code := NULL; v_stale := NULL;
    END;
    i := k; booking_id := v_id; booking_code := v_code; stale := v_stale;
    err_state := v_state; err_constraint := NULLIF(v_constraint, ''); err_detail := NULLIF(v_detail, ''); err_message := v_message;
    RETURN NEXT;
    k := k + 1;
  END LOOP;
  PERFORM set_config('sportello.hold_address', '', true), set_config('sportello.hold_session', '', true);
END
$$;
