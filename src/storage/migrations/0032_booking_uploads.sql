-- Issue 19 §3: after a call ending in "documents needed", the citizen gets a one-time,
-- expiring upload link for that booking (src/uploads). The link's token is kept as its
-- SHA-256 only; the token itself travels in the documents_needed notice's job and is erased
-- from it once the job is over, like a follow-up's PIN (0017).
CREATE TABLE booking_upload_link (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  booking_id uuid NOT NULL UNIQUE REFERENCES booking(id) ON DELETE CASCADE,
  token_sha256 text NOT NULL UNIQUE CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
  -- What the operator asked for (labels in both languages), shown on the upload page.
  documents jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(documents) = 'array'),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  -- Set once, by the upload that used the link (with the documents, in one transaction).
  used_at timestamptz,
  CONSTRAINT booking_upload_link_expiry CHECK (expires_at > created_at),
  CONSTRAINT booking_upload_link_used_in_time CHECK (used_at IS NULL OR (used_at >= created_at AND used_at <= expires_at))
);

-- What arrived through the link: the same checks and columns as the drawer's documents.
CREATE TABLE booking_document (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  booking_id uuid NOT NULL REFERENCES booking(id) ON DELETE CASCADE,
  link_id uuid NOT NULL REFERENCES booking_upload_link(id) ON DELETE CASCADE,
  ordinal smallint NOT NULL CHECK (ordinal BETWEEN 1 AND 5),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120 AND name !~ '[/\\[:cntrl:]]' AND name NOT IN ('.', '..') AND left(name, 1) <> '.'),
  media_type text NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png', 'application/pkcs7-mime')),
  size integer NOT NULL CHECK (size BETWEEN 1 AND 104857600),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  scanned_by text NOT NULL CHECK (scanned_by IN ('clamav', 'none')),
  -- 'db': the bytes are in `content`; 's3': in the configured object store under `object_key`.
  storage text NOT NULL DEFAULT 'db' CHECK (storage IN ('db', 's3')),
  content bytea,
  object_key text,
  created_at timestamptz NOT NULL,
  CONSTRAINT booking_document_per_link UNIQUE (link_id, ordinal),
  CONSTRAINT booking_document_where CHECK (
    (storage = 'db' AND content IS NOT NULL AND object_key IS NULL AND octet_length(content) = size)
    OR (storage = 's3' AND content IS NULL AND object_key IS NOT NULL))
);
ALTER TABLE booking_document ALTER COLUMN content SET STORAGE EXTERNAL;
CREATE INDEX booking_document_booking_idx ON booking_document (booking_id);

-- Documents only through a link that was used at that very moment (the upload's transaction).
CREATE FUNCTION booking_document_through_used_link() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM booking_upload_link l WHERE l.id = NEW.link_id AND l.booking_id = NEW.booking_id AND l.used_at IS NOT NULL) THEN
    RAISE EXCEPTION 'booking_document: the upload link of booking % was not used by this upload', NEW.booking_id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER booking_document_through_used_link BEFORE INSERT ON booking_document FOR EACH ROW
  EXECUTE FUNCTION booking_document_through_used_link();

-- The drawer's documents may live in the object store too.
ALTER TABLE drawer_attachment DROP CONSTRAINT drawer_attachment_storage_check;
ALTER TABLE drawer_attachment ADD CONSTRAINT drawer_attachment_storage_check CHECK (storage IN ('db', 's3'));
ALTER TABLE drawer_attachment ALTER COLUMN content DROP NOT NULL;
ALTER TABLE drawer_attachment ADD COLUMN object_key text;
ALTER TABLE drawer_attachment DROP CONSTRAINT drawer_attachment_size;
ALTER TABLE drawer_attachment ADD CONSTRAINT drawer_attachment_where CHECK (
  (storage = 'db' AND content IS NOT NULL AND object_key IS NULL AND octet_length(content) = size)
  OR (storage = 's3' AND content IS NULL AND object_key IS NOT NULL));

-- The upload link's token, like a PIN, is in its job only while the job may still be sent.
CREATE OR REPLACE FUNCTION notification_forget_pin() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.data := NEW.data - 'pin' - 'uploadToken';
  RETURN NEW;
END $$;
DROP TRIGGER notification_forget_pin ON notification_job;
CREATE TRIGGER notification_forget_pin BEFORE UPDATE ON notification_job FOR EACH ROW
  WHEN (NEW.state IN ('sent', 'undeliverable', 'dead', 'obsolete', 'expired') AND (NEW.data ? 'pin' OR NEW.data ? 'uploadToken'))
  EXECUTE FUNCTION notification_forget_pin();

-- Issue 19 §2: reminders to the office staff before and after a drawer request's deadline
-- (src/drawer/remind-deadlines.ts, a scheduled job run on one instance at a time). Each stage
-- of each deadline is reminded once: the row is the proof, written in the statement that
-- queues the e-mails (recipients: how many were queued; 0 when the e-mail channel is off or
-- nobody has an address).
CREATE TABLE drawer_reminder (
  thread_id uuid NOT NULL REFERENCES drawer_thread(id) ON DELETE CASCADE,
  stage text NOT NULL CHECK (stage IN ('due_soon', 'overdue')),
  due_at timestamptz NOT NULL,
  reminded_at timestamptz NOT NULL,
  recipients integer NOT NULL DEFAULT 0 CHECK (recipients >= 0),
  PRIMARY KEY (thread_id, stage, due_at)
);
-- A notice to a staff member (the reminder) names them; the address is read at send time.
ALTER TABLE notification_job ADD COLUMN staff_user_id uuid REFERENCES staff_user(id) ON DELETE CASCADE;
ALTER TABLE notification_job ADD CONSTRAINT notification_job_staff_for_drawer CHECK (staff_user_id IS NULL OR drawer_thread_id IS NOT NULL);

-- Every notification kind the code knows (src/notifications/kinds.ts), as in 0029, with drawer_deadline.
ALTER TABLE notification_job DROP CONSTRAINT notification_job_kind_check;
ALTER TABLE notification_job ADD CONSTRAINT notification_job_kind_check
  CHECK (kind IN ('booking_confirmed', 'booking_moved', 'booking_cancelled', 'reminder', 'no_answer', 'desk_delay', 'waitlist_offer', 'booking_details', 'contact_code', 'follow_up_booked', 'documents_needed', 'patronato_booked', 'drawer_registered', 'drawer_in_charge', 'drawer_answered', 'drawer_closed', 'drawer_deadline', 'booking_resent', 'waitlist_joined'));
ALTER TABLE notification_template DROP CONSTRAINT notification_template_kind_check;
ALTER TABLE notification_template ADD CONSTRAINT notification_template_kind_check
  CHECK (kind IN ('booking_confirmed', 'booking_moved', 'booking_cancelled', 'reminder', 'no_answer', 'desk_delay', 'waitlist_offer', 'booking_details', 'contact_code', 'follow_up_booked', 'documents_needed', 'patronato_booked', 'drawer_registered', 'drawer_in_charge', 'drawer_answered', 'drawer_closed', 'drawer_deadline', 'booking_resent', 'waitlist_joined'));
ALTER TABLE notification_channel ALTER COLUMN kinds
  SET DEFAULT ARRAY['booking_confirmed', 'booking_moved', 'booking_cancelled', 'reminder', 'no_answer', 'desk_delay', 'waitlist_offer', 'booking_details', 'contact_code', 'follow_up_booked', 'documents_needed', 'patronato_booked', 'drawer_registered', 'drawer_in_charge', 'drawer_answered', 'drawer_closed', 'drawer_deadline', 'booking_resent', 'waitlist_joined'];
-- The e-mail channel carries the reminders (the server rewrites the lists from *_EVENTS at start).
UPDATE notification_channel SET kinds = kinds || ARRAY['drawer_deadline'] WHERE channel = 'email' AND NOT ('drawer_deadline' = ANY (kinds));
