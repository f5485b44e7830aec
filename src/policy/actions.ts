/**
 * The catalogue of actions: for each, who may perform it. This table is the whole
 * authorisation model — routes name an action (`config: { policy }`), use cases call
 * `authorize(actor, action, resource)` with the resource's place; nothing else decides.
 *
 * Audiences: 'public' (anyone, even anonymous), 'authenticated' (any session),
 * 'citizen' (a citizen's session), 'staff' (any staff session, whatever the role),
 * 'station' (an enrolled municipal kiosk's device token, src/stations: it reaches these routes
 * and the public ones, nothing else).
 * Otherwise a map role → rule:
 *   'scope' — allowed where one of the actor's grants of that role covers the resource;
 *   'own'   — as 'scope', and the resource must belong to the actor (resource.ownerId);
 *   'organisation' — as 'scope', and the resource must belong to the actor's organisation
 *             (resource.organisationId = the patronato the actor works for).
 */
import type { Role } from './roles.js';

export type Rule = 'scope' | 'own' | 'organisation';
export type Audience = 'public' | 'authenticated' | 'citizen' | 'staff' | 'station';
export type ActionDef = Audience | Partial<Record<Role, Rule>>;

const ADMINS = { regional_admin: 'scope', office_admin: 'scope' } as const;

export const ACTIONS = {
  // Anyone: the public catalogue, health, sign-in, booking by citizens (code + tax code + PIN).
  public: 'public',
  // Any signed-in person (e.g. sign out).
  authenticated: 'authenticated',
  // A citizen signed in through OpenID Connect (SPID/CIE): their own bookings.
  'citizen.self': 'citizen',
  // Any staff member: own profile, own password, own second factor.
  'staff.self': 'staff',

  // Accounts, roles and scopes.
  'staff.users.read': { ...ADMINS },
  'staff.users.write': { ...ADMINS },
  // Audit log: search and export.
  'staff.audit.read': { ...ADMINS, urp_monitor: 'scope' },
  // Data protection: one person's data (export, erase), the retention job.
  'staff.privacy.export': { regional_admin: 'scope' },
  'staff.privacy.erase': { regional_admin: 'scope' },
  'staff.retention.run': { regional_admin: 'scope' },

  // Catalogue administration: offices, desks, calendars, closures, slot releases.
  'staff.catalog.write': { ...ADMINS },
  'staff.notifications.manage': { regional_admin: 'scope' }, // notification templates, queue, dead letters (region-wide)

  // Bookings seen and handled by staff. Reading one with its personal data is audited.
  // A patronato: its own organisation's bookings only (it books through patronato.bookings.create, with a mandate).
  'staff.bookings.read': { ...ADMINS, urp_monitor: 'scope', reception_agent: 'scope', desk_operator: 'scope', patronato_operator: 'organisation' },
  'staff.bookings.create': { ...ADMINS, reception_agent: 'scope', desk_operator: 'scope' },
  'staff.bookings.update': { ...ADMINS, reception_agent: 'scope', desk_operator: 'scope', patronato_operator: 'organisation' },
  // Patronati: organisations, local offices, operators, the province lines (region-wide records).
  'patronati.manage': { regional_admin: 'scope' },
  // A desk's patronato share (a desk setting, like its priority share).
  'patronati.capacity.write': { ...ADMINS },
  // A delegated booking under a mandate: by the patronato's operator, or by the reception line
  // answering the patronati's number; the patronato's places of a desk.
  'patronato.bookings.create': { patronato_operator: 'scope', reception_agent: 'scope' },
  'patronato.availability.read': { patronato_operator: 'scope', reception_agent: 'scope' },
  // The patronato's own bookings and call outcomes, its day's list; who is calling on the patronati's line.
  'patronato.bookings.read': { patronato_operator: 'organisation' },
  'patronato.callers.read': { reception_agent: 'scope', ...ADMINS },
  // The operator's day: agenda, identity check, calls and their outcome.
  'staff.agenda.read': { ...ADMINS, desk_operator: 'scope' },
  'staff.calls.write': { desk_operator: 'scope' },
  // A supervisor's hand on the desk's day: move a booking to another operator, mark one absent.
  'staff.agenda.manage': { ...ADMINS },
  // Contacts logged by the reception line, short approved answers.
  'staff.contacts.write': { reception_agent: 'scope' },
  'staff.answers.read': { ...ADMINS, urp_monitor: 'scope', reception_agent: 'scope', desk_operator: 'scope' },
  'staff.answers.write': { regional_admin: 'scope', urp_monitor: 'scope' },
  // Live monitoring, history, alerts, exports.
  'staff.monitoring.read': { ...ADMINS, urp_monitor: 'scope' },
  'staff.monitoring.manage': { regional_admin: 'scope', urp_monitor: 'scope' }, // alert thresholds and recipients
  // Two-way drawer (labour consultants ↔ office), src/drawer. The office's side: queue, thread
  // page with internal notes, replies, assignment, closing.
  'staff.drawer.read': { ...ADMINS, desk_operator: 'scope' },
  'staff.drawer.write': { ...ADMINS, desk_operator: 'scope' },
  // Companies (matricola) and the consultants' delegations, granted and revoked by office admins.
  'staff.drawer.delegations': { ...ADMINS },
  // The two-level subject tree of a region (names, SLA days, routing desk), kept by the regional admin.
  'staff.drawer.subjects': { regional_admin: 'scope' },
  // SLA figures of the drawer (no thread contents), for the URP.
  'staff.drawer.report': { ...ADMINS, urp_monitor: 'scope' },
  // The consultant's side: only companies they hold an active delegation for ('own': the use
  // case gives the consultant as owner when the delegation is active).
  'drawer.consultant': { labour_consultant: 'own' },
  // Municipal stations (src/stations): registered, enrolled and revoked by the office's admins;
  // their state (online, offline) seen by the URP too.
  'staff.stations.write': { ...ADMINS },
  'staff.stations.read': { ...ADMINS, urp_monitor: 'scope' },
  // The kiosk itself (a device token, never a person's session): its next appointments, check-in, heartbeat.
  'station.kiosk': 'station',
} as const satisfies Record<string, ActionDef>;

export type Action = keyof typeof ACTIONS;

export function isAction(value: unknown): value is Action {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ACTIONS, value);
}
