import type { DutyStatus } from '../domain/calls/call-rules.js';
import { AppError } from '../domain/errors.js';
import { can, type Actor } from '../policy/index.js';
import { allDeskPlaces } from './calls.repository.js';
import { romeDay, type CallsDeps } from './deps.js';
import { dutyFromRoster } from './roster-duty.js';
import { signOnDesks } from './sign-on.js';
import type { z } from 'zod';
import type { rosteredDesks as rosteredDesksView, signedOnDay } from './routes.schema.js';

type Staff = Extract<Actor, { kind: 'staff' }>;

/** The desks the operator is rostered on today (weekly shift on its weekday, or dated), with their duty. */
export async function rosteredDesks(deps: CallsDeps, actor: Staff): Promise<z.output<typeof rosteredDesksView>> {
  const day = romeDay(deps.now());
  await dutyFromRoster(deps.db, day, { userId: actor.userId });
  const r = await deps.db.query<{ desk_id: string; status: DutyStatus | null; extension: string | null; extension_verified_at: Date | null }>(
    `SELECT DISTINCT r.desk_id, du.status, du.extension, du.extension_verified_at
       FROM roster_shift r LEFT JOIN duty du ON du.desk_id = r.desk_id AND du.user_id = r.user_id AND du.day = $2::date
      WHERE r.user_id = $1 AND (r.weekday = extract(isodow FROM $2::date) OR r.day = $2::date)`,
    [actor.userId, day],
  );
  const places = new Map((await allDeskPlaces(deps.db)).map((p) => [p.deskId, p]));
  const desks = r.rows.flatMap((row) => {
    const p = places.get(row.desk_id);
    if (!p || !can(actor, 'staff.calls.write', p)) return [];
    return [{
      deskId: row.desk_id, officeId: p.officeId, name: p.deskName, nameEn: p.deskNameEn, number: p.deskNumber, officeName: p.officeName, officeCode: p.officeCode,
      status: row.status ?? 'off', extension: row.extension, extensionVerified: !!row.extension_verified_at,
    }];
  });
  desks.sort((a, b) => a.officeCode.localeCompare(b.officeCode) || a.number - b.number);
  return { day, desks };
}

/**
 * One sign-on for the day: every desk the operator is rostered on today, with one extension
 * (checked against each office's PBX). Desks where the operator is marked absent (an absence,
 * or a supervisor's mark) are left as they are and listed: the record of the absence stays true.
 */
export async function signOnDay(deps: CallsDeps, actor: Staff, input: { extension?: string | undefined }): Promise<z.output<typeof signedOnDay>> {
  const { desks } = await rosteredDesks(deps, actor);
  const absent = desks.filter((d) => d.status === 'absent');
  const todo = desks.filter((d) => d.status !== 'absent');
  if (todo.length === 0) {
    throw new AppError(409, absent.length ? 'absent_today' : 'not_rostered', absent.length
      ? { it: 'Oggi risulti assente su tutti i tuoi sportelli: chiedi al responsabile di togliere l’assenza.', en: 'You are marked absent on all your desks today: ask your supervisor to remove the absence.' }
      : { it: 'Oggi non hai turni negli sportelli: entra in servizio sportello per sportello.', en: 'You have no shifts at any desk today: sign on desk by desk.' });
  }
  const r = await signOnDesks(deps, actor, todo.map((d) => ({ deskId: d.deskId, officeId: d.officeId })), input.extension);
  return { ...r, skipped: absent.map((d) => ({ deskId: d.deskId, reason: 'absent' as const })) };
}
