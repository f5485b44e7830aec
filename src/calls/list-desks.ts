import { can, type Actor } from '../policy/index.js';
import { allDeskPlaces } from './calls.repository.js';
import type { CallsDeps } from './deps.js';

/** The desks whose day the actor may open (supervisor's desk-day view), by office then number. */
export async function listAgendaDesks(deps: CallsDeps, actor: Actor) {
  const desks = (await allDeskPlaces(deps.db)).filter((p) => can(actor, 'staff.agenda.read', p));
  return {
    items: desks.map((d) => ({
      id: d.deskId, number: d.deskNumber, name: d.deskName, nameEn: d.deskNameEn,
      officeId: d.officeId, officeCode: d.officeCode, officeName: d.officeName, provinceCode: d.provinceCode,
    })),
  };
}
