-- URP monitoring (issue 9): alert thresholds and recipients, open alerts (e-mailed once when
-- they start), and the daily rollups the history reads for closed days.

-- Thresholds per node of the tree ('region:LOM', 'province:CO', 'office:<id>', 'desk:<id>');
-- a desk follows the nearest node that has a row, else the defaults.
CREATE TABLE monitoring_alert_setting (
  scope text PRIMARY KEY CHECK (scope ~ '^(region|province|office|desk):[A-Za-z0-9-]{2,64}$'),
  lead_time_days integer NOT NULL DEFAULT 10 CHECK (lead_time_days BETWEEN 1 AND 365),
  no_answer_rate double precision NOT NULL DEFAULT 0.2 CHECK (no_answer_rate > 0 AND no_answer_rate <= 1),
  overrun_rate double precision NOT NULL DEFAULT 0.3 CHECK (overrun_rate > 0 AND overrun_rate <= 1),
  emails text[] NOT NULL DEFAULT '{}' CHECK (cardinality(emails) <= 20),
  updated_by uuid REFERENCES staff_user(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Alerts found by the evaluation job. One open alert per (code, desk): it starts once (and is
-- e-mailed once), stays open while the condition holds and ends when it no longer does.
CREATE TABLE monitoring_alert (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL CHECK (code IN ('lead_time', 'no_answer_rate', 'overrun_rate')),
  desk_id uuid NOT NULL REFERENCES desk(id) ON DELETE CASCADE,
  level text NOT NULL CHECK (level IN ('warning', 'danger')),
  value double precision NOT NULL,
  threshold double precision NOT NULL,
  message_it text NOT NULL,
  message_en text NOT NULL,
  since timestamptz NOT NULL DEFAULT now(),
  seen_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  emailed_at timestamptz,
  email_error text CHECK (length(email_error) <= 500)
);
CREATE UNIQUE INDEX monitoring_alert_open ON monitoring_alert (code, desk_id) WHERE ended_at IS NULL;

-- Daily rollups of closed days (Europe/Rome), rebuilt per day by the rollup job: the same
-- counters the live queries compute from the raw tables.
CREATE TABLE monitoring_day (
  desk_id uuid NOT NULL REFERENCES desk(id) ON DELETE CASCADE,
  day date NOT NULL,
  offered integer NOT NULL DEFAULT 0,
  booked integer NOT NULL DEFAULT 0,
  cancelled integer NOT NULL DEFAULT 0,
  served integer NOT NULL DEFAULT 0,
  no_answer integer NOT NULL DEFAULT 0,
  calls integer NOT NULL DEFAULT 0,
  call_seconds bigint NOT NULL DEFAULT 0,
  overrun integer NOT NULL DEFAULT 0,
  PRIMARY KEY (desk_id, day)
);
CREATE INDEX monitoring_day_day_idx ON monitoring_day (day);

-- Call durations of a closed day: how many calls lasted each number of seconds.
CREATE TABLE monitoring_day_duration (
  desk_id uuid NOT NULL REFERENCES desk(id) ON DELETE CASCADE,
  day date NOT NULL,
  sec integer NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (desk_id, day, sec) INCLUDE (n)
);

-- The same durations summed per node of the tree ('desk' | 'office' | 'province' | 'region'),
-- per day and per month (a month row sums the rolled-up days of that month): a region's year
-- is read from a few hundred thousand rows instead of every desk's.
CREATE TABLE monitoring_node_day_duration (
  level text NOT NULL CHECK (level IN ('region', 'province', 'office', 'desk')),
  node text NOT NULL,
  day date NOT NULL,
  sec integer NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (level, node, day, sec) INCLUDE (n) -- read by index-only scans
);
CREATE TABLE monitoring_node_month_duration (
  level text NOT NULL CHECK (level IN ('region', 'province', 'office', 'desk')),
  node text NOT NULL,
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  sec integer NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (level, node, month, sec) INCLUDE (n)
);

-- The same, packed: one row per node and day / month, its durations as "sec:n,sec:n,…" (what the
-- dashboard reads: a region's year is 366 rows).
CREATE TABLE monitoring_node_day_packed (
  level text NOT NULL,
  node text NOT NULL,
  day date NOT NULL,
  durations text NOT NULL,
  PRIMARY KEY (level, node, day)
);
CREATE TABLE monitoring_node_month_packed (
  level text NOT NULL,
  node text NOT NULL,
  month date NOT NULL,
  durations text NOT NULL,
  PRIMARY KEY (level, node, month)
);

-- Reception contacts of a closed day per province, reason and the desk of the booking named (if any).
CREATE TABLE monitoring_day_contact (
  province_code text NOT NULL REFERENCES province(code) ON DELETE CASCADE,
  desk_id uuid REFERENCES desk(id) ON DELETE CASCADE,
  day date NOT NULL,
  reason text NOT NULL,
  n integer NOT NULL
);
CREATE UNIQUE INDEX monitoring_day_contact_key ON monitoring_day_contact (province_code, day, reason, COALESCE(desk_id, '00000000-0000-0000-0000-000000000000'::uuid));
CREATE INDEX monitoring_day_contact_day_idx ON monitoring_day_contact (day);

-- The closed days already rolled up (one contiguous range): history reads monitoring_day* for
-- the days in [rolled_from, rolled_through] and the raw tables for the others.
CREATE TABLE monitoring_rollup_state (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  rolled_from date,
  rolled_through date,
  CHECK ((rolled_from IS NULL) = (rolled_through IS NULL) AND rolled_from <= rolled_through)
);
INSERT INTO monitoring_rollup_state (id) VALUES (true);
