-- Every notification kind the code knows (src/notifications/kinds.ts), in one place after the
-- migrations that each added some (0016 contact codes, 0017 calls, 0020 patronati, 0021 drawer,
-- 0022 citizens): the queue and the templates accept exactly these. Kept equal to kinds.ts by
-- test/integration/notification-kinds.test.ts.
ALTER TABLE notification_job DROP CONSTRAINT notification_job_kind_check;
ALTER TABLE notification_job ADD CONSTRAINT notification_job_kind_check
  CHECK (kind IN ('booking_confirmed', 'booking_moved', 'booking_cancelled', 'reminder', 'no_answer', 'desk_delay', 'waitlist_offer', 'booking_details', 'contact_code', 'follow_up_booked', 'documents_needed', 'patronato_booked', 'drawer_registered', 'drawer_in_charge', 'drawer_answered', 'drawer_closed', 'booking_resent'));
ALTER TABLE notification_template DROP CONSTRAINT notification_template_kind_check;
ALTER TABLE notification_template ADD CONSTRAINT notification_template_kind_check
  CHECK (kind IN ('booking_confirmed', 'booking_moved', 'booking_cancelled', 'reminder', 'no_answer', 'desk_delay', 'waitlist_offer', 'booking_details', 'contact_code', 'follow_up_booked', 'documents_needed', 'patronato_booked', 'drawer_registered', 'drawer_in_charge', 'drawer_answered', 'drawer_closed', 'booking_resent'));
-- A channel row written without its list (the server writes it from *_EVENTS at start) carries every kind.
ALTER TABLE notification_channel ALTER COLUMN kinds
  SET DEFAULT ARRAY['booking_confirmed', 'booking_moved', 'booking_cancelled', 'reminder', 'no_answer', 'desk_delay', 'waitlist_offer', 'booking_details', 'contact_code', 'follow_up_booked', 'documents_needed', 'patronato_booked', 'drawer_registered', 'drawer_in_charge', 'drawer_answered', 'drawer_closed', 'booking_resent'];
