-- Offices, desks and their calendars: region → province → office → desk.
-- Invariants live here: codes and numbers unique per office, sane ranges,
-- no two opening intervals of a desk overlapping on the same weekday (EXCLUDE).

CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- A range of wall-clock times, for the non-overlap constraint on opening intervals.
DO $$ BEGIN
  CREATE TYPE timerange AS RANGE (subtype = time);
EXCEPTION WHEN duplicate_object THEN NULL; END $$;

CREATE TABLE region (
  code text PRIMARY KEY CHECK (code ~ '^[A-Z]{2,5}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100)
);

CREATE TABLE province (
  code text PRIMARY KEY CHECK (code ~ '^[A-Z]{2}$'),
  region_code text NOT NULL REFERENCES region(code),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  capital text NOT NULL,
  patron text,
  patron_day text CHECK (patron_day ~ '^[0-1][0-9]-[0-3][0-9]$'),
  reception_phone text CHECK (reception_phone ~ '^\+[1-9][0-9]{5,14}$')
);

CREATE TABLE office (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9]{2,10}$'),
  province_code text NOT NULL REFERENCES province(code),
  kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 60),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  town text NOT NULL CHECK (length(town) BETWEEN 1 AND 120),
  address text CHECK (length(address) <= 200),
  reception_phone text CHECK (reception_phone ~ '^\+[1-9][0-9]{5,14}$'),
  time_zone text NOT NULL DEFAULT 'Europe/Rome',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX office_province_idx ON office (province_code);

-- Local holidays (patron saints): 'MM-DD' every year, or 'YYYY-MM-DD' once.
CREATE TABLE office_holiday (
  office_id uuid NOT NULL REFERENCES office(id) ON DELETE CASCADE,
  day text NOT NULL CHECK (day ~ '^([0-9]{4}-)?[0-1][0-9]-[0-3][0-9]$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  PRIMARY KEY (office_id, day)
);

CREATE TABLE desk (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  office_id uuid NOT NULL REFERENCES office(id) ON DELETE CASCADE,
  key text NOT NULL CHECK (key ~ '^[a-z0-9][a-z0-9-]{1,39}$'),
  number integer NOT NULL CHECK (number BETWEEN 1 AND 999),
  name_it text NOT NULL CHECK (length(name_it) BETWEEN 1 AND 120),
  name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 120),
  description_it text NOT NULL DEFAULT '' CHECK (length(description_it) <= 2000),
  description_en text NOT NULL DEFAULT '' CHECK (length(description_en) <= 2000),
  channels text[] NOT NULL DEFAULT ARRAY['phone']
    CHECK (cardinality(channels) >= 1 AND channels <@ ARRAY['phone', 'video']),
  slot_minutes integer NOT NULL DEFAULT 8 CHECK (slot_minutes BETWEEN 5 AND 240),
  horizon_days integer NOT NULL DEFAULT 30 CHECK (horizon_days BETWEEN 1 AND 365),
  min_notice_minutes integer NOT NULL DEFAULT 120 CHECK (min_notice_minutes BETWEEN 0 AND 43200),
  topics jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(topics) = 'array'),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (office_id, key),
  CONSTRAINT desk_office_number_key UNIQUE (office_id, number) DEFERRABLE INITIALLY DEFERRED
);

-- Weekly opening pattern: weekday 1 = Monday … 7 = Sunday, [opens, closes) local time.
CREATE TABLE desk_opening (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  desk_id uuid NOT NULL REFERENCES desk(id) ON DELETE CASCADE,
  weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  opens time NOT NULL,
  closes time NOT NULL,
  places integer NOT NULL CHECK (places BETWEEN 1 AND 200),
  CHECK (opens < closes),
  CONSTRAINT desk_opening_no_overlap
    EXCLUDE USING gist (desk_id WITH =, weekday WITH =, timerange(opens, closes) WITH &&)
);

-- Dated exceptions: closure (whole day or part), extra opening, reduced places.
CREATE TABLE desk_exception (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  desk_id uuid NOT NULL REFERENCES desk(id) ON DELETE CASCADE,
  day date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('closed', 'extra', 'reduced')),
  opens time,
  closes time,
  places integer CHECK (places BETWEEN 0 AND 200),
  reason text CHECK (length(reason) <= 300),
  CHECK ((opens IS NULL) = (closes IS NULL)),
  CHECK (opens IS NULL OR opens < closes),
  CHECK (kind <> 'extra' OR (opens IS NOT NULL AND places >= 1)),
  CHECK (kind <> 'reduced' OR places IS NOT NULL),
  CHECK (kind <> 'closed' OR places IS NULL)
);
CREATE INDEX desk_exception_desk_day_idx ON desk_exception (desk_id, day);

-- Staff accounts (roles and sign-in come with the identity capability).
CREATE TABLE staff_user (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
  email text CHECK (email ~ '^[^@\s]+@[^@\s]+$'),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX staff_user_username_idx ON staff_user (lower(username));
