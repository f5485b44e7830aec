-- The early "already booked at this desk" answer (issue 21 §2): while a place is held, the
-- citizen's tax code may be checked before the last step, at most twice per hold
-- (hold_person_check below), so that a hold — which costs a proof of work and counts in the
-- per-address limits — carries no more probes than a confirmation would.
ALTER TABLE booking ADD COLUMN person_checks smallint NOT NULL DEFAULT 0 CHECK (person_checks BETWEEN 0 AND 2);

-- The rule "one active future booking per person and desk" (the desk's max_active_per_person),
-- defined once: the code of an existing booking when the person is at the limit, else NULL.
-- Used by the booking trigger and by the early check.
CREATE FUNCTION person_desk_limit_reached(p_desk uuid, p_key text, p_except uuid) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  lim integer;
  n integer;
  existing text;
BEGIN
  SELECT max_active_per_person INTO lim FROM desk WHERE id = p_desk;
  IF lim IS NULL THEN
    RETURN NULL;
  END IF;
  SELECT count(*), min(code) INTO n, existing FROM booking
   WHERE desk_id = p_desk AND tax_key = p_key AND status = 'booked'
     AND starts_at > now() AND id IS DISTINCT FROM p_except;
  RETURN CASE WHEN n >= lim THEN existing END;
END $$;

-- One active future booking per person (tax_key) and desk (migration 0016, redefined whole on
-- the function above). In a BEFORE trigger the generated column is not computed yet: the key
-- is computed here.
CREATE OR REPLACE FUNCTION booking_limit_per_person() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  existing text;
  k text;
BEGIN
  IF NEW.status <> 'booked' OR NEW.tax_code IS NULL OR NEW.starts_at <= now() THEN
    RETURN NEW;
  END IF;
  k := tax_code_key(NEW.tax_code);
  IF TG_OP = 'UPDATE' AND OLD.status = 'booked' AND tax_code_key(OLD.tax_code) = k AND OLD.desk_id = NEW.desk_id THEN
    RETURN NEW; -- a move or an edit of a booking already counted
  END IF;
  PERFORM pg_advisory_xact_lock(hashtextextended(NEW.desk_id::text || '/' || k, 0));
  existing := person_desk_limit_reached(NEW.desk_id, k, NEW.id);
  IF existing IS NOT NULL THEN
    RAISE EXCEPTION 'this person already has an active booking at this desk'
      USING ERRCODE = 'unique_violation', CONSTRAINT = 'booking_one_per_person', TABLE = 'booking', DETAIL = existing;
  END IF;
  RETURN NEW;
END $$;

-- The early check of a live hold, in one call: 'hold_not_found' (unknown, wrong token, no longer
-- held, a waiting-list offer), 'lapsed', 'not_checked' (this hold's two checks are used: the confirmation decides),
-- 'clear', or 'already_booked' — then, as when a confirmation is refused for it (confirm_hold,
-- 0016), the place goes back at once and the existing booking's details go to its own contact.
CREATE FUNCTION hold_person_check(p_id uuid, p_token_hash text, p_tax_code text, p_now timestamptz)
  RETURNS TABLE (outcome text, desk_id uuid)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  h booking%ROWTYPE;
  k text := tax_code_key(p_tax_code);
BEGIN
  SELECT * INTO h FROM booking b WHERE b.id = p_id FOR UPDATE;
  IF NOT FOUND OR h.hold_token_hash IS DISTINCT FROM p_token_hash OR h.status <> 'held' OR h.waitlist_entry_id IS NOT NULL THEN
    RETURN QUERY SELECT 'hold_not_found'::text, NULL::uuid;
  ELSIF h.hold_expires_at <= p_now THEN
    RETURN QUERY SELECT 'lapsed'::text, h.desk_id;
  ELSIF h.person_checks >= 2 THEN
    RETURN QUERY SELECT 'not_checked'::text, h.desk_id;
  ELSE
    UPDATE booking b SET person_checks = b.person_checks + 1 WHERE b.id = p_id;
    IF person_desk_limit_reached(h.desk_id, k, NULL) IS NULL THEN
      RETURN QUERY SELECT 'clear'::text, h.desk_id;
    ELSE
      UPDATE booking b SET status = 'expired', hold_token_hash = NULL, updated_at = now() WHERE b.id = p_id;
      PERFORM notify_existing_booking(h.desk_id, k, p_now);
      RETURN QUERY SELECT 'already_booked'::text, h.desk_id;
    END IF;
  END IF;
END $$;
