import { causeName, STATE_RANK, type CallState, type CallUpdate } from '../adapters/telephony/port.js';
import type { Queryable } from '../storage/db.js';
import { isUuid, recordStep } from './calls.repository.js';
import type { CallsDeps } from './deps.js';
import type { CallRow } from './get-agenda.js';

export type ApplyResult = 'applied' | 'duplicate' | 'unknown_call' | 'stale';

/** The last nine digits: the same number written +39…, 0039… or without prefix. */
export const numberKey = (n: string | undefined) => (n ? n.replace(/\D/g, '').slice(-9) : '');

async function findCall(q: Queryable, u: CallUpdate): Promise<CallRow | null> {
  if (u.callId && isUuid(u.callId)) {
    const r = await q.query<CallRow>('SELECT * FROM call WHERE id = $1 FOR UPDATE', [u.callId]);
    if (r.rows[0]) return r.rows[0];
  }
  if (u.externalId) {
    const r = await q.query<CallRow>('SELECT * FROM call WHERE adapter = $1 AND external_id = $2 FOR UPDATE', [u.adapter, u.externalId]);
    if (r.rows[0]) return r.rows[0];
  }
  const dest = numberKey(u.match?.destination);
  if (!dest) return null;
  // A vendor that does not echo our id: the call it placed from this extension to this number.
  const history = u.source === 'history';
  const around = u.startedAt ?? new Date();
  const r = await q.query<CallRow>(
    `SELECT * FROM call
      WHERE adapter = $1 AND right(regexp_replace(destination, '[^0-9]', '', 'g'), 9) = $2
        AND ($3::text IS NULL OR extension IS NULL OR right(regexp_replace(extension, '[^0-9]', '', 'g'), 9) = right(regexp_replace($3, '[^0-9]', '', 'g'), 9))
        AND ($4 OR state IN ('requested', 'ringing', 'answered'))
        AND ($5 OR external_id IS NULL OR external_id = $6)
        AND requested_at BETWEEN $7::timestamptz - interval '10 minutes' AND $7::timestamptz + interval '2 minutes'
      ORDER BY abs(extract(epoch FROM requested_at - $7::timestamptz)) LIMIT 1 FOR UPDATE`,
    [u.adapter, dest, u.match?.extension ?? null, history, history, u.externalId ?? null, around],
  );
  return r.rows[0] ?? null;
}

/**
 * Applies one telephony update, once: the event's de-duplication key is stored first, so a
 * repeated delivery changes nothing. States only move forward (requested → ringing →
 * answered → ended|failed), so an event that arrives late fills in its timestamps but
 * never takes a call back. "Ended" without an answer is a failed call.
 */
export async function applyCallUpdate(deps: CallsDeps, u: CallUpdate): Promise<{ result: ApplyResult; callId?: string }> {
  const out = await deps.db.transaction(async (q) => {
    const fresh = await q.query(
      `INSERT INTO call_event (adapter, dedup_key, kind, payload) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (adapter, dedup_key) DO NOTHING RETURNING dedup_key`,
      [u.adapter, u.dedupKey.slice(0, 300), u.kind, JSON.stringify(u.payload ?? {})],
    );
    if (fresh.rows.length === 0) return { result: 'duplicate' as const };
    const call = await findCall(q, u);
    if (!call) return { result: 'unknown_call' as const };
    await q.query('UPDATE call_event SET call_id = $3 WHERE adapter = $1 AND dedup_key = $2', [u.adapter, u.dedupKey.slice(0, 300), call.id]);
    const current = call.state as CallState;
    let target = u.state;
    const answered = call.answered_at ?? u.answeredAt ?? null;
    if (target === 'ended' && !answered && current !== 'answered') target = 'failed';
    const advance = target !== undefined && STATE_RANK[target] > STATE_RANK[current];
    const state = advance ? target! : current;
    const timed = u.talkSeconds !== undefined || u.durationSeconds !== undefined;
    let talk = u.talkSeconds ?? null;
    let duration = u.durationSeconds ?? null;
    const endedAt = u.endedAt ?? (advance && (state === 'ended' || state === 'failed') ? new Date(deps.now()) : null);
    if (!timed && advance && (state === 'ended' || state === 'failed')) {
      // No vendor timings: measure from our own marks.
      const end = endedAt!.getTime();
      duration = Math.max(0, Math.round((end - new Date(call.requested_at).getTime()) / 1000));
      talk = answered ? Math.max(0, Math.round((end - new Date(answered).getTime()) / 1000)) : 0;
    }
    await q.query(
      `UPDATE call SET state = $2,
              external_id = COALESCE(external_id, $3),
              ringing_at = COALESCE(ringing_at, $4, CASE WHEN $2 = 'ringing' THEN now() END),
              answered_at = COALESCE(answered_at, $5, CASE WHEN $2 = 'answered' THEN now() END),
              ended_at = COALESCE(ended_at, $6),
              cause = CASE WHEN $13 THEN COALESCE($7, cause) ELSE COALESCE(cause, $7) END,
              cause_code = CASE WHEN $13 THEN COALESCE($8, cause_code) ELSE COALESCE(cause_code, $8) END,
              duration_seconds = CASE WHEN $11 THEN COALESCE($9, duration_seconds) ELSE COALESCE(duration_seconds, $9) END,
              talk_seconds = CASE WHEN $11 THEN COALESCE($10, talk_seconds) ELSE COALESCE(talk_seconds, $10) END,
              timing_source = CASE WHEN $11 THEN $12 ELSE timing_source END,
              updated_at = now()
        WHERE id = $1`,
      [call.id, state, u.externalId ?? null, u.ringingAt ?? null, state === 'answered' || state === 'ended' ? (u.answeredAt ?? null) : null,
        endedAt, state === 'failed' || state === 'ended' ? (u.cause ?? causeName(u.causeCode) ?? null) : null, u.causeCode ?? null,
        duration, talk, timed, u.source ?? 'telephony', advance],
    );
    if (advance) {
      const actor = `telephony:${u.adapter}`;
      await recordStep(q, call.booking_id, `call_${state}`, actor, state === 'failed' || state === 'ended' ? (u.cause ?? causeName(u.causeCode) ?? null) : null);
      // The agenda item follows its call: in a call once answered, wrapping up once over.
      const next = state === 'answered' ? 'in_call' : state === 'ended' || state === 'failed' ? 'wrap_up' : null;
      if (next) {
        await q.query(
          `UPDATE call_assignment SET state = $2, updated_at = now() WHERE booking_id = $1 AND state IN ('calling', 'in_call')`,
          [call.booking_id, next],
        );
      }
      await deps.bus.publish(q, { type: 'call', callId: call.id, bookingId: call.booking_id, operatorId: call.operator_id, state });
    }
    return { result: advance || timed ? ('applied' as const) : ('stale' as const), callId: call.id };
  });
  if (out.result === 'unknown_call') deps.log.warn({ adapter: u.adapter, kind: u.kind, externalId: u.externalId }, 'telephony event for an unknown call: logged and ignored');
  return out;
}
