/**
 * The state of the booking flow, kept in sessionStorage so that back, forward and
 * refresh never lose what was typed. sessionStorage lives as long as the browser tab:
 * the tax code and the PIN never reach localStorage or any longer-lived store.
 */
import { useSyncExternalStore } from 'react';
import type { Channel, NewBooking } from '../api/types';
import { EMPTY_PERSON, type PersonForm } from './person';

export interface HeldPlace {
  id: string;
  token: string;
  deskId: string;
  start: string;
  end: string;
  expiresAt: string;
  /** The expiry on this device's clock (expiresAt corrected by the server's clock skew). */
  deadline: number;
  holdMinutes: number;
  /** Already given more time once (it can be, once). */
  extended?: boolean;
}

export interface WaitlistLink {
  entryId: string;
  token: string;
  position: number;
  deskId: string;
}

export interface FlowState {
  provinceCode: string | null;
  officeId: string | null;
  deskId: string | null;
  channel: Channel | null;
  priority: boolean;
  hold: HeldPlace | null;
  person: PersonForm;
  /** The person step's checks passed for the data as it is now. */
  personValid: boolean;
  /** Idempotency-Key of the pending submit and the body it was made for. */
  submit: { key: string; body: string } | null;
  /** The booking just made (with its PIN): shown on the confirmation page of this tab. */
  result: NewBooking | null;
  waitlist: WaitlistLink | null;
  /** What the citizen said they need ("pensione"): the desk step puts the desks for it first. */
  need: string;
  /** Booking "at the station of Comune X" (`/prenota?postazione=<id>`): video, the station's hours. */
  station: { id: string; name: string; address: string } | null;
  /** A day chosen on the desk page (`/prenota?sportello=<id>&giorno=<date>`): the slot step opens on it. */
  day: string | null;
}

export const EMPTY_FLOW: FlowState = {
  provinceCode: null,
  officeId: null,
  deskId: null,
  channel: null,
  priority: false,
  hold: null,
  person: EMPTY_PERSON,
  personValid: false,
  submit: null,
  result: null,
  waitlist: null,
  need: '',
  station: null,
  day: null,
};

const KEY = 'sportello.booking';
const listeners = new Set<() => void>();
let current: FlowState = read();

function read(): FlowState {
  try {
    const raw = window.sessionStorage.getItem(KEY);
    if (!raw) return EMPTY_FLOW;
    const parsed = JSON.parse(raw) as Partial<FlowState>;
    return { ...EMPTY_FLOW, ...parsed, person: { ...EMPTY_PERSON, ...parsed.person } };
  } catch {
    return EMPTY_FLOW;
  }
}

function write(state: FlowState): void {
  try {
    window.sessionStorage.setItem(KEY, JSON.stringify(state));
  } catch {
    // storage full or disabled: the flow still works, only a refresh would lose it
  }
}

export function getFlow(): FlowState {
  return current;
}

export function updateFlow(change: Partial<FlowState> | ((state: FlowState) => Partial<FlowState>)): void {
  const patch = typeof change === 'function' ? change(current) : change;
  current = { ...current, ...patch };
  write(current);
  for (const l of listeners) l();
}

/** Forgets the whole flow (after a booking, or to start again). */
export function resetFlow(keep: Partial<FlowState> = {}): void {
  updateFlow({ ...EMPTY_FLOW, ...keep });
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useFlow(): FlowState {
  return useSyncExternalStore(subscribe, getFlow, getFlow);
}

/** Choosing something earlier in the flow forgets what depended on it. */
export function chooseProvince(code: string): void {
  const s = getFlow();
  if (s.provinceCode === code) return;
  updateFlow({ provinceCode: code, officeId: null, deskId: null, channel: null });
}

export function chooseOffice(id: string): void {
  const s = getFlow();
  if (s.officeId === id) return;
  updateFlow({ officeId: id, deskId: null, channel: null });
}

export function chooseDesk(id: string): void {
  const s = getFlow();
  if (s.deskId === id) return;
  updateFlow({ deskId: id, channel: null, person: { ...s.person, topic: '' } });
}

/** A separate, small store for the "manage a booking" page (code + tax code of this tab). */
const MANAGE_KEY = 'sportello.manage';

export function readManageKey(): { code: string; taxCode: string } | null {
  try {
    const raw = window.sessionStorage.getItem(MANAGE_KEY);
    return raw ? (JSON.parse(raw) as { code: string; taxCode: string }) : null;
  } catch {
    return null;
  }
}

export function writeManageKey(key: { code: string; taxCode: string } | null): void {
  try {
    if (key) window.sessionStorage.setItem(MANAGE_KEY, JSON.stringify(key));
    else window.sessionStorage.removeItem(MANAGE_KEY);
  } catch {
    // not kept: a refresh asks again
  }
}
