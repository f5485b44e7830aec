-- Demand the calendar hides (issue 23, docs/planning.md): a booking request answered "no free
-- place at this desk within its horizon". Counted per desk, Rome calendar day and source of the
-- request — one row per (desk, day, source) whatever the number of requests, written by one
-- atomic upsert (INSERT … ON CONFLICT DO UPDATE), so concurrent refusals never lose a count and
-- no caller can grow the table beyond desks × days × 4 rows.
CREATE TABLE desk_refusal_day (
  desk_id uuid NOT NULL REFERENCES desk(id) ON DELETE CASCADE,
  day date NOT NULL,
  source text NOT NULL CHECK (source IN ('web', 'reception', 'patronato', 'staff')),
  refusals integer NOT NULL CHECK (refusals > 0),
  PRIMARY KEY (desk_id, day, source)
);
CREATE INDEX desk_refusal_day_day_idx ON desk_refusal_day (day);
