import type { Queryable } from '../storage/db.js';
import { pgErrorCode } from '../storage/db.js';
import { AppError } from '../domain/errors.js';
import type { z } from 'zod';
import type { summary } from './routes.schema.js';

export const CONTACT_REASONS = ['booked', 'moved', 'cancelled', 'short_answer', 'redirected', 'other'] as const;
export type ContactReason = (typeof CONTACT_REASONS)[number];

/**
 * The reasons in words, Italian and English: the same words the web app shows (the reception
 * page and the monitoring dashboard), for what the server writes itself (the monitoring export).
 */
export const CONTACT_REASON_LABELS: Record<ContactReason, { it: string; en: string }> = {
  booked: { it: 'Prenotato', en: 'Booked' },
  moved: { it: 'Spostato', en: 'Moved' },
  cancelled: { it: 'Annullato', en: 'Cancelled' },
  short_answer: { it: 'Risposta breve', en: 'Short answer' },
  redirected: { it: 'Indirizzato altrove', en: 'Redirected' },
  other: { it: 'Altro', en: 'Other' },
};

export interface ContactInput {
  agentId: string;
  provinceCode: string;
  reason: ContactReason;
  shortAnswerId?: string | null | undefined;
  bookingCode?: string | null | undefined;
  durationSeconds: number;
  note?: string | null | undefined;
  /** The incoming call it was: its duration came from the call's events. */
  inboundCallId?: string | null | undefined;
  /** When it was logged, epoch ms: the server's clock (default: the database's now()). */
  at?: number | undefined;
}

/** Records one call handled by the reception line. */
export async function logContact(db: Queryable, c: ContactInput): Promise<{ id: string; createdAt: Date }> {
  if ((c.reason === 'short_answer') !== !!c.shortAnswerId) {
    throw new AppError(422, 'answer_required', {
      it: 'Per "risposta breve" indica quale risposta hai dato (e solo in quel caso).',
      en: 'For "short answer", say which answer you gave (and only then).',
    }, [{ path: 'shortAnswerId', code: 'answer_required', it: 'Scegli la risposta data.', en: 'Choose the answer given.' }]);
  }
  try {
    const r = await db.query<{ id: string; createdAt: Date }>(
      `INSERT INTO reception_contact (agent_id, province_code, reason, short_answer_id, booking_code, duration_seconds, note, created_at, inbound_call_id, duration_source)
       VALUES ($1, $2, $3, $4, $5, $6, $7, COALESCE($8::timestamptz, now()), $9, $10) RETURNING id, created_at AS "createdAt"`,
      [c.agentId, c.provinceCode, c.reason, c.shortAnswerId ?? null, c.bookingCode ?? null, c.durationSeconds, c.note?.trim() || null, c.at === undefined ? null : new Date(c.at),
        c.inboundCallId ?? null, c.inboundCallId ? 'telephony' : 'console'],
    );
    return r.rows[0]!;
  } catch (err) {
    if (pgErrorCode(err) === '23505') {
      throw new AppError(409, 'call_already_logged', { it: 'Questa chiamata è già stata registrata.', en: 'This call has already been logged.' });
    }
    if (pgErrorCode(err) === '23503') {
      throw new AppError(422, 'unknown_reference', { it: 'Risposta o provincia sconosciuta.', en: 'Unknown answer or province.' });
    }
    throw err;
  }
}

/** The day's contacts as the routes' `summary` schema shows them. */
export type ContactSummary = z.output<typeof summary>;

/** The day's contacts (local date, Europe/Rome) of one agent, or of provinces (for the URP). */
export async function contactSummary(db: Queryable, filter: { date: string; agentId?: string; provinces?: string[] | 'all' }): Promise<ContactSummary> {
  const where = `c.created_at >= ($1::date)::timestamp AT TIME ZONE 'Europe/Rome'
    AND c.created_at < ($1::date + 1)::timestamp AT TIME ZONE 'Europe/Rome'
    AND ($2::uuid IS NULL OR c.agent_id = $2) AND ($3::boolean OR c.province_code = ANY($4::text[]))`;
  const params = [filter.date, filter.agentId ?? null, filter.provinces === 'all' || filter.provinces === undefined, filter.provinces === 'all' || !filter.provinces ? [] : filter.provinces];
  const [reasons, answers, agents] = await Promise.all([
    db.query<{ reason: ContactReason; n: number; seconds: number }>(
      `SELECT c.reason, count(*)::int AS n, COALESCE(sum(c.duration_seconds), 0)::int AS seconds FROM reception_contact c WHERE ${where} GROUP BY c.reason`, params),
    db.query<{ id: string; title: string; uses: number }>(
      `SELECT a.id, a.title, count(*)::int AS uses FROM reception_contact c JOIN short_answer a ON a.id = c.short_answer_id
        WHERE ${where} GROUP BY a.id, a.title ORDER BY uses DESC, a.title LIMIT 10`, params),
    db.query<{ agentId: string; username: string; total: number; totalSeconds: number }>(
      `SELECT c.agent_id AS "agentId", u.username, count(*)::int AS total, COALESCE(sum(c.duration_seconds), 0)::int AS "totalSeconds"
         FROM reception_contact c JOIN staff_user u ON u.id = c.agent_id WHERE ${where} GROUP BY c.agent_id, u.username ORDER BY total DESC`, params),
  ]);
  const byReason = Object.fromEntries(CONTACT_REASONS.map((r) => [r, 0])) as Record<ContactReason, number>;
  let total = 0;
  let totalSeconds = 0;
  for (const row of reasons.rows) {
    byReason[row.reason] = row.n;
    total += row.n;
    totalSeconds += row.seconds;
  }
  return {
    date: filter.date,
    total,
    totalSeconds,
    averageSeconds: total ? Math.round(totalSeconds / total) : 0,
    byReason,
    answers: answers.rows,
    ...(filter.agentId ? {} : { agents: agents.rows }),
  };
}
