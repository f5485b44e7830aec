-- Operator console and telephony (issue 7): who is on duty at a desk today, the day's
-- bookings spread over them, calls and their live states, identity checks, outcomes,
-- retries and the notices owed to citizens. Invariants held here:
--  * one duty row per (desk, operator, day); one assignment per booking;
--  * a vendor call id names one call per adapter; a vendor event is stored (and so
--    processed) once: the key of call_event is the de-duplication key;
--  * notes and instructions are at most 2,000 characters.

-- Telephony and call policy per office. Secrets are never stored: settings name the
-- environment variables that hold them (e.g. "apiKeyEnv": "WILDIX_CO01_KEY").
CREATE TABLE office_telephony (
  office_id uuid PRIMARY KEY REFERENCES office(id) ON DELETE CASCADE,
  adapter text NOT NULL CHECK (adapter IN ('wildix', 'asterisk', 'manual', 'simulated')),
  settings jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(settings) = 'object'),
  max_attempts integer NOT NULL DEFAULT 3 CHECK (max_attempts BETWEEN 1 AND 10),
  retry_delay_minutes integer NOT NULL DEFAULT 3 CHECK (retry_delay_minutes BETWEEN 0 AND 240),
  retry_window_minutes integer NOT NULL DEFAULT 30 CHECK (retry_window_minutes BETWEEN 0 AND 480),
  identity_flag_failures integer NOT NULL DEFAULT 3 CHECK (identity_flag_failures BETWEEN 1 AND 20),
  second_level_desk_id uuid REFERENCES desk(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Operators on duty at a desk on a (Europe/Rome) day. Until duty rosters exist (issue 10)
-- a row is made when the operator signs on from the console.
CREATE TABLE duty (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  desk_id uuid NOT NULL REFERENCES desk(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES staff_user(id) ON DELETE CASCADE,
  day date NOT NULL,
  status text NOT NULL DEFAULT 'on' CHECK (status IN ('on', 'off', 'absent')),
  extension text CHECK (extension ~ '^\+?[0-9A-Za-z*#._-]{1,40}$'),
  source text NOT NULL DEFAULT 'console' CHECK (source IN ('console', 'supervisor', 'roster')),
  signed_on_at timestamptz,
  signed_off_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (desk_id, user_id, day)
);
CREATE INDEX duty_user_day_idx ON duty (user_id, day);

-- One row per booking of a day that an operator is to call back.
CREATE TABLE call_assignment (
  booking_id uuid PRIMARY KEY REFERENCES booking(id) ON DELETE CASCADE,
  desk_id uuid NOT NULL REFERENCES desk(id) ON DELETE CASCADE,
  day date NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  operator_id uuid REFERENCES staff_user(id) ON DELETE SET NULL,
  pinned boolean NOT NULL DEFAULT false,
  state text NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'calling', 'in_call', 'wrap_up', 'retry', 'done', 'withdrawn')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz,
  outcome text CHECK (outcome IN ('resolved', 'no_answer', 'wrong_number', 'cancelled_by_citizen', 'second_level', 'needs_documents')),
  notes text CHECK (length(notes) <= 2000),
  instructions text CHECK (length(instructions) <= 2000),
  follow_up_booking_id uuid REFERENCES booking(id) ON DELETE SET NULL,
  identity_verified_at timestamptz,
  identity_failures integer NOT NULL DEFAULT 0 CHECK (identity_failures >= 0),
  flagged_at timestamptz,
  flag_reason text CHECK (flag_reason IN ('identity_failures', 'pin_locked')),
  closed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((state = 'done') = (outcome IS NOT NULL))
);
CREATE INDEX call_assignment_desk_day_idx ON call_assignment (desk_id, day);
CREATE INDEX call_assignment_operator_idx ON call_assignment (operator_id, day);
CREATE INDEX call_assignment_flag_idx ON call_assignment (flagged_at) WHERE flagged_at IS NOT NULL;

-- A call attempt and its live state. Timings come from the telephony events when the
-- adapter gives them (timing_source 'telephony' or 'history'), else from the console.
CREATE TABLE call (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  booking_id uuid NOT NULL REFERENCES booking(id) ON DELETE CASCADE,
  office_id uuid NOT NULL REFERENCES office(id) ON DELETE CASCADE,
  operator_id uuid REFERENCES staff_user(id) ON DELETE SET NULL,
  adapter text NOT NULL CHECK (adapter IN ('wildix', 'asterisk', 'manual', 'simulated')),
  attempt integer NOT NULL CHECK (attempt >= 1),
  extension text,
  destination text NOT NULL,
  external_id text,
  state text NOT NULL DEFAULT 'requested' CHECK (state IN ('requested', 'ringing', 'answered', 'ended', 'failed')),
  cause text CHECK (length(cause) <= 200),
  cause_code integer,
  requested_at timestamptz NOT NULL DEFAULT now(),
  ringing_at timestamptz,
  answered_at timestamptz,
  ended_at timestamptz,
  duration_seconds integer CHECK (duration_seconds >= 0),
  talk_seconds integer CHECK (talk_seconds >= 0),
  timing_source text NOT NULL DEFAULT 'console' CHECK (timing_source IN ('console', 'telephony', 'history')),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (adapter, external_id)
);
CREATE INDEX call_booking_idx ON call (booking_id, requested_at);
CREATE INDEX call_open_idx ON call (adapter, destination) WHERE state IN ('requested', 'ringing', 'answered');

-- Vendor events as received (after the signature check): the key makes a repeated
-- delivery a no-op. Unknown calls are kept with call_id NULL (logged and ignored).
CREATE TABLE call_event (
  adapter text NOT NULL,
  dedup_key text NOT NULL CHECK (length(dedup_key) <= 300),
  call_id uuid REFERENCES call(id) ON DELETE CASCADE,
  kind text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  payload jsonb NOT NULL,
  PRIMARY KEY (adapter, dedup_key)
);

-- Identity checks at the call: the result only (the PIN and the typed tax code are never stored).
CREATE TABLE identity_check (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  booking_id uuid NOT NULL REFERENCES booking(id) ON DELETE CASCADE,
  operator_id uuid REFERENCES staff_user(id) ON DELETE SET NULL,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  tax_code_ok boolean NOT NULL,
  result text NOT NULL CHECK (result IN ('ok', 'bad_tax_code', 'bad_pin', 'pin_locked'))
);
CREATE INDEX identity_check_booking_idx ON identity_check (booking_id, id);

-- Notices owed to citizens ("we tried to call you", documents to send, follow-up booked)
-- while the notifications engine is not there to take them; sent_at set once handed over.
CREATE TABLE call_notice (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  booking_id uuid NOT NULL REFERENCES booking(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('missed_callback', 'documents_needed', 'follow_up_booked')),
  detail text CHECK (length(detail) <= 2000),
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  sent_at timestamptz,
  UNIQUE (booking_id, kind)
);
