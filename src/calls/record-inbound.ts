import type { InboundUpdate } from '../adapters/telephony/port.js';
import type { CallsDeps } from './deps.js';

export type InboundResult = 'applied' | 'duplicate' | 'unknown_call' | 'stale';

const RANK: Record<string, number> = { ringing: 0, answered: 1, ended: 2, missed: 2 };

/**
 * Records one event of an incoming reception call, once (the event's key is stored first).
 * The first event that names the called extension opens the call; states only move forward
 * (ringing → answered → ended, or missed when it ended unanswered); late events fill in
 * times. When it ends, a contact already logged for it takes the call's talk time.
 */
export async function recordInbound(deps: CallsDeps, u: InboundUpdate): Promise<{ result: InboundResult; id?: string }> {
  if (!u.officeId) return { result: 'unknown_call' };
  return deps.db.transaction(async (q) => {
    const fresh = await q.query(
      `INSERT INTO call_event (adapter, dedup_key, kind, payload) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (adapter, dedup_key) DO NOTHING RETURNING dedup_key`,
      [u.adapter, u.dedupKey.slice(0, 300), u.kind, JSON.stringify(u.payload ?? {})],
    );
    if (fresh.rows.length === 0) return { result: 'duplicate' as const };
    const at = new Date(deps.now());
    let opened = false;
    if (u.extension) {
      // Opened by whichever event comes first; an existing row is left to the update below.
      opened = (await q.query(
        `INSERT INTO inbound_call (office_id, adapter, external_id, extension, caller, state, started_at)
         VALUES ($1, $2, $3, $4, $5, 'ringing', $6) ON CONFLICT (adapter, external_id) DO NOTHING RETURNING id`,
        [u.officeId, u.adapter, u.externalId.slice(0, 200), u.extension, u.caller?.slice(0, 40) ?? null, u.startedAt ?? at],
      )).rows.length > 0;
    }
    const r = await q.query<{ id: string; state: string; answered_at: Date | null; started_at: Date; ended_at: Date | null }>(
      'SELECT id, state, answered_at, started_at, ended_at FROM inbound_call WHERE adapter = $1 AND external_id = $2 AND office_id = $3 FOR UPDATE',
      [u.adapter, u.externalId.slice(0, 200), u.officeId],
    );
    const row = r.rows[0];
    if (!row) return { result: 'unknown_call' as const };
    const answeredAt = row.answered_at ?? u.answeredAt ?? (u.state === 'answered' ? at : null);
    const next = u.state === 'ended' ? (answeredAt ? 'ended' : 'missed') : u.state;
    const advance = next !== undefined && RANK[next]! > RANK[row.state]!;
    const state = advance ? next! : row.state;
    const over = state === 'ended' || state === 'missed';
    const endedAt = row.ended_at ?? (over ? (u.endedAt ?? at) : null);
    const startedAt = u.startedAt && u.startedAt < new Date(row.started_at) ? u.startedAt : new Date(row.started_at);
    const talk = over ? (u.talkSeconds ?? (answeredAt && endedAt ? Math.max(0, Math.round((endedAt.getTime() - new Date(answeredAt).getTime()) / 1000)) : 0)) : null;
    const duration = over ? (u.durationSeconds ?? (endedAt ? Math.max(0, Math.round((endedAt.getTime() - startedAt.getTime()) / 1000)) : null)) : null;
    await q.query(
      `UPDATE inbound_call SET state = $2, started_at = $3, answered_at = CASE WHEN $2 = 'missed' THEN NULL ELSE $4::timestamptz END, ended_at = $5,
              caller = COALESCE(caller, $6), talk_seconds = COALESCE($7, talk_seconds), duration_seconds = COALESCE($8, duration_seconds), updated_at = now()
        WHERE id = $1`,
      [row.id, state, startedAt, answeredAt, endedAt, u.caller?.slice(0, 40) ?? null, talk, duration],
    );
    if (over && talk !== null) {
      await q.query(
        `UPDATE reception_contact SET duration_seconds = LEAST($2::int, 14400), duration_source = 'telephony' WHERE inbound_call_id = $1`,
        [row.id, talk],
      );
    }
    return { result: opened || advance || talk !== null ? ('applied' as const) : ('stale' as const), id: row.id };
  });
}
