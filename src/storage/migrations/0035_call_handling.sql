-- The whole handling time of a call (issue 23): besides requested (dial), answered and ended,
-- when the caller's identity was verified in that call and when the operator saved the
-- outcome of that call (the end of the after-call work). Both from the application's clock,
-- on every adapter including manual. Held here:
--  * identified only in a call that was answered, never before its answer;
--  * wrapped (outcome saved) only once the call is over, never before its end.
ALTER TABLE call
  ADD COLUMN identified_at timestamptz,
  ADD COLUMN wrapped_at timestamptz,
  ADD CONSTRAINT call_identified_after_answer
    CHECK (identified_at IS NULL OR (answered_at IS NOT NULL AND identified_at >= answered_at)) NOT VALID,
  ADD CONSTRAINT call_wrapped_after_end
    CHECK (wrapped_at IS NULL OR (state IN ('ended', 'failed') AND ended_at IS NOT NULL AND wrapped_at >= ended_at)) NOT VALID;

-- The calls of a period at an office, for the handling report.
CREATE INDEX call_office_requested_idx ON call (office_id, requested_at);

-- Calls recorded before this migration: the first passed identity check of the call, and the
-- booking's closing time for the last call of a closed booking (when they are in order).
UPDATE call c SET identified_at = i.at
  FROM (SELECT call_id, min(at) AS at FROM identity_check WHERE result = 'ok' AND call_id IS NOT NULL GROUP BY call_id) i
 WHERE i.call_id = c.id AND c.answered_at IS NOT NULL AND i.at >= c.answered_at;
UPDATE call c SET wrapped_at = ca.closed_at
  FROM call_assignment ca
 WHERE ca.booking_id = c.booking_id AND ca.state = 'done' AND ca.closed_at IS NOT NULL
   AND c.state IN ('ended', 'failed') AND c.ended_at IS NOT NULL AND ca.closed_at >= c.ended_at
   AND c.id = (SELECT c2.id FROM call c2 WHERE c2.booking_id = c.booking_id ORDER BY c2.attempt DESC, c2.requested_at DESC LIMIT 1);
