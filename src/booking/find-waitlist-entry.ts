import { readWaitlistCode } from '../domain/booking/booking-code.js';
import { checkTaxCode, taxCodeKey } from '../domain/person/tax-code.js';
import type { BookingDeps } from './deps.js';
import { bookingErrors } from './errors.js';
import { waitlistToken } from './secrets.js';
import { waitlistStatus } from './get-waitlist-status.js';
import type { WaitlistStatus } from './waitlist-entry.js';

/**
 * "Gestisci una prenotazione" with a waiting-list code: the entry of this code and tax code,
 * with its page's link (the same token as in the messages). A wrong tax code answers like an
 * unknown code.
 */
export async function findWaitlistEntry(deps: BookingDeps, input: { code: string; taxCode: string }): Promise<WaitlistStatus & { entryId: string; token: string; code: string }> {
  const code = readWaitlistCode(input.code);
  const tax = checkTaxCode(input.taxCode);
  if (!code || !tax.ok) throw bookingErrors.offerNotFound();
  const r = await deps.db.query<{ id: string; taxCode: string }>('SELECT id, tax_code AS "taxCode" FROM waitlist_entry WHERE code = $1', [code]);
  const row = r.rows[0];
  if (!row || taxCodeKey(row.taxCode) !== taxCodeKey(tax.value)) throw bookingErrors.offerNotFound();
  const token = waitlistToken(deps.secret, row.id);
  return { ...(await waitlistStatus(deps, { entryId: row.id, token })), entryId: row.id, token, code };
}
