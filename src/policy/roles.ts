/**
 * Staff roles and the scopes they are granted on. A grant = one role on one scope
 * (a region, a province, an office or one desk). A person may hold several grants.
 */
import type { Bilingual } from '../domain/errors.js';

export const ROLES = [
  'regional_admin',
  'office_admin',
  'urp_monitor',
  'reception_agent',
  'desk_operator',
  'patronato_operator',
  'labour_consultant',
  'station',
] as const;
export type Role = (typeof ROLES)[number];

export const SCOPE_KINDS = ['region', 'province', 'office', 'desk'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

/** Roles whose accounts must use a second factor (TOTP) when signing in with a password. */
export const ADMIN_ROLES: readonly Role[] = ['regional_admin', 'office_admin'];

export interface RoleInfo {
  role: Role;
  label: Bilingual;
  /** The scope kinds a grant of this role may have. */
  scopes: readonly ScopeKind[];
  description: Bilingual;
}

export const ROLE_INFO: Record<Role, RoleInfo> = {
  regional_admin: {
    role: 'regional_admin',
    label: { it: 'Amministratore regionale', en: 'Regional administrator' },
    scopes: ['region'],
    description: { it: 'Sedi, sportelli, utenti e ruoli di tutta la regione; registro degli accessi; protezione dei dati.', en: 'Offices, desks, users and roles of the whole region; audit log; data protection.' },
  },
  office_admin: {
    role: 'office_admin',
    label: { it: 'Amministratore di sede', en: 'Office administrator' },
    scopes: ['office'],
    description: { it: 'Sportelli, calendari e utenti della propria sede.', en: 'Desks, calendars and users of one office.' },
  },
  urp_monitor: {
    role: 'urp_monitor',
    label: { it: 'URP – monitoraggio', en: 'URP monitor' },
    scopes: ['region', 'province', 'office'],
    description: { it: 'Monitoraggio del servizio, risposte brevi, registro degli accessi del proprio ambito.', en: 'Service monitoring, short answers, audit log of its scope.' },
  },
  reception_agent: {
    role: 'reception_agent',
    label: { it: 'Operatore del numero provinciale', en: 'Reception agent' },
    scopes: ['province'],
    description: { it: 'Prenota per conto di chi chiama, nelle sedi della propria provincia.', en: "Books on callers' behalf, in the offices of one province." },
  },
  desk_operator: {
    role: 'desk_operator',
    label: { it: 'Operatore di sportello', en: 'Desk operator' },
    scopes: ['office', 'desk'],
    description: { it: 'Agenda e richiamate degli sportelli assegnati.', en: 'Agenda and callbacks of the assigned desks.' },
  },
  patronato_operator: {
    role: 'patronato_operator',
    label: { it: 'Operatore di patronato', en: 'Patronato operator' },
    scopes: ['region', 'province'],
    description: { it: 'Prenota per i propri assistiti e vede solo le proprie prenotazioni.', en: 'Books for its clients and sees its own bookings only.' },
  },
  labour_consultant: {
    role: 'labour_consultant',
    label: { it: 'Consulente del lavoro', en: 'Labour consultant' },
    scopes: ['region', 'province'],
    description: { it: 'Cassetto bidirezionale: le proprie pratiche.', en: 'Two-way drawer: its own threads.' },
  },
  station: {
    role: 'station',
    label: { it: 'Postazione comunale', en: 'Municipal station' },
    scopes: ['office'],
    description: { it: 'Dispositivo chiosco: mostra il prossimo appuntamento video.', en: 'Kiosk device: shows the next video appointment.' },
  },
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
