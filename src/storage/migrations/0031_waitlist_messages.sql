-- Waiting list (issue 21 §2):
--  * each entry has a short code (`LA-7KQ3XM`): with the tax code it finds the place again
--    from "Gestisci una prenotazione", and it is in every message about the entry;
--  * joining is confirmed by message (kind waitlist_joined): the queue's job names the entry
--    (notification_job.waitlist_entry_id), exactly one subject per job;
--  * a waiting-list offer's time counts office hours only (office.offer_hours_*): configured
--    per office, Monday–Friday 08:30–17:00 unless the office file says otherwise.
ALTER TABLE waitlist_entry ADD COLUMN code text CONSTRAINT waitlist_entry_code CHECK (code ~ '^LA-[A-Z0-9]{6}$');
CREATE UNIQUE INDEX waitlist_entry_code_key ON waitlist_entry (code);

ALTER TABLE office
  ADD COLUMN offer_hours_from time NOT NULL DEFAULT '08:30',
  ADD COLUMN offer_hours_to time NOT NULL DEFAULT '17:00',
  ADD COLUMN offer_weekdays integer[] NOT NULL DEFAULT ARRAY[1, 2, 3, 4, 5],
  ADD CONSTRAINT office_offer_hours CHECK (offer_hours_to > offer_hours_from
    AND cardinality(offer_weekdays) BETWEEN 1 AND 7 AND offer_weekdays <@ ARRAY[1, 2, 3, 4, 5, 6, 7]);

ALTER TABLE notification_job ADD COLUMN waitlist_entry_id uuid REFERENCES waitlist_entry(id) ON DELETE CASCADE;
ALTER TABLE notification_job DROP CONSTRAINT notification_job_subject;
ALTER TABLE notification_job ADD CONSTRAINT notification_job_subject CHECK (num_nonnulls(booking_id, drawer_thread_id, waitlist_entry_id) = 1);
CREATE INDEX notification_job_waitlist_idx ON notification_job (waitlist_entry_id) WHERE waitlist_entry_id IS NOT NULL;

-- The demo outbox keeps messages that are about no booking (a waiting-list entry, a drawer thread).
ALTER TABLE demo_outbox_message ALTER COLUMN booking_id DROP NOT NULL;
ALTER TABLE demo_outbox_message ADD COLUMN waitlist_entry_id uuid REFERENCES waitlist_entry(id) ON DELETE CASCADE;

-- Every notification kind the code knows (src/notifications/kinds.ts), as in 0029, plus waitlist_joined.
ALTER TABLE notification_job DROP CONSTRAINT notification_job_kind_check;
ALTER TABLE notification_job ADD CONSTRAINT notification_job_kind_check
  CHECK (kind IN ('booking_confirmed', 'booking_moved', 'booking_cancelled', 'reminder', 'no_answer', 'desk_delay', 'waitlist_offer', 'booking_details', 'contact_code', 'follow_up_booked', 'documents_needed', 'patronato_booked', 'drawer_registered', 'drawer_in_charge', 'drawer_answered', 'drawer_closed', 'booking_resent', 'waitlist_joined'));
ALTER TABLE notification_template DROP CONSTRAINT notification_template_kind_check;
ALTER TABLE notification_template ADD CONSTRAINT notification_template_kind_check
  CHECK (kind IN ('booking_confirmed', 'booking_moved', 'booking_cancelled', 'reminder', 'no_answer', 'desk_delay', 'waitlist_offer', 'booking_details', 'contact_code', 'follow_up_booked', 'documents_needed', 'patronato_booked', 'drawer_registered', 'drawer_in_charge', 'drawer_answered', 'drawer_closed', 'booking_resent', 'waitlist_joined'));
ALTER TABLE notification_channel ALTER COLUMN kinds
  SET DEFAULT ARRAY['booking_confirmed', 'booking_moved', 'booking_cancelled', 'reminder', 'no_answer', 'desk_delay', 'waitlist_offer', 'booking_details', 'contact_code', 'follow_up_booked', 'documents_needed', 'patronato_booked', 'drawer_registered', 'drawer_in_charge', 'drawer_answered', 'drawer_closed', 'booking_resent', 'waitlist_joined'];
-- A channel that carries the offers carries the confirmation of joining too.
UPDATE notification_channel SET kinds = kinds || ARRAY['waitlist_joined'] WHERE 'waitlist_offer' = ANY (kinds) AND NOT ('waitlist_joined' = ANY (kinds));

-- The provisional tax code (codice fiscale provvisorio: 11 digits, the last a check digit) is
-- accepted for bookings and the waiting list, as INPS accepts it (docs/identity.md).
ALTER TABLE booking DROP CONSTRAINT booking_tax_code_check;
ALTER TABLE booking ADD CONSTRAINT booking_tax_code_check CHECK (tax_code ~ '^([A-Z0-9]{16}|[0-9]{11})$');
ALTER TABLE waitlist_entry DROP CONSTRAINT waitlist_entry_tax_code_check;
ALTER TABLE waitlist_entry ADD CONSTRAINT waitlist_entry_tax_code_check CHECK (tax_code ~ '^([A-Z0-9]{16}|[0-9]{11})$');
