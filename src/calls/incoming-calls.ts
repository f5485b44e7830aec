import { AppError } from '../domain/errors.js';
import { toIsoWithOffset } from '../domain/schedule/zone.js';
import { authorize, can, type Actor } from '../policy/index.js';
import type { Queryable } from '../storage/db.js';
import { isUuid } from './calls.repository.js';
import { ZONE } from './deps.js';

type Staff = Extract<Actor, { kind: 'staff' }>;

interface Row {
  id: string; office_id: string; province_code: string; region_code: string; extension: string; caller: string | null; state: InboundState;
  started_at: Date; answered_at: Date | null; ended_at: Date | null; talk_seconds: number | null; duration_seconds: number | null;
  taken_by: string | null; logged: boolean;
}

type InboundState = 'ringing' | 'answered' | 'ended' | 'missed';

const SELECT = `SELECT ic.id, ic.office_id, o.province_code, p.region_code, ic.extension, ic.caller, ic.state, ic.started_at, ic.answered_at, ic.ended_at,
       ic.talk_seconds, ic.duration_seconds, ic.taken_by, EXISTS (SELECT 1 FROM reception_contact c WHERE c.inbound_call_id = ic.id) AS logged
  FROM inbound_call ic JOIN office o ON o.id = ic.office_id JOIN province p ON p.code = o.province_code`;

const iso = (d: Date | null) => (d ? toIsoWithOffset(new Date(d).getTime(), ZONE) : null);
const placeOf = (r: Row) => ({ officeId: r.office_id, provinceCode: r.province_code, regionCode: r.region_code });

/** An incoming call as the reception console sees it before taking it: no caller number. */
function present(r: Row, me: string) {
  return {
    id: r.id, extension: r.extension, state: r.state, startedAt: iso(r.started_at)!, answeredAt: iso(r.answered_at), endedAt: iso(r.ended_at),
    talkSeconds: r.talk_seconds, durationSeconds: r.duration_seconds, provinceCode: r.province_code,
    taken: r.taken_by === null ? null : r.taken_by === me ? ('me' as const) : ('other' as const), logged: r.logged,
  };
}

export type IncomingCallView = ReturnType<typeof present>;

const notFound = () => new AppError(404, 'not_found', { it: 'Chiamata in arrivo non trovata.', en: 'Incoming call not found.' });

/**
 * The recent incoming calls at a reception extension (live, or ended in the last 15 minutes
 * and not yet logged), in the offices where the agent works; newest first.
 */
export async function listIncomingCalls(q: Queryable, actor: Staff, input: { extension: string; now: number }): Promise<IncomingCallView[]> {
  const r = await q.query<Row>(
    `${SELECT}
      WHERE ic.extension = $1 AND ic.started_at <= $2::timestamptz + interval '5 minutes'
        AND (ic.state IN ('ringing', 'answered') OR ic.ended_at >= $2::timestamptz - interval '15 minutes')
        AND ic.started_at >= $2::timestamptz - interval '4 hours'
      ORDER BY ic.started_at DESC LIMIT 20`,
    [input.extension, new Date(input.now)],
  );
  return r.rows.filter((row) => can(actor, 'staff.contacts.write', placeOf(row)) && !row.logged).map((row) => present(row, actor.userId));
}

/**
 * The agent takes an incoming call: it is theirs (another agent at the same extension gets 409)
 * and they get the caller's number, to find the caller's bookings. Audited by the route.
 */
export async function takeIncomingCall(q: Queryable, actor: Staff, id: string, now: number) {
  if (!isUuid(id)) throw notFound();
  const found = (await q.query<Row>(`${SELECT} WHERE ic.id = $1`, [id])).rows[0];
  if (!found) throw notFound();
  authorize(actor, 'staff.contacts.write', placeOf(found));
  const r = await q.query(
    'UPDATE inbound_call SET taken_by = $2, taken_at = COALESCE(taken_at, $3) WHERE id = $1 AND (taken_by IS NULL OR taken_by = $2) RETURNING id',
    [id, actor.userId, new Date(now)],
  );
  if (r.rows.length === 0) {
    throw new AppError(409, 'call_taken', { it: 'Questa chiamata l’ha già presa un altro operatore.', en: 'Another agent has already taken this call.' });
  }
  const row = (await q.query<Row>(`${SELECT} WHERE ic.id = $1`, [id])).rows[0]!;
  return { ...present(row, actor.userId), caller: row.caller, place: placeOf(row) };
}

/**
 * The duration of a contact logged for an incoming call, from the call's events: its talk
 * time once it ended, else from the answer until now (updated when the call's end arrives).
 * Only the agent who took the call may log it.
 */
export async function incomingCallDuration(q: Queryable, actor: Staff, id: string, now: number): Promise<number> {
  const row = isUuid(id) ? (await q.query<Row>(`${SELECT} WHERE ic.id = $1 FOR UPDATE OF ic`, [id])).rows[0] : undefined;
  if (!row || row.taken_by !== actor.userId) {
    throw new AppError(422, 'invalid_input', { it: 'La chiamata indicata non è una chiamata che hai preso.', en: 'The call given is not one you took.' },
      [{ path: 'inboundCallId', code: 'not_taken', it: 'Prendi prima la chiamata.', en: 'Take the call first.' }]);
  }
  if (row.talk_seconds !== null && (row.state === 'ended' || row.state === 'missed')) return Math.min(14_400, row.talk_seconds);
  if (!row.answered_at) return 0;
  return Math.min(14_400, Math.max(0, Math.round((now - new Date(row.answered_at).getTime()) / 1000)));
}
