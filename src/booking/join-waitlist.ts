import { randomUUID } from 'node:crypto';
import { pgConstraint, pgErrorCode, type Queryable } from '../storage/db.js';
import { makeWaitlistCode } from '../domain/booking/booking-code.js';
import type { Channel } from '../domain/catalog/types.js';
import { checkPerson, type PersonInput } from './check-person.js';
import type { BookingDeps } from './deps.js';
import { bookingErrors } from './errors.js';
import { firstAvailable } from './get-availability.js';
import { bookableDesk } from './resolve-slot.js';
import { hashToken, waitlistToken } from './secrets.js';
import { claimingEntry, positionOf } from './waitlist-entry.js';
import type { z } from 'zod';
import type { waitlistJoinResponse } from './routes.schema.js';

export interface JoinInput extends PersonInput {
  deskId: string;
  channel: Channel;
  priority?: boolean | undefined;
}

export type JoinedWaitlist = z.output<typeof waitlistJoinResponse>;

/**
 * Joins a desk's waiting list — only when the desk has no free place in its whole horizon
 * (otherwise the citizen is sent back to the slots). Places freed later are offered in order.
 * The entry gets a code (`LA-…`, found again with the tax code) and a link token derived from
 * the server secret (so that the messages can carry the link); a confirmation with both is
 * queued in the same transaction, on every channel that carries it and has a contact.
 */
export async function joinWaitlist(deps: BookingDeps, input: JoinInput, tx?: Queryable): Promise<JoinedWaitlist> {
  const run = async (q: Queryable) => {
    const calendar = await bookableDesk(deps, input.deskId, input.channel, q);
    const person = checkPerson(input, calendar.topics);
    if (await firstAvailable(deps, { deskId: input.deskId, channel: input.channel, priority: input.priority }, q)) throw bookingErrors.placesAvailable();
    const id = randomUUID();
    const token = waitlistToken(deps.secret, id);
    let code = '';
    for (let attempt = 0; ; attempt++) {
      code = makeWaitlistCode(deps.random);
      await q.query('SAVEPOINT waitlist_code');
      try {
        await claimingEntry(() => q.query(
          `INSERT INTO waitlist_entry (id, code, desk_id, token_hash, tax_code, full_name, phone, email, topic, notes, channel, language, priority, consent_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
          [id, code, input.deskId, hashToken(token), person.taxCode, person.fullName, person.phone, person.email, person.topic, person.notes,
            input.channel, person.language, input.priority ?? false, new Date(deps.now())],
        ));
        await q.query('RELEASE SAVEPOINT waitlist_code');
        break;
      } catch (err) {
        await q.query('ROLLBACK TO SAVEPOINT waitlist_code');
        if (attempt < 4 && pgErrorCode(err) === '23505' && pgConstraint(err) === 'waitlist_entry_code_key') continue;
        throw err;
      }
    }
    const queued = await q.query<{ channel: 'email' | 'sms' | 'appio' }>(
      `INSERT INTO notification_job (event_key, kind, channel, waitlist_entry_id, starts_at, run_after, expires_at)
       SELECT 'waitlist_joined:' || w.id, 'waitlist_joined', c.channel, w.id, w.created_at, $2, $2::timestamptz + interval '7 days'
         FROM waitlist_entry w, notification_channel c
        WHERE w.id = $1 AND c.enabled AND 'waitlist_joined' = ANY (c.kinds)
          AND CASE c.channel WHEN 'email' THEN w.email IS NOT NULL WHEN 'sms' THEN w.phone IS NOT NULL ELSE w.tax_code ~ '^[A-Z]{6}' END
       ON CONFLICT (event_key, channel) DO NOTHING
       RETURNING channel`,
      [id, new Date(deps.now())],
    );
    return { entryId: id, token, code, position: await positionOf(q, id), confirmation: queued.rows.map((r) => r.channel).sort() };
  };
  return tx ? run(tx) : deps.db.transaction(run);
}
