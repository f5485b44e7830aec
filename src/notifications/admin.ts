/**
 * Admin use cases: templates (edit, preview, reset), dead letters (list, retry), queue
 * figures, and a desk's reminder settings. Templates and the queue are region-wide
 * (regional admins); a desk's settings belong to its office (office admins too).
 */
import { AppError, notFound, type FieldProblem } from '../domain/errors.js';
import { placeOfDesk } from '../identity/index.js';
import { authorize, scopesFor, type Actor } from '../policy/index.js';
import type { Db } from '../storage/db.js';
import { CHANNELS, JOB_STATES, type Channel, type JobState, type Language, type NotificationKind } from './kinds.js';
import { buildMessage, sampleContextFor, sampleData } from './message.js';
import { resetTemplate, saveTemplate, TemplateSet, type StoredTemplate } from './template-store.js';
import { checkTemplate, LIMITS, type Template } from './templates.js';
import type { z } from 'zod';
import type { deskSettings, jobView, previewView, queueStats as queueStatsView, retriedJob } from './routes.schema.js';

const MANAGE = 'staff.notifications.manage' as const;

function invalidTemplate(fields: FieldProblem[]): AppError {
  return new AppError(422, 'invalid_template', {
    it: 'Il modello non è valido: correggi i campi indicati.',
    en: 'The template is not valid: correct the fields listed.',
  }, fields);
}

function validate(channel: Channel, t: { subject?: string | null | undefined; body: string }): Template {
  const fields: FieldProblem[] = [];
  const subject = channel === 'sms' ? null : (t.subject ?? '').trim();
  if (subject !== null) {
    if (subject.length < 3) fields.push({ path: 'subject', code: 'required', it: "L'oggetto è obbligatorio per e-mail e App IO.", en: 'A subject is required for e-mail and App IO.' });
    for (const p of checkTemplate(subject)) fields.push({ path: 'subject', code: 'placeholder', it: p, en: p });
  }
  for (const p of checkTemplate(t.body)) fields.push({ path: 'body', code: 'placeholder', it: p, en: p });
  if (channel === 'sms' && t.body.length > 600) {
    fields.push({ path: 'body', code: 'too_long', it: 'Un SMS può avere al massimo 600 caratteri di modello.', en: 'An SMS template may have at most 600 characters.' });
  }
  if (fields.length) throw invalidTemplate(fields);
  return { subject, body: t.body };
}

export async function listTemplates(db: Db, actor: Actor): Promise<StoredTemplate[]> {
  authorize(actor, MANAGE, {});
  return (await TemplateSet.load(db)).all();
}

export async function updateTemplate(
  db: Db, actor: Actor, key: { kind: NotificationKind; language: Language; channel: Channel }, input: { subject?: string | null | undefined; body: string },
): Promise<StoredTemplate> {
  authorize(actor, MANAGE, {});
  const t = validate(key.channel, input);
  await saveTemplate(db, { ...key, subject: t.subject, body: t.body, updatedBy: actor.kind === 'staff' ? actor.userId : null });
  return (await TemplateSet.load(db)).all().find((x) => x.kind === key.kind && x.language === key.language && x.channel === key.channel)!;
}

export async function resetToDefault(db: Db, actor: Actor, key: { kind: NotificationKind; language: Language; channel: Channel }): Promise<StoredTemplate> {
  authorize(actor, MANAGE, {});
  await resetTemplate(db, key.kind, key.language, key.channel);
  return (await TemplateSet.load(db)).all().find((x) => x.kind === key.kind && x.language === key.language && x.channel === key.channel)!;
}

export type Preview = z.output<typeof previewView>;

/** Renders a template (the one in force, or the text being edited) with sample data. */
export async function previewTemplate(
  db: Db, actor: Actor, input: { kind: NotificationKind; language: Language; channel: Channel; subject?: string | null | undefined; body?: string | undefined },
): Promise<Preview> {
  authorize(actor, MANAGE, {});
  const template = input.body !== undefined
    ? validate(input.channel, { subject: input.subject, body: input.body })
    : (await TemplateSet.load(db)).get(input.kind, input.language, input.channel);
  const ctx = sampleContextFor(input.kind, input.language);
  const m = buildMessage({ id: ctx.jobId, kind: input.kind, channel: input.channel, data: sampleData(input.kind) }, ctx, template, 'https://sportello.example');
  const sms = input.channel === 'sms';
  return {
    subject: m.subject,
    text: m.text,
    html: m.html ?? null,
    markdown: m.markdown ?? null,
    smsCharacters: sms ? m.text.length : null,
    smsSegments: sms ? (m.text.length <= 160 ? 1 : Math.ceil(m.text.length / 153)) : null,
    hasCalendarFile: !!m.ics,
  };
}

export type JobView = z.output<typeof jobView>;

/**
 * A job and the place it concerns: a booking's desk and office, or a drawer thread's office
 * (drawer notices: `code` is the protocol number, the start the registration time).
 */
const JOB_PLACE = `FROM notification_job j
       LEFT JOIN booking b ON b.id = j.booking_id LEFT JOIN desk d ON d.id = b.desk_id
       LEFT JOIN drawer_thread t ON t.id = j.drawer_thread_id
       JOIN office o ON o.id = COALESCE(d.office_id, t.office_id)`;

function visibility(actor: Actor, params: unknown[]): string {
  const parts: string[] = [];
  for (const g of scopesFor(actor, MANAGE).grants) {
    const s = g.scope;
    if (s.kind === 'region') {
      params.push(s.provinceCodes);
      parts.push(`o.province_code = ANY($${params.length}::text[])`);
    } else if (s.kind === 'province') {
      params.push(s.provinceCode);
      parts.push(`o.province_code = $${params.length}`);
    } else if (s.kind === 'office') {
      params.push(s.officeId);
      parts.push(`o.id = $${params.length}::uuid`);
    } else {
      params.push(s.deskId);
      parts.push(`d.id = $${params.length}::uuid`);
    }
  }
  return parts.length ? `(${parts.join(' OR ')})` : 'false';
}

/**
 * Jobs by state, newest change first — by default the dead letters (dead, undeliverable).
 * No contact data: the booking code names the booking; staff open it through the bookings API.
 */
export async function listJobs(
  db: Db, actor: Actor, q: { states?: JobState[] | undefined; channel?: Channel | undefined; cursor?: string | undefined; limit: number },
): Promise<{ items: JobView[]; nextCursor: string | null }> {
  authorize(actor, MANAGE);
  const params: unknown[] = [];
  const conds = [visibility(actor, params)];
  params.push(q.states && q.states.length ? q.states : ['dead', 'undeliverable']);
  conds.push(`j.state = ANY($${params.length}::text[])`);
  if (q.channel) {
    params.push(q.channel);
    conds.push(`j.channel = $${params.length}`);
  }
  if (q.cursor) {
    const [at, id] = Buffer.from(q.cursor, 'base64url').toString('utf8').split('|');
    if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/.test(id)) {
      throw new AppError(400, 'invalid_cursor', { it: 'Cursore non valido.', en: 'Invalid cursor.' });
    }
    params.push(new Date(at), id);
    conds.push(`(j.updated_at, j.id) < ($${params.length - 1}, $${params.length}::uuid)`);
  }
  params.push(q.limit + 1);
  const r = await db.query<{
    id: string; kind: NotificationKind; channel: Channel; state: JobState; attempts: number; inDoubt: number; lastError: string | null;
    code: string; officeCode: string; deskIt: string; startsAt: Date; createdAt: Date; updatedAt: Date; runAfter: Date; expiresAt: Date;
  }>(
    `SELECT j.id, j.kind, j.channel, j.state, j.attempts, j.in_doubt AS "inDoubt", j.last_error AS "lastError", COALESCE(b.code, t.protocol) AS code,
            o.code AS "officeCode", COALESCE(d.name_it, 'Cassetto bidirezionale') AS "deskIt", j.starts_at AS "startsAt", j.created_at AS "createdAt",
            j.updated_at AS "updatedAt", j.run_after AS "runAfter", j.expires_at AS "expiresAt"
       ${JOB_PLACE}
      WHERE ${conds.join(' AND ')}
      ORDER BY j.updated_at DESC, j.id DESC LIMIT $${params.length}`,
    params,
  );
  const rows = r.rows.slice(0, q.limit);
  const iso = (d: Date) => new Date(d).toISOString();
  const last = rows[rows.length - 1];
  return {
    items: rows.map((x) => ({
      id: x.id, kind: x.kind, channel: x.channel, state: x.state, attempts: x.attempts, inDoubt: x.inDoubt, lastError: x.lastError,
      bookingCode: x.code, officeCode: x.officeCode, deskName: x.deskIt, appointmentStart: iso(x.startsAt), createdAt: iso(x.createdAt),
      updatedAt: iso(x.updatedAt), runAfter: iso(x.runAfter), expiresAt: iso(x.expiresAt),
    })),
    nextCursor: r.rows.length > q.limit && last ? Buffer.from(`${iso(last.updatedAt)}|${last.id}`).toString('base64url') : null,
  };
}

/** A dead or undeliverable job, due again now (e.g. after an address was corrected or a long outage). */
export async function retryJob(db: Db, actor: Actor, id: string): Promise<z.output<typeof retriedJob>> {
  authorize(actor, MANAGE);
  return db.transaction(async (tx) => {
    const params: unknown[] = [id];
    const r = await tx.query<{ state: JobState; expiresAt: Date }>(
      `SELECT j.state, j.expires_at AS "expiresAt" ${JOB_PLACE}
        WHERE j.id = $1 AND ${visibility(actor, params)} FOR UPDATE OF j`,
      params,
    );
    const job = r.rows[0];
    if (!job) throw notFound({ it: 'Notifica non trovata.', en: 'Notification not found.' });
    if (job.state !== 'dead' && job.state !== 'undeliverable') {
      throw new AppError(409, 'notification_not_failed', { it: 'Si possono riprovare solo le notifiche fallite.', en: 'Only failed notifications can be retried.' });
    }
    if (new Date(job.expiresAt).getTime() <= Date.now()) {
      throw new AppError(409, 'notification_expired', { it: 'Troppo tardi: il momento di questa notifica è passato.', en: 'Too late: the moment of this notification has passed.' });
    }
    await tx.query(
      `UPDATE notification_job SET state = 'pending', attempts = 0, run_after = now(), updated_at = clock_timestamp() WHERE id = $1`,
      [id],
    );
    return { id, state: 'pending' as const };
  });
}

export type QueueStats = z.output<typeof queueStatsView>;

export async function queueStats(db: Db, actor: Actor): Promise<QueueStats> {
  authorize(actor, MANAGE, {});
  const ch = await db.query<{ channel: Channel; enabled: boolean; kinds: string[] }>('SELECT channel, enabled, kinds FROM notification_channel ORDER BY channel');
  const c = await db.query<{ channel: Channel; state: JobState; count: number }>(
    'SELECT channel, state, count(*)::int AS count FROM notification_job GROUP BY channel, state ORDER BY channel, state',
  );
  const o = await db.query<{ s: number | null }>(
    "SELECT EXTRACT(EPOCH FROM now() - min(run_after))::float8 AS s FROM notification_job WHERE state IN ('pending', 'claimed', 'sending') AND run_after <= now()",
  );
  const s = o.rows[0]?.s;
  return {
    channels: ch.rows.filter((x) => (CHANNELS as readonly string[]).includes(x.channel)),
    counts: c.rows.filter((x) => (JOB_STATES as readonly string[]).includes(x.state)),
    oldestDueSeconds: s === null || s === undefined ? null : Math.max(0, Math.round(Number(s))),
  };
}

export type DeskNotificationSettings = z.output<typeof deskSettings>;

async function deskPlace(db: Db, actor: Actor, deskId: string) {
  const place = await placeOfDesk(db, deskId);
  if (!place) throw notFound({ it: 'Sportello non trovato.', en: 'Desk not found.' });
  authorize(actor, 'staff.catalog.write', place);
}

export async function getDeskSettings(db: Db, actor: Actor, deskId: string): Promise<DeskNotificationSettings> {
  await deskPlace(db, actor, deskId);
  const r = await db.query<{ reminderMinutes: number[]; callerPhone: string | null }>(
    'SELECT reminder_minutes AS "reminderMinutes", caller_phone AS "callerPhone" FROM desk WHERE id = $1',
    [deskId],
  );
  return { deskId, ...r.rows[0]! };
}

/** Reminders (minutes before the start) apply to bookings made or moved from now on. */
export async function setDeskSettings(
  db: Db, actor: Actor, deskId: string, input: { reminderMinutes: number[]; callerPhone: string | null },
): Promise<DeskNotificationSettings> {
  await deskPlace(db, actor, deskId);
  const minutes = [...new Set(input.reminderMinutes)].sort((a, b) => b - a);
  await db.query('UPDATE desk SET reminder_minutes = $2, caller_phone = $3 WHERE id = $1', [deskId, minutes, input.callerPhone]);
  return getDeskSettings(db, actor, deskId);
}

export const TEMPLATE_LIMITS = LIMITS;
