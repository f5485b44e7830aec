-- Staff identity and access: accounts (local and single sign-on), office-scoped roles,
-- server-side sessions, sign-in transactions, and the append-only audit log.
-- Invariants live here: a grant's scope matches its kind, one identity per provider
-- subject, session tokens stored only as hashes, and the audit log refuses UPDATE,
-- DELETE and TRUNCATE (a trigger, so it holds for the table's owner too).

ALTER TABLE staff_user
  ADD COLUMN password_hash text,
  ADD COLUMN password_changed_at timestamptz,
  ADD COLUMN failed_logins integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
  ADD COLUMN locked_until timestamptz,
  ADD COLUMN totp_secret text,            -- encrypted (AES-256-GCM with AUTH_SECRET), null = no second factor
  ADD COLUMN totp_pending_secret text,    -- being enrolled, not yet confirmed
  ADD COLUMN totp_last_step bigint,       -- last accepted time step: a code is never accepted twice
  ADD COLUMN demo boolean NOT NULL DEFAULT false,
  ADD COLUMN last_login_at timestamptz,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

-- Who may do what, where. One row per (user, role, scope). Scope kinds:
-- region (region_code), province (province_code), office (office_id), desk (desk_id).
CREATE TABLE staff_grant (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES staff_user(id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('regional_admin', 'office_admin', 'urp_monitor', 'reception_agent',
    'desk_operator', 'patronato_operator', 'labour_consultant', 'station')),
  scope_kind text NOT NULL CHECK (scope_kind IN ('region', 'province', 'office', 'desk')),
  region_code text REFERENCES region(code) ON DELETE CASCADE,
  province_code text REFERENCES province(code) ON DELETE CASCADE,
  office_id uuid REFERENCES office(id) ON DELETE CASCADE,
  desk_id uuid REFERENCES desk(id) ON DELETE CASCADE,
  source text NOT NULL DEFAULT 'local' CHECK (source IN ('local', 'oidc')),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT staff_grant_scope CHECK (
    (scope_kind = 'region'   AND region_code IS NOT NULL AND province_code IS NULL AND office_id IS NULL AND desk_id IS NULL) OR
    (scope_kind = 'province' AND province_code IS NOT NULL AND region_code IS NULL AND office_id IS NULL AND desk_id IS NULL) OR
    (scope_kind = 'office'   AND office_id IS NOT NULL AND region_code IS NULL AND province_code IS NULL AND desk_id IS NULL) OR
    (scope_kind = 'desk'     AND desk_id IS NOT NULL AND region_code IS NULL AND province_code IS NULL AND office_id IS NULL)
  )
);
CREATE UNIQUE INDEX staff_grant_unique_idx ON staff_grant
  (user_id, role, scope_kind, COALESCE(region_code, ''), COALESCE(province_code, ''),
   COALESCE(office_id::text, ''), COALESCE(desk_id::text, ''));

-- Single sign-on: the provider's (issuer, subject) pair names one staff account.
CREATE TABLE staff_identity (
  issuer text NOT NULL,
  subject text NOT NULL,
  user_id uuid NOT NULL REFERENCES staff_user(id) ON DELETE CASCADE,
  last_login_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (issuer, subject)
);
CREATE INDEX staff_identity_user_idx ON staff_identity (user_id);

-- Server-side sessions. The cookie holds a random token; only its SHA-256 is stored.
-- 'pending' = password accepted, second factor still to give (or to enrol).
CREATE TABLE auth_session (
  token_hash text PRIMARY KEY CHECK (length(token_hash) = 64),
  kind text NOT NULL CHECK (kind IN ('staff', 'citizen')),
  state text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'pending')),
  user_id uuid REFERENCES staff_user(id) ON DELETE CASCADE,
  tax_code text CHECK (tax_code ~ '^[A-Z0-9]{16}$'),
  citizen_name text CHECK (length(citizen_name) <= 200),
  method text NOT NULL CHECK (method IN ('password', 'oidc')),
  csrf_token text NOT NULL,
  ip text,
  user_agent text CHECK (length(user_agent) <= 400),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  CHECK ((kind = 'staff') = (user_id IS NOT NULL)),
  CHECK ((kind = 'citizen') = (tax_code IS NOT NULL))
);
CREATE INDEX auth_session_user_idx ON auth_session (user_id);
CREATE INDEX auth_session_expires_idx ON auth_session (expires_at);

-- An OpenID Connect sign-in under way (state, nonce, PKCE verifier), bound to the
-- browser that started it by a cookie whose hash is the key. Used once.
CREATE TABLE oidc_login (
  binding_hash text PRIMARY KEY CHECK (length(binding_hash) = 64),
  audience text NOT NULL CHECK (audience IN ('staff', 'citizen')),
  state text NOT NULL,
  nonce text NOT NULL,
  code_verifier text NOT NULL,
  return_to text NOT NULL DEFAULT '/',
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);

-- Who did what, when, where, to which record, from which address. Append-only.
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor_kind text NOT NULL CHECK (actor_kind IN ('anonymous', 'citizen', 'staff', 'system')),
  actor_id uuid,                      -- staff_user.id (no foreign key: the log outlives accounts)
  actor_name text,                    -- username, or the citizen's masked tax code
  actor_roles text[] NOT NULL DEFAULT '{}',
  action text NOT NULL CHECK (length(action) BETWEEN 1 AND 100),
  outcome text NOT NULL CHECK (outcome IN ('success', 'denied', 'failure')),
  resource_type text CHECK (length(resource_type) <= 60),
  resource_id text CHECK (length(resource_id) <= 200),
  province_code text,
  office_id uuid,
  ip text,
  user_agent text CHECK (length(user_agent) <= 400),
  request_id text,
  method text,
  path text CHECK (length(path) <= 500),
  status integer,
  details jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(details) = 'object')
);
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, id DESC);
CREATE INDEX audit_log_resource_idx ON audit_log (resource_type, resource_id);
CREATE INDEX audit_log_office_idx ON audit_log (office_id, id DESC);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege', TABLE = 'audit_log';
END $$;

CREATE TRIGGER audit_log_no_update_delete
  BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate
  BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- Data retention: which bookings were pseudonymised and when (statistics stay in booking).
CREATE TABLE retention_run (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  finished_at timestamptz,
  cutoff timestamptz NOT NULL,
  bookings integer NOT NULL DEFAULT 0,
  waitlist_entries integer NOT NULL DEFAULT 0,
  trigger text NOT NULL CHECK (trigger IN ('schedule', 'manual'))
);

-- Pseudonymisation of personal data (retention job, erasure on request). A pseudonymised
-- booking keeps its desk, times, status, channel, topic, priority and source (statistics);
-- its tax code becomes a keyed pseudonym (16 characters, not a valid codice fiscale: the
-- same person still counts once) and name, phone, e-mail, notes and PIN are removed.
ALTER TABLE booking ADD COLUMN personal_data_erased_at timestamptz;
ALTER TABLE booking DROP CONSTRAINT booking_person;
ALTER TABLE booking ADD CONSTRAINT booking_person CHECK (
  status <> 'booked' OR personal_data_erased_at IS NOT NULL OR
  (tax_code IS NOT NULL AND full_name IS NOT NULL AND phone IS NOT NULL AND pin_hash IS NOT NULL AND consent_at IS NOT NULL));
CREATE INDEX booking_retention_idx ON booking (ends_at) WHERE personal_data_erased_at IS NULL;

ALTER TABLE waitlist_entry ADD COLUMN personal_data_erased_at timestamptz;
ALTER TABLE waitlist_entry ALTER COLUMN full_name DROP NOT NULL;
ALTER TABLE waitlist_entry ALTER COLUMN phone DROP NOT NULL;
ALTER TABLE waitlist_entry ADD CONSTRAINT waitlist_person CHECK (
  personal_data_erased_at IS NOT NULL OR (full_name IS NOT NULL AND phone IS NOT NULL));
