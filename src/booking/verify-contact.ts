/**
 * Contact verification before a citizen's booking is confirmed (issue 16): a one-time code of
 * six digits sent to the phone (SMS) or the e-mail address the citizen typed, through the
 * notification queue (kind contact_code). It is on for a desk when an SMS or e-mail channel
 * carries contact_code (notification_channel, written by the worker from its configuration)
 * and the desk keeps desk.contact_verification; SMS first, e-mail otherwise. Codes are kept as
 * keyed hashes, valid CODE_MINUTES, tried at most MAX_CODE_ATTEMPTS times, at most
 * MAX_CODES_PER_CONTACT per contact in CODE_WINDOW_MINUTES (and MAX_CODES_PER_HOLD per hold).
 * A citizen signed in with SPID/CIE (citizen OIDC session) skips it: the tax code comes from
 * the identity provider, and a different one is refused.
 */
import { isPin } from '../domain/booking/booking-code.js';
import { normalisePhone } from '../domain/contact/phone.js';
import { taxCodeKey } from '../domain/person/tax-code.js';
import { enqueueNotification } from '../notifications/index.js';
import type { Actor } from '../policy/index.js';
import type { Queryable } from '../storage/db.js';
import { checkedTaxCode } from './check-person.js';
import type { BookingDeps } from './deps.js';
import { bookingErrors } from './errors.js';
import { hashPin, pinMatches, tokenMatches } from './secrets.js';
import type { z } from 'zod';
import type { codeSentResponse } from './routes.schema.js';

export const CODE_MINUTES = 10;
export const MAX_CODE_ATTEMPTS = 5;
export const MAX_CODES_PER_CONTACT = 3;
export const MAX_CODES_PER_HOLD = 5;
export const CODE_WINDOW_MINUTES = 15;

export type VerificationChannel = 'sms' | 'email';

const CHANNEL_OF_DESK = `CASE WHEN NOT d.contact_verification THEN NULL
  WHEN EXISTS (SELECT 1 FROM notification_channel c WHERE c.channel = 'sms' AND c.enabled AND 'contact_code' = ANY (c.kinds)) THEN 'sms'
  WHEN EXISTS (SELECT 1 FROM notification_channel c WHERE c.channel = 'email' AND c.enabled AND 'contact_code' = ANY (c.kinds)) THEN 'email'
  END`;

/** Whether any channel carries codes at all, read at most every few seconds (most confirmations ask). */
const anyChannel = new WeakMap<BookingDeps, { atMs: number; on: boolean }>();
const CHANNEL_CACHE_MS = 5_000;

async function codesCanBeSent(deps: BookingDeps): Promise<boolean> {
  const seen = anyChannel.get(deps);
  if (seen && deps.now() - seen.atMs < CHANNEL_CACHE_MS && deps.now() >= seen.atMs) return seen.on;
  const r = await deps.db.query<{ on: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM notification_channel WHERE channel IN ('sms', 'email') AND enabled AND 'contact_code' = ANY (kinds)) AS on",
  );
  const on = r.rows[0]?.on === true;
  anyChannel.set(deps, { atMs: deps.now(), on });
  return on;
}

/** The channel codes go through for this desk, or null when no code is asked for. */
export async function verificationChannel(deps: BookingDeps, deskId: string): Promise<VerificationChannel | null> {
  if (!(await codesCanBeSent(deps))) return null;
  const r = await deps.db.query<{ channel: VerificationChannel | null }>(`SELECT ${CHANNEL_OF_DESK} AS channel FROM desk d WHERE d.id = $1`, [deskId]);
  if (!r.rows[0]) throw bookingErrors.deskNotFound();
  return r.rows[0].channel;
}

export function maskContact(channel: VerificationChannel, contact: string): string {
  if (channel === 'sms') return `${contact.slice(0, 3)}•••${contact.slice(-3)}`;
  const [user = '', domain = ''] = contact.split('@');
  return `${user.slice(0, 1)}•••@${domain}`;
}

function contactOf(channel: VerificationChannel, input: { phone?: string | undefined; email?: string | undefined }): string {
  if (channel === 'sms') {
    const phone = input.phone ? normalisePhone(input.phone) : null;
    if (!phone) throw bookingErrors.invalidPhone();
    return phone;
  }
  const email = input.email?.trim().toLowerCase();
  if (!email) throw bookingErrors.emailNeeded();
  return email;
}

interface HoldOfCode {
  id: string;
  deskId: string;
  status: string;
  holdExpiresAt: Date | null;
  holdTokenHash: string | null;
  channel: VerificationChannel | null;
}

async function lockLiveHold(q: Queryable, deps: BookingDeps, holdId: string, token: string): Promise<HoldOfCode> {
  const r = await q.query<HoldOfCode>(
    `SELECT h.id, h.desk_id AS "deskId", h.status, h.hold_expires_at AS "holdExpiresAt", h.hold_token_hash AS "holdTokenHash",
            ${CHANNEL_OF_DESK} AS channel
       FROM booking h JOIN desk d ON d.id = h.desk_id WHERE h.id = $1 FOR UPDATE OF h`,
    [holdId],
  );
  const h = r.rows[0];
  if (!h || !tokenMatches(token, h.holdTokenHash) || h.status !== 'held' || new Date(h.holdExpiresAt!).getTime() <= deps.now()) {
    throw bookingErrors.holdNotFound();
  }
  return h;
}

export interface CodeRequest {
  holdId: string;
  token: string;
  phone?: string | undefined;
  email?: string | undefined;
  language: 'it' | 'en';
}

export type CodeSent = z.output<typeof codeSentResponse>;

/** Sends a new code for a live hold to the contact typed (the hold's row keeps it for the message). */
export async function requestContactCode(deps: BookingDeps, input: CodeRequest): Promise<CodeSent> {
  return deps.db.transaction(async (tx) => {
    const hold = await lockLiveHold(tx, deps, input.holdId, input.token);
    if (!hold.channel) throw bookingErrors.verificationUnavailable();
    const contact = contactOf(hold.channel, input);
    const now = deps.now();
    // One counter per contact, whoever asks: codes to one phone cannot be asked for in parallel past the limit.
    await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('verify:' || $1, 0))", [contact]);
    const counts = await tx.query<{ contact: number; hold: number }>(
      `SELECT count(*) FILTER (WHERE contact = $1 AND created_at > $3)::int AS contact, count(*) FILTER (WHERE hold_id = $2)::int AS hold
         FROM contact_verification WHERE contact = $1 OR hold_id = $2`,
      [contact, hold.id, new Date(now - CODE_WINDOW_MINUTES * 60_000)],
    );
    if (counts.rows[0]!.contact >= MAX_CODES_PER_CONTACT || counts.rows[0]!.hold >= MAX_CODES_PER_HOLD) throw bookingErrors.tooManyCodes();
    const code = Array.from({ length: 6 }, () => String(deps.random(10))).join('');
    const expiresAt = new Date(now + CODE_MINUTES * 60_000);
    const v = await tx.query<{ id: string }>(
      `INSERT INTO contact_verification (hold_id, channel, contact, code_hash, expires_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [hold.id, hold.channel, contact, hashPin(deps.secret, code), expiresAt, new Date(now)],
    );
    const id = v.rows[0]!.id;
    // The message reads the contact from the hold's row at send time; only this contact is set.
    await tx.query(
      `UPDATE booking SET phone = CASE WHEN $2 = 'sms' THEN $3 END, email = CASE WHEN $2 = 'email' THEN $3 END, language = $4 WHERE id = $1`,
      [hold.id, hold.channel, contact, input.language],
    );
    await enqueueNotification(tx, { bookingId: hold.id, kind: 'contact_code', key: id, data: { code, minutes: CODE_MINUTES }, expiresAt });
    return { verificationId: id, channel: hold.channel, sentTo: maskContact(hold.channel, contact), expiresAt: expiresAt.toISOString() };
  });
}

/** Checks a code typed by the citizen. Wrong codes are counted; the code is spent after MAX_CODE_ATTEMPTS. */
export async function checkContactCode(
  deps: BookingDeps, input: { holdId: string; token: string; verificationId: string; code: string },
): Promise<{ verified: true }> {
  const outcome = await deps.db.transaction(async (tx) => {
    await lockLiveHold(tx, deps, input.holdId, input.token);
    const r = await tx.query<{ codeHash: string; attempts: number; expiresAt: Date; verifiedAt: Date | null }>(
      `SELECT code_hash AS "codeHash", attempts, expires_at AS "expiresAt", verified_at AS "verifiedAt"
         FROM contact_verification WHERE id = $1 AND hold_id = $2 FOR UPDATE`,
      [input.verificationId, input.holdId],
    );
    const v = r.rows[0];
    if (!v) return { kind: 'expired' as const };
    if (v.verifiedAt) return { kind: 'ok' as const };
    if (v.attempts >= MAX_CODE_ATTEMPTS || new Date(v.expiresAt).getTime() <= deps.now()) return { kind: 'expired' as const };
    const typed = input.code.replace(/\s+/g, '');
    if (isPin(typed) && pinMatches(deps.secret, typed, v.codeHash)) {
      await tx.query('UPDATE contact_verification SET verified_at = $2 WHERE id = $1', [input.verificationId, new Date(deps.now())]);
      // The code has done its job: it is not kept in the queue's row any longer.
      await tx.query("UPDATE notification_job SET data = '{}' WHERE event_key = $1", [`contact_code:${input.verificationId}`]);
      return { kind: 'ok' as const };
    }
    const n = await tx.query<{ attempts: number }>('UPDATE contact_verification SET attempts = attempts + 1 WHERE id = $1 RETURNING attempts', [input.verificationId]);
    return { kind: 'bad' as const, left: MAX_CODE_ATTEMPTS - n.rows[0]!.attempts };
  });
  if (outcome.kind === 'expired') throw bookingErrors.codeExpired();
  if (outcome.kind === 'bad') throw outcome.left > 0 ? bookingErrors.badCode(outcome.left) : bookingErrors.codeExpired();
  return { verified: true };
}

/**
 * Before a citizen's confirmation: a signed-in citizen books with their own tax code (and
 * needs no code); anyone else has verified, for this hold, the contact the booking is made
 * with — when the desk asks for it. Returns the tax code to book with.
 */
export async function checkConfirmer(
  deps: BookingDeps, actor: Actor, input: { hold: { id: string }; taxCode: string; phone: string; email?: string | undefined },
): Promise<string> {
  if (actor.kind === 'citizen') {
    if (taxCodeKey(checkedTaxCode(input.taxCode)) !== taxCodeKey(actor.taxCode)) throw bookingErrors.taxCodeMismatch();
    return actor.taxCode;
  }
  if (!(await codesCanBeSent(deps))) return input.taxCode;
  const r = await deps.db.query<{ channel: VerificationChannel | null; verified: boolean }>(
    `SELECT ${CHANNEL_OF_DESK} AS channel,
            EXISTS (SELECT 1 FROM contact_verification v
                     WHERE v.hold_id = h.id AND v.verified_at IS NOT NULL
                       AND ((v.channel = 'sms' AND v.contact = $2) OR (v.channel = 'email' AND v.contact = $3))) AS verified
       FROM booking h JOIN desk d ON d.id = h.desk_id WHERE h.id = $1`,
    [input.hold.id, normalisePhone(input.phone) ?? '', input.email?.trim().toLowerCase() ?? ''],
  );
  const row = r.rows[0];
  if (row?.channel && !row.verified) throw bookingErrors.contactNotVerified();
  return input.taxCode; // no hold: the confirmation itself answers hold_not_found
}
