-- The release-morning surge fast again (issue 16's speed targets; a regression since
-- migration 0016).
--
-- Measured (bench:surge on a PostgreSQL of its own with pg_stat_statements, see
-- bench/RESULTS.md): after 0016 most of PostgreSQL's time per confirmation went to one
-- statement of the per-contact limit (booking_limit_per_contact),
--   SELECT count(*) FROM booking WHERE phone = NEW.phone AND status = 'booked' AND source = 'web' ...
-- which read EVERY active web booking (10,000 index entries at the end of the surge, 0.1 s a
-- confirmation): its plan used booking_email_active_idx, not booking_phone_active_idx. Both
-- indexes had the same predicate (status = 'booked' AND source = 'web'), so each could serve
-- the other's query as a full scan with a filter; without statistics on booking (a table
-- that grows from nothing during the release; autovacuum has not analysed it, or is off as in
-- CI) both scans are estimated at one row, and the e-mail index — nearly all NULLs,
-- deduplicated, a few pages — looked the cheaper. The plan is cached by plpgsql for the
-- connection's life, so the count stayed linear in the bookings and the surge quadratic.
--
-- Now each index holds only the rows its own query can match (phone IS NOT NULL / email IS
-- NOT NULL: implied by "phone = x" / "email = x", not by the other's query), so neither can
-- stand in for the other whatever the statistics say; the e-mail index also shrinks to the
-- bookings that have an e-mail. The rule itself (at most N active web bookings per contact,
-- counted under the contact's advisory lock) does not change.

DROP INDEX booking_phone_active_idx;
CREATE INDEX booking_phone_active_idx ON booking (phone)
  WHERE status = 'booked' AND source = 'web' AND phone IS NOT NULL;
DROP INDEX booking_email_active_idx;
CREATE INDEX booking_email_active_idx ON booking (email)
  WHERE status = 'booked' AND source = 'web' AND email IS NOT NULL;
