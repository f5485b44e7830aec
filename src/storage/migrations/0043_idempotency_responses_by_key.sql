-- The answers of a batch of confirmations with Idempotency-Keys were written by one
-- UPDATE … FROM unnest(…) joined on (scope, key_hash). On a release morning the table grows by
-- thousands of keys a minute and is not analysed yet: the planner joined by scanning the whole
-- table for every batch of 32 (3.6 million rows read while 10,000 places sold; PostgreSQL's CPU
-- rose from half a core to one and a half as the table grew). Each key is now written by its
-- primary key, one row each, whatever the statistics say.
CREATE FUNCTION keep_idempotent_responses(p_scope text[], p_key_hash text[], p_status int[], p_sealed text[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  FOR i IN 1 .. coalesce(array_length(p_scope, 1), 0) LOOP
    UPDATE idempotency_record SET status = p_status[i], response = decode(p_sealed[i], 'hex')
     WHERE scope = p_scope[i] AND key_hash = p_key_hash[i];
  END LOOP;
END;
$$;
