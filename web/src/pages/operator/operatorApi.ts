/** Shapes of the operator-console API (src/calls/routes.ts). */
export interface CallView {
  id: string;
  adapter: string;
  attempt: number;
  state: 'requested' | 'ringing' | 'answered' | 'ended' | 'failed';
  cause: string | null;
  causeCode: number | null;
  destination: string;
  requestedAt: string | null;
  ringingAt: string | null;
  answeredAt: string | null;
  endedAt: string | null;
  durationSeconds: number | null;
  talkSeconds: number | null;
  timingSource: string;
}

export interface AgendaItem {
  bookingId: string;
  code: string;
  deskId: string;
  start: string;
  end: string;
  state: 'waiting' | 'calling' | 'in_call' | 'wrap_up' | 'retry' | 'done';
  attempts: number;
  callsMade: number;
  nextAttemptAt: string | null;
  outcome: string | null;
  notes: string | null;
  instructions: string | null;
  identityVerified: boolean;
  identityFailures: number;
  /** Served with no identity check passed: the reason recorded. */
  identityWaiver?: string | null;
  flagged: boolean;
  /** From when until when this booking may be called (slot start less the margin, a retry from its time; slot end plus the retry window). */
  callFrom?: string;
  callUntil?: string;
  citizen: { fullName: string | null; phone: string | null; language: string; topic: string | null; notes: string | null; priority: boolean; channel: string; station?: string | null; phoneInstead?: boolean };
  bookingActive: boolean;
  lastCall: CallView | null;
  operatorId?: string | null;
}

export interface DeskOnDuty {
  deskId: string;
  name: string;
  nameEn: string;
  number: number;
  officeName: string;
  officeCode: string;
  onDuty: boolean;
  extension: string | null;
  adapter: string | null;
  /** The office's second-level desk, when it has one. */
  secondLevelDeskId?: string | null;
  /** What the desk may ask a citizen to send. */
  documents?: { key: string; it: string; en: string }[];
}

export interface Agenda {
  day: string;
  serverTime: string;
  desks: DeskOnDuty[];
  items: AgendaItem[];
  current: string | null;
  next: string | null;
  slotStartsAt?: string | null;
  slotEndsAt: string | null;
  timeLeftSeconds: number | null;
  delayMinutes: number;
  done: number;
  total: number;
}

export interface History {
  code: string;
  steps: { at: string; kind: string; actor: string; detail: string | null }[];
  calls: { id: string; attempt: number; adapter: string; state: string; cause: string | null; start: string | null; answeredAt: string | null; endedAt: string | null; durationSeconds: number | null; talkSeconds: number | null; timingSource: string }[];
  identityFailures: number;
  identityWaiver?: string | null;
  flagged: boolean;
  outcome: string | null;
}

export interface Flag {
  bookingId: string;
  code: string;
  desk: string;
  office: string;
  provinceCode: string;
  flaggedAt: string;
  reason: string;
  identityFailures: number;
  start: string;
  citizen: string | null;
  phone: string | null;
  operator: string | null;
  outcome: string | null;
}

export interface DeskAgenda {
  day: string;
  desk: { id: string; name: string; nameEn: string; number: number; officeName: string; officeCode: string };
  operators: { id: string; username: string; displayName: string; status: string; extension: string | null; openBookings: number }[];
  items: (AgendaItem & { operatorId: string | null; pinned: boolean })[];
  unassigned: number;
}

export const OUTCOMES = ['resolved', 'no_answer', 'wrong_number', 'cancelled_by_citizen', 'second_level', 'needs_documents'] as const;
export type Outcome = (typeof OUTCOMES)[number];
/** The citizen was served: identity first (or a reason). */
export const SERVED: readonly Outcome[] = ['resolved', 'second_level', 'needs_documents'];
/** Someone was on the line. */
export const CONNECTED: readonly Outcome[] = [...SERVED, 'cancelled_by_citizen'];
export const IDENTITY_WAIVERS = ['pin_lost', 'pin_locked', 'representative', 'communication'] as const;

/** "RSSMRA85T10A562S" → "RSS•••••••••••2S": what the screen shows of a typed tax code. */
export function maskTaxCode(typed: string): string {
  const v = typed.replace(/\s+/g, '').toUpperCase();
  if (v.length <= 5) return '•'.repeat(v.length);
  return v.slice(0, 3) + '•'.repeat(v.length - 5) + v.slice(-2);
}

export function mmss(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
