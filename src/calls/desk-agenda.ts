import type { DutyStatus } from '../domain/calls/call-rules.js';
import { authorize, type Actor } from '../policy/index.js';
import { ASSIGNMENT_SELECT, deskPlace, recordStep, loadAssignment, type AssignmentRow } from './calls.repository.js';
import { callErrors, romeDay, staffActor, type CallsDeps } from './deps.js';
import { itemsWith } from './get-agenda.js';
import { syncDeskAgenda } from './sync-agenda.js';
import type { z } from 'zod';
import type { deskAgenda } from './routes.schema.js';

type Staff = Extract<Actor, { kind: 'staff' }>;

/** A desk's day as a supervisor sees it: operators (on duty, off, absent) with their loads, and every booking. */
export async function getDeskAgenda(deps: CallsDeps, actor: Staff, deskId: string): Promise<z.output<typeof deskAgenda>> {
  const place = await deskPlace(deps.db, deskId);
  if (!place) throw callErrors.deskNotFound();
  authorize(actor, 'staff.agenda.read', place);
  const day = romeDay(deps.now());
  await syncDeskAgenda(deps, deskId, day, staffActor(actor.userId));
  const duty = await deps.db.query<{ user_id: string; username: string; display_name: string; status: DutyStatus; extension: string | null }>(
    `SELECT d.user_id, u.username, u.display_name, d.status, d.extension FROM duty d JOIN staff_user u ON u.id = d.user_id
      WHERE d.desk_id = $1 AND d.day = $2 ORDER BY u.username`, [deskId, day],
  );
  const { rows, items } = await deps.db.transaction(async (q) => {
    const rows = (await q.query<AssignmentRow>(`${ASSIGNMENT_SELECT} WHERE a.desk_id = $1 AND a.day = $2 AND a.state <> 'withdrawn' ORDER BY a.starts_at, b.code`, [deskId, day])).rows;
    return { rows, items: await itemsWith(q, rows) };
  }, { isolation: 'repeatable read' });
  const open = new Map<string, number>();
  for (const r of rows) if (r.operatorId && r.state !== 'done') open.set(r.operatorId, (open.get(r.operatorId) ?? 0) + 1);
  return {
    day,
    desk: { id: place.deskId, name: place.deskName, nameEn: place.deskNameEn, number: place.deskNumber, officeName: place.officeName, officeCode: place.officeCode },
    operators: duty.rows.map((d) => ({ id: d.user_id, username: d.username, displayName: d.display_name, status: d.status, extension: d.extension, openBookings: open.get(d.user_id) ?? 0 })),
    items: items.map((it, i) => ({ ...it, operatorId: rows[i]!.operatorId, pinned: rows[i]!.pinned })),
    unassigned: rows.filter((r) => !r.operatorId && r.state !== 'done').length,
  };
}

/** A supervisor moves a booking to another operator on duty; the move is kept by later rebalancing. */
export async function assignBooking(deps: CallsDeps, actor: Staff, input: { deskId: string; bookingId: string; operatorId: string }): Promise<z.output<typeof deskAgenda>> {
  const place = await deskPlace(deps.db, input.deskId);
  if (!place) throw callErrors.deskNotFound();
  authorize(actor, 'staff.agenda.manage', place);
  const day = romeDay(deps.now());
  await deps.db.transaction(async (tx) => {
    const a = await loadAssignment(tx, input.bookingId, true);
    if (!a || a.deskId !== input.deskId || a.day !== day || a.state === 'withdrawn') throw callErrors.bookingNotFound();
    if (a.state === 'done') throw callErrors.closed();
    if (['calling', 'in_call', 'wrap_up'].includes(a.state)) throw callErrors.callInProgress();
    const on = await tx.query<{ username: string }>(
      "SELECT u.username FROM duty d JOIN staff_user u ON u.id = d.user_id WHERE d.desk_id = $1 AND d.user_id = $2 AND d.day = $3 AND d.status = 'on'",
      [input.deskId, input.operatorId, day],
    );
    if (!on.rows[0]) throw callErrors.operatorNotOnDuty();
    await tx.query('UPDATE call_assignment SET operator_id = $2, pinned = true, updated_at = now() WHERE booking_id = $1', [a.bookingId, input.operatorId]);
    await recordStep(tx, a.bookingId, 'call_reassigned', staffActor(actor.userId), on.rows[0].username);
    await deps.bus.publish(tx, { type: 'agenda', deskId: input.deskId });
  });
  return getDeskAgenda(deps, actor, input.deskId);
}
