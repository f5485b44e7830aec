-- Citizen experience (issue 21).

-- Competence: the comuni an office serves besides its own town (office file `serves`); every
-- other comune of a province is served by the office in its capital (domain/catalog/competence.ts).
ALTER TABLE office ADD COLUMN serves text[] NOT NULL DEFAULT '{}'
  CHECK (cardinality(serves) <= 500);

-- The demo outbox: with no real channel configured (the embedded demo), e-mail and SMS go
-- through the whole queue into this table instead of a provider, so that every message can
-- be seen as the citizen would get it. demo_outbox marks a channel whose "provider" is the
-- outbox: nothing reaches anyone, and the pages say so.
ALTER TABLE notification_channel ADD COLUMN demo_outbox boolean NOT NULL DEFAULT false;

CREATE TABLE demo_outbox_message (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- One message per job: a job sent again (worker restarted) is not written twice.
  job_id uuid NOT NULL UNIQUE REFERENCES notification_job(id) ON DELETE CASCADE,
  booking_id uuid NOT NULL REFERENCES booking(id) ON DELETE CASCADE,
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'appio')),
  kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 40),
  language text NOT NULL CHECK (language IN ('it', 'en')),
  recipient text NOT NULL CHECK (length(recipient) <= 320),
  subject text CHECK (length(subject) <= 500),
  body text NOT NULL CHECK (length(body) <= 20000),
  html text CHECK (length(html) <= 100000),
  ics text CHECK (length(ics) <= 20000),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX demo_outbox_booking_idx ON demo_outbox_message (booking_id);
CREATE INDEX demo_outbox_recent_idx ON demo_outbox_message (created_at DESC);

-- "I lost my code": a booking's code sent again to its own contact, asked for by its citizen.
ALTER TABLE notification_job DROP CONSTRAINT notification_job_kind_check;
ALTER TABLE notification_job ADD CONSTRAINT notification_job_kind_check
  CHECK (kind IN ('booking_confirmed', 'booking_moved', 'booking_cancelled', 'reminder', 'no_answer', 'desk_delay', 'waitlist_offer', 'booking_details', 'contact_code', 'booking_resent'));
ALTER TABLE notification_template DROP CONSTRAINT notification_template_kind_check;
ALTER TABLE notification_template ADD CONSTRAINT notification_template_kind_check
  CHECK (kind IN ('booking_confirmed', 'booking_moved', 'booking_cancelled', 'reminder', 'no_answer', 'desk_delay', 'waitlist_offer', 'booking_details', 'contact_code', 'booking_resent'));
ALTER TABLE notification_channel ALTER COLUMN kinds
  SET DEFAULT ARRAY['booking_confirmed', 'booking_moved', 'booking_cancelled', 'reminder', 'no_answer', 'desk_delay', 'waitlist_offer', 'booking_details', 'contact_code', 'booking_resent'];
UPDATE notification_channel SET kinds = kinds || ARRAY['booking_resent'] WHERE 'booking_details' = ANY (kinds) AND NOT ('booking_resent' = ANY (kinds));

-- A hold can be extended once, by its own length, before it lapses (WCAG 2.2.1 Timing adjustable).
ALTER TABLE booking ADD COLUMN hold_extended boolean NOT NULL DEFAULT false;
