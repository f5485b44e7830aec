-- Telephony for people working from home (issue 17 §3). Invariants held here:
--  * an office's manual-mode caller-ID instructions are a dial prefix (digits, * and #)
--    and/or an office line in international form;
--  * a manual call records how the operator hid their own number (or that they did not);
--  * an incoming call is one row per (adapter, vendor call id); its states only move forward
--    (the statements that write it say so); a contact of the reception line refers to at most
--    one incoming call, and an incoming call to at most one contact.

ALTER TABLE office_telephony
  ADD COLUMN manual_dial_prefix text CHECK (manual_dial_prefix ~ '^[0-9*#]{1,12}$'),
  ADD COLUMN manual_caller_line text CHECK (manual_caller_line ~ '^\+[0-9]{6,15}$');

-- Whether the PBX's user list had the operator's extension when they signed on (null: not checked).
ALTER TABLE duty ADD COLUMN extension_verified_at timestamptz;

-- How a manual call was placed: the number the operator was told to dial and whose number
-- the citizen saw (the office's prefix, the office's line, or the operator's own).
ALTER TABLE call
  ADD COLUMN dialled text CHECK (length(dialled) <= 60),
  ADD COLUMN caller_id_mode text CHECK (caller_id_mode IN ('prefix', 'office_line', 'own_number'));

-- Calls that came in to a reception extension, as the PBX reported them.
CREATE TABLE inbound_call (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  office_id uuid NOT NULL REFERENCES office(id) ON DELETE CASCADE,
  adapter text NOT NULL CHECK (adapter IN ('wildix', 'asterisk', 'simulated')),
  external_id text NOT NULL CHECK (length(external_id) <= 200),
  extension text NOT NULL CHECK (extension ~ '^\+?[0-9A-Za-z*#._-]{1,40}$'),
  caller text CHECK (length(caller) <= 40),
  state text NOT NULL DEFAULT 'ringing' CHECK (state IN ('ringing', 'answered', 'ended', 'missed')),
  started_at timestamptz NOT NULL,
  answered_at timestamptz,
  ended_at timestamptz,
  duration_seconds integer CHECK (duration_seconds >= 0),
  talk_seconds integer CHECK (talk_seconds >= 0),
  taken_by uuid REFERENCES staff_user(id) ON DELETE SET NULL,
  taken_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (adapter, external_id),
  CHECK ((state = 'answered') <= (answered_at IS NOT NULL)),
  CHECK ((state IN ('ended', 'missed')) = (ended_at IS NOT NULL)),
  CHECK ((state = 'missed') <= (answered_at IS NULL)),
  CHECK ((taken_by IS NULL) = (taken_at IS NULL))
);
CREATE INDEX inbound_call_extension_idx ON inbound_call (extension, started_at);

ALTER TABLE reception_contact
  ADD COLUMN inbound_call_id uuid UNIQUE REFERENCES inbound_call(id) ON DELETE SET NULL,
  ADD COLUMN duration_source text NOT NULL DEFAULT 'console' CHECK (duration_source IN ('console', 'telephony'));
