/**
 * What the notification admin use cases share. Templates and the queue are region-wide
 * (regional admins); a desk's settings belong to its office (office admins too).
 */
import { AppError, notFound, type FieldProblem } from '../domain/errors.js';
import { placeOfDesk } from '../users/index.js';
import { authorize, scopesFor, type Actor } from '../policy/index.js';
import type { Db } from '../storage/db.js';
import type { Channel } from './kinds.js';
import { checkTemplate, LIMITS, type Template } from './templates.js';

export const MANAGE = 'staff.notifications.manage' as const;

function invalidTemplate(fields: FieldProblem[]): AppError {
  return new AppError(422, 'invalid_template', {
    it: 'Il modello non è valido: correggi i campi indicati.',
    en: 'The template is not valid: correct the fields listed.',
  }, fields);
}

export function validate(channel: Channel, t: { subject?: string | null | undefined; body: string }): Template {
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

/**
 * A job and the place it concerns: a booking's desk and office, or a drawer thread's office
 * (drawer notices: `code` is the protocol number, the start the registration time).
 */
export const JOB_PLACE = `FROM notification_job j
       LEFT JOIN booking b ON b.id = j.booking_id LEFT JOIN desk d ON d.id = b.desk_id
       LEFT JOIN drawer_thread t ON t.id = j.drawer_thread_id
       JOIN office o ON o.id = COALESCE(d.office_id, t.office_id)`;

export function visibility(actor: Actor, params: unknown[]): string {
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

export async function deskPlace(db: Db, actor: Actor, deskId: string) {
  const place = await placeOfDesk(db, deskId);
  if (!place) throw notFound({ it: 'Sportello non trovato.', en: 'Desk not found.' });
  authorize(actor, 'staff.catalog.write', place);
}

export const TEMPLATE_LIMITS = LIMITS;
