-- Reception line: approved short answers (searched in Italian full text) and the contact log.

CREATE TABLE short_answer (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title text NOT NULL CHECK (length(title) BETWEEN 3 AND 120),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 1000),
  tags text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 20),
  -- null: every province of the region
  province_code text REFERENCES province(code),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
  version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  search tsvector NOT NULL DEFAULT ''::tsvector,
  created_by uuid REFERENCES staff_user(id),
  updated_by uuid REFERENCES staff_user(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX short_answer_search_idx ON short_answer USING gin (search);

-- Every version of every answer, written by trigger: who changed what, when.
CREATE TABLE short_answer_version (
  answer_id uuid NOT NULL REFERENCES short_answer(id) ON DELETE CASCADE,
  version integer NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  tags text[] NOT NULL,
  province_code text,
  status text NOT NULL,
  changed_by uuid REFERENCES staff_user(id),
  changed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (answer_id, version)
);

CREATE FUNCTION short_answer_before_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search := setweight(to_tsvector('italian', NEW.title), 'A')
             || setweight(to_tsvector('italian', array_to_string(NEW.tags, ' ')), 'A')
             || setweight(to_tsvector('italian', NEW.body), 'B');
  IF TG_OP = 'UPDATE' THEN
    NEW.version := OLD.version + 1;
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER short_answer_before_write BEFORE INSERT OR UPDATE ON short_answer
  FOR EACH ROW EXECUTE FUNCTION short_answer_before_write();

CREATE FUNCTION short_answer_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO short_answer_version (answer_id, version, title, body, tags, province_code, status, changed_by)
  VALUES (NEW.id, NEW.version, NEW.title, NEW.body, NEW.tags, NEW.province_code, NEW.status, COALESCE(NEW.updated_by, NEW.created_by));
  RETURN NULL;
END $$;

CREATE TRIGGER short_answer_history AFTER INSERT OR UPDATE ON short_answer
  FOR EACH ROW EXECUTE FUNCTION short_answer_history();

-- One row per call the reception line handled.
CREATE TABLE reception_contact (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agent_id uuid NOT NULL REFERENCES staff_user(id),
  province_code text NOT NULL REFERENCES province(code),
  reason text NOT NULL CHECK (reason IN ('booked', 'moved', 'cancelled', 'short_answer', 'redirected', 'other')),
  short_answer_id uuid REFERENCES short_answer(id),
  booking_code text CHECK (length(booking_code) <= 24),
  duration_seconds integer NOT NULL CHECK (duration_seconds BETWEEN 0 AND 14400),
  note text CHECK (length(note) <= 500),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT contact_answer CHECK ((reason = 'short_answer') = (short_answer_id IS NOT NULL))
);
CREATE INDEX reception_contact_day_idx ON reception_contact (province_code, created_at);
CREATE INDEX reception_contact_agent_idx ON reception_contact (agent_id, created_at);
