-- The two-way drawer (cassetto bidirezionale) between labour consultants and the offices,
-- and the documents that travel in it. Invariants held here, not in the code:
--  * the subject tree has two levels, per region; a thread's subject is a leaf (level 2);
--  * one active delegation per consultant and company (revoking keeps the row);
--  * a protocol number is unique, drawn from a per-office, per-year counter in one statement;
--  * states aperta (open) → in carico (in_charge) → chiusa (closed): a thread in charge has
--    an assignee and a taken-at time, a closed one an outcome and a closed-at time;
--  * a thread's desk belongs to its office;
--  * internal notes are written by staff only;
--  * at most 5 attachments per message (ordinal 1–5, unique), with a checked type, a SHA-256
--    and a name without path separators or control characters.

-- Two-level subject tree, per region. A leaf routes to a desk of the company's office (by
-- the desk's key; none: the office's own queue) and sets the SLA in working days.
CREATE TABLE drawer_subject (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_code text NOT NULL REFERENCES region(code) ON DELETE CASCADE,
  level smallint NOT NULL CHECK (level IN (1, 2)),
  parent_id uuid,
  parent_level smallint CHECK (parent_level = 1),
  key text NOT NULL CHECK (key ~ '^[a-z0-9][a-z0-9-]{1,39}$'),
  name_it text NOT NULL CHECK (length(name_it) BETWEEN 1 AND 120),
  name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 120),
  desk_key text CHECK (desk_key ~ '^[a-z0-9][a-z0-9-]{1,39}$'),
  sla_days integer CHECK (sla_days BETWEEN 1 AND 90),
  position integer NOT NULL DEFAULT 0,
  CONSTRAINT drawer_subject_ids UNIQUE (id, level, region_code),
  CONSTRAINT drawer_subject_parent FOREIGN KEY (parent_id, parent_level, region_code)
    REFERENCES drawer_subject (id, level, region_code) ON DELETE CASCADE,
  CONSTRAINT drawer_subject_shape CHECK (
    (level = 1 AND parent_id IS NULL AND parent_level IS NULL AND sla_days IS NULL AND desk_key IS NULL) OR
    (level = 2 AND parent_id IS NOT NULL AND parent_level = 1 AND sla_days IS NOT NULL))
);
CREATE UNIQUE INDEX drawer_subject_key_idx ON drawer_subject (region_code, COALESCE(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), key);
CREATE UNIQUE INDEX drawer_subject_leaf_idx ON drawer_subject (id, level);

-- Companies (matricola INPS: 10 digits) and the office competent for them.
CREATE TABLE drawer_company (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  matricola text NOT NULL UNIQUE CHECK (matricola ~ '^[0-9]{10}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  office_id uuid NOT NULL REFERENCES office(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX drawer_company_office_idx ON drawer_company (office_id);

-- A consultant acts for a company while a delegation is active; an office admin revokes it.
CREATE TABLE drawer_delegation (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL REFERENCES drawer_company(id) ON DELETE CASCADE,
  consultant_id uuid NOT NULL REFERENCES staff_user(id) ON DELETE CASCADE,
  granted_by uuid REFERENCES staff_user(id) ON DELETE SET NULL,
  granted_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  revoked_by uuid REFERENCES staff_user(id) ON DELETE SET NULL,
  CHECK (revoked_at IS NULL OR revoked_at >= granted_at)
);
CREATE UNIQUE INDEX drawer_delegation_active_idx ON drawer_delegation (company_id, consultant_id) WHERE revoked_at IS NULL;
CREATE INDEX drawer_delegation_consultant_idx ON drawer_delegation (consultant_id) WHERE revoked_at IS NULL;

-- Protocol numbers: <office code>-<year>-<6 digits>, one counter per office and year.
CREATE TABLE drawer_protocol_counter (
  office_id uuid NOT NULL REFERENCES office(id) ON DELETE CASCADE,
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  last integer NOT NULL CHECK (last BETWEEN 1 AND 999999),
  PRIMARY KEY (office_id, year)
);

CREATE UNIQUE INDEX desk_office_pair_idx ON desk (id, office_id);

CREATE TABLE drawer_thread (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  protocol text NOT NULL UNIQUE CHECK (protocol ~ '^[A-Z0-9]{2,10}-[0-9]{4}-[0-9]{6}$'),
  company_id uuid NOT NULL REFERENCES drawer_company(id),
  consultant_id uuid REFERENCES staff_user(id) ON DELETE SET NULL,
  subject_id uuid NOT NULL,
  subject_level smallint NOT NULL DEFAULT 2 CHECK (subject_level = 2),
  title text NOT NULL CHECK (length(title) BETWEEN 3 AND 200),
  office_id uuid NOT NULL REFERENCES office(id),
  desk_id uuid,
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'in_charge', 'closed')),
  assignee_id uuid REFERENCES staff_user(id) ON DELETE SET NULL,
  outcome text CHECK (outcome IN ('resolved', 'rejected', 'not_competent', 'withdrawn')),
  outcome_note text CHECK (length(outcome_note) <= 2000),
  registered_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  taken_at timestamptz,
  first_answer_at timestamptz,
  closed_at timestamptz,
  last_activity_at timestamptz NOT NULL,
  CONSTRAINT drawer_thread_subject FOREIGN KEY (subject_id, subject_level) REFERENCES drawer_subject (id, level),
  CONSTRAINT drawer_thread_desk FOREIGN KEY (desk_id, office_id) REFERENCES desk (id, office_id),
  CONSTRAINT drawer_thread_due CHECK (due_at > registered_at),
  CONSTRAINT drawer_thread_taken CHECK ((state = 'open') = (taken_at IS NULL)),
  CONSTRAINT drawer_thread_closed CHECK ((state = 'closed') = (closed_at IS NOT NULL) AND (state = 'closed') = (outcome IS NOT NULL)),
  CONSTRAINT drawer_thread_order CHECK (taken_at IS NULL OR taken_at >= registered_at)
);
CREATE INDEX drawer_thread_queue_idx ON drawer_thread (office_id, state, due_at);
CREATE INDEX drawer_thread_company_idx ON drawer_thread (company_id, registered_at DESC);
CREATE INDEX drawer_thread_assignee_idx ON drawer_thread (assignee_id, state) WHERE assignee_id IS NOT NULL;
CREATE INDEX drawer_thread_registered_idx ON drawer_thread (office_id, registered_at DESC);

-- Messages both ways; internal notes (staff only) never reach the consultant.
CREATE TABLE drawer_message (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  thread_id uuid NOT NULL REFERENCES drawer_thread(id) ON DELETE CASCADE,
  author_kind text NOT NULL CHECK (author_kind IN ('consultant', 'staff')),
  author_id uuid REFERENCES staff_user(id) ON DELETE SET NULL,
  internal boolean NOT NULL DEFAULT false,
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
  created_at timestamptz NOT NULL,
  CONSTRAINT drawer_message_internal CHECK (NOT internal OR author_kind = 'staff')
);
CREATE INDEX drawer_message_thread_idx ON drawer_message (thread_id, created_at);

-- Attachments: bytes in the database (storage 'db'); type read from the content.
CREATE TABLE drawer_attachment (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  message_id uuid NOT NULL REFERENCES drawer_message(id) ON DELETE CASCADE,
  thread_id uuid NOT NULL REFERENCES drawer_thread(id) ON DELETE CASCADE,
  ordinal smallint NOT NULL CHECK (ordinal BETWEEN 1 AND 5),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120 AND name !~ '[/\\[:cntrl:]]' AND name NOT IN ('.', '..') AND left(name, 1) <> '.'),
  media_type text NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png', 'application/pkcs7-mime')),
  size integer NOT NULL CHECK (size BETWEEN 1 AND 104857600),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  scanned_by text NOT NULL CHECK (scanned_by IN ('clamav', 'none')),
  storage text NOT NULL DEFAULT 'db' CHECK (storage IN ('db')),
  content bytea NOT NULL,
  created_at timestamptz NOT NULL,
  CONSTRAINT drawer_attachment_per_message UNIQUE (message_id, ordinal),
  CONSTRAINT drawer_attachment_size CHECK (octet_length(content) = size)
);
ALTER TABLE drawer_attachment ALTER COLUMN content SET STORAGE EXTERNAL; -- already compressed formats: no TOAST compression
CREATE INDEX drawer_attachment_thread_idx ON drawer_attachment (thread_id);

-- Notices to the consultant go through the notification queue: a job names a booking or a
-- drawer thread (exactly one); the contact is read at send time.
ALTER TABLE notification_job ALTER COLUMN booking_id DROP NOT NULL;
ALTER TABLE notification_job ADD COLUMN drawer_thread_id uuid REFERENCES drawer_thread(id) ON DELETE CASCADE;
ALTER TABLE notification_job ADD CONSTRAINT notification_job_subject CHECK (num_nonnulls(booking_id, drawer_thread_id) = 1);
CREATE INDEX notification_job_drawer_idx ON notification_job (drawer_thread_id) WHERE drawer_thread_id IS NOT NULL;
ALTER TABLE notification_job DROP CONSTRAINT notification_job_kind_check;
ALTER TABLE notification_job ADD CONSTRAINT notification_job_kind_check
  CHECK (kind IN ('booking_confirmed', 'booking_moved', 'booking_cancelled', 'reminder', 'no_answer', 'desk_delay', 'waitlist_offer', 'booking_details', 'contact_code',
                  'drawer_registered', 'drawer_in_charge', 'drawer_answered', 'drawer_closed'));
ALTER TABLE notification_template DROP CONSTRAINT notification_template_kind_check;
ALTER TABLE notification_template ADD CONSTRAINT notification_template_kind_check
  CHECK (kind IN ('booking_confirmed', 'booking_moved', 'booking_cancelled', 'reminder', 'no_answer', 'desk_delay', 'waitlist_offer', 'booking_details', 'contact_code',
                  'drawer_registered', 'drawer_in_charge', 'drawer_answered', 'drawer_closed'));
UPDATE notification_channel SET kinds = kinds || ARRAY['drawer_registered', 'drawer_in_charge', 'drawer_answered', 'drawer_closed']
 WHERE channel = 'email' AND NOT ('drawer_registered' = ANY (kinds));

-- Queues a notice about a thread to its consultant's e-mail (the e-mail channel only; a PEC
-- address is an e-mail address). Returns the number of jobs queued (0: channel off, no address).
CREATE FUNCTION drawer_notify(p_thread uuid, p_kind text, p_key text, p_now timestamptz) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  n integer := 0;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM notification_channel WHERE channel = 'email' AND enabled AND p_kind = ANY (kinds)) THEN
    RETURN 0;
  END IF;
  INSERT INTO notification_job (event_key, kind, channel, drawer_thread_id, starts_at, run_after, expires_at)
  SELECT p_key, p_kind, 'email', t.id, t.registered_at, p_now, p_now + interval '7 days'
    FROM drawer_thread t JOIN staff_user u ON u.id = t.consultant_id
   WHERE t.id = p_thread AND u.email IS NOT NULL
  ON CONFLICT (event_key, channel) DO NOTHING;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;

-- The default subject tree, given to every region (existing ones and each new one); an
-- administrator may change it afterwards. Leaves: desk key for routing, SLA in working days.
CREATE FUNCTION drawer_seed_subjects(p_region text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  r record;
  parent uuid;
BEGIN
  FOR r IN SELECT * FROM (VALUES
      (1, 'contributi', 'Contributi e versamenti', 'Contributions and payments', NULL, NULL, NULL),
      (2, 'uniemens', 'Denunce UniEmens', 'UniEmens returns', 'contributi', 'assicurato-pensionato', 10),
      (2, 'note-rettifica', 'Note di rettifica', 'Adjustment notices', 'contributi', 'assicurato-pensionato', 10),
      (2, 'rateazioni', 'Rateazioni', 'Instalment plans', 'contributi', 'assicurato-pensionato', 15),
      (2, 'durc', 'DURC – regolarità contributiva', 'DURC – contribution regularity', 'contributi', 'assicurato-pensionato', 5),
      (1, 'ammortizzatori', 'Ammortizzatori sociali', 'Wage support', NULL, NULL, NULL),
      (2, 'cassa-integrazione', 'Cassa integrazione', 'Wage guarantee fund', 'ammortizzatori', 'prestazioni', 10),
      (2, 'conguagli', 'Conguagli di prestazioni anticipate', 'Offsetting of benefits paid in advance', 'ammortizzatori', 'prestazioni', 10),
      (1, 'posizione-aziendale', 'Posizione aziendale', 'Company record', NULL, NULL, NULL),
      (2, 'iscrizione-variazioni', 'Iscrizione e variazioni', 'Registration and changes', 'posizione-aziendale', NULL, 10),
      (2, 'sospensione-cessazione', 'Sospensione e cessazione', 'Suspension and closure', 'posizione-aziendale', NULL, 10),
      (1, 'generica', 'Richiesta generica', 'General request', NULL, NULL, NULL),
      (2, 'altro', 'Altro', 'Other', 'generica', NULL, 10)
    ) AS t(level, key, name_it, name_en, parent_key, desk_key, sla_days)
  LOOP
    IF r.level = 1 THEN
      INSERT INTO drawer_subject (region_code, level, key, name_it, name_en, position)
      SELECT p_region, 1, r.key, r.name_it, r.name_en, (SELECT count(*) FROM drawer_subject WHERE region_code = p_region)
       WHERE NOT EXISTS (SELECT 1 FROM drawer_subject WHERE region_code = p_region AND level = 1 AND key = r.key);
    ELSE
      SELECT id INTO parent FROM drawer_subject WHERE region_code = p_region AND level = 1 AND key = r.parent_key;
      INSERT INTO drawer_subject (region_code, level, parent_id, parent_level, key, name_it, name_en, desk_key, sla_days, position)
      SELECT p_region, 2, parent, 1, r.key, r.name_it, r.name_en, r.desk_key, r.sla_days, (SELECT count(*) FROM drawer_subject WHERE region_code = p_region)
       WHERE NOT EXISTS (SELECT 1 FROM drawer_subject WHERE parent_id = parent AND key = r.key);
    END IF;
  END LOOP;
END $$;

CREATE FUNCTION drawer_on_region() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM drawer_seed_subjects(NEW.code);
  RETURN NULL;
END $$;
CREATE TRIGGER drawer_on_region AFTER INSERT ON region FOR EACH ROW EXECUTE FUNCTION drawer_on_region();
SELECT drawer_seed_subjects(code) FROM region;
