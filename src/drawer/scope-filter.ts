/**
 * The grants that allow an action, as a SQL condition on a row `t` with `office_id` and
 * `desk_id` (a thread, or a company seen through its office): lists show only what the
 * policy would let the actor open, one by one. Only `t`'s own columns are used, so a list
 * can pick its page from the thread table alone.
 */
import { scopesFor, type Action, type Actor } from '../policy/index.js';

export function scopeCondition(actor: Actor, action: Action, params: unknown[]): string {
  const parts: string[] = [];
  for (const g of scopesFor(actor, action).grants) {
    const s = g.scope;
    if (s.kind === 'region') {
      params.push([...s.provinceCodes]);
      parts.push(`t.office_id IN (SELECT id FROM office WHERE province_code = ANY($${params.length}::text[]))`);
    } else if (s.kind === 'province') {
      params.push(s.provinceCode);
      parts.push(`t.office_id IN (SELECT id FROM office WHERE province_code = $${params.length})`);
    } else if (s.kind === 'office') {
      params.push(s.officeId);
      parts.push(`t.office_id = $${params.length}`);
    } else {
      params.push(s.deskId);
      parts.push(`t.desk_id = $${params.length}`);
    }
  }
  return parts.length ? `(${parts.join(' OR ')})` : 'false';
}
