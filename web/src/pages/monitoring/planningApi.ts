/** Types of the planner's API (/api/monitoring/handling, /planning, /what-if; docs/planning.md). */
import type { ScopeRef, ScopeView } from './api';

export interface QuantileCi { value: number | null; ci: { low: number; high: number; coverage: number | null } | null }
export interface Sample { n: number; meanSec: number | null; p50: QuantileCi; p90: QuantileCi; p95: QuantileCi; tooSmall: boolean }
export interface Cover { minutes: number | null; low: number | null; high: number | null }
export interface Hidden {
  waitlistJoins: number;
  contactRefusals: number;
  /** Requests told "no free place within the horizon" (desk full), and per source. */
  fullRefusals: number;
  fullRefusalsBySource: { web: number; reception: number; patronato: number; staff: number };
  noAnswers: number;
  secondLevel: number;
}
export type PhaseKey = 'reach' | 'identification' | 'talk' | 'afterCallWork' | 'total';

export interface HandlingSummary {
  calls: number;
  answeredCalls: number;
  bookings: number;
  attemptsPerBooking: number | null;
  attempts: { one: number; two: number; threeOrMore: number };
  byAdapter: Record<string, number>;
  phases: Record<PhaseKey, Sample>;
  overrun: { count: number; share: number; low: number; high: number } | null;
  overrunMeanSec: number | null;
  cover90: Cover;
  cover95: Cover;
  histogram: { fromMin: number; count: number }[];
  missing: { identification: number; afterCallWork: number };
  tooSmall: boolean;
}

export interface HandlingBrief {
  calls: number; answeredCalls: number; attemptsPerBooking: number | null; medianSec: number | null; p90Sec: number | null; p95Sec: number | null;
  identMedianSec: number | null; wrapMedianSec: number | null; overrunShare: number | null; cover90: number | null; cover95: number | null; tooSmall: boolean;
}

export interface HandlingReport {
  scope: ScopeView;
  from: string;
  to: string;
  slotMinutes: number | null;
  slotMinutesRange: [number, number] | null;
  handling: HandlingSummary;
  hidden: Hidden;
  children: (ScopeRef & { slotMinutes: number | null; handling: HandlingBrief; hidden: Hidden })[];
  periods: { period: string; handling: HandlingBrief; fullRefusals: number }[];
}

export interface OfficeOption {
  slotMinutes: number;
  overrunShare: number | null;
  overrunLow: number | null;
  overrunHigh: number | null;
  fits: boolean;
  hours: { hour: number; today: number; needed: number }[];
  leadToday: number[];
  leadPlanned: number[];
  meetsLead: boolean;
}

export interface OfficePlan {
  officeId: string;
  officeName: string;
  calls: number;
  cover90: Cover;
  options: OfficeOption[];
  story: { slotMinutes: number; overrunShare: number | null; cover90Minutes: number | null; chosenSlotMinutes: number | null; operatorsMorning: number | null; fromHour: number; toHour: number; calls: number };
  answer: { it: string; en: string };
}

export interface DeskPlan {
  deskId: string;
  deskName: string;
  officeId: string;
  officeName: string;
  slotMinutes: number;
  calls: number;
  attemptsPerBooking: number;
  backlog: number;
  forecast: (number | null)[];
  forecastError: { heldOutDays: number; mae: number | null; mape: number | null };
  meanHandlingSec: number | null;
}

export interface CapacityPlan {
  scope: ScopeView;
  today: string;
  historyWeeks: number;
  weeksAhead: number;
  targets: { leadDays: number; fitShare: number; startShare: number; startWithinSec: number };
  offices: OfficePlan[];
  desks: DeskPlan[];
}

/** A replay's figures (lead times in working days, shares 0–1, delays in seconds). */
export interface SimFigures {
  arrivals: number;
  states: { served: number; no_answer: number; cancelled: number; refused: number };
  calls: number;
  leadMean: number | null;
  leadP90: number | null;
  overrunShare: number | null;
  startDelayMeanSec: number | null;
}
export interface ActualFigures { bookings: number; leadMean: number | null; overrunShare: number | null; noAnswerShare: number | null }

/** GET /api/monitoring/what-if: a past period replayed as it was (against what happened) and with a change. */
export interface WhatIfReplay {
  scope: ScopeView;
  from: string;
  to: string;
  seed: number;
  change: { slotMinutes: number | null; operators: number | null };
  current: { slotMinutes: [number, number] | null; operators: [number, number] | null };
  actual: ActualFigures;
  baseline: SimFigures;
  whatIf: SimFigures;
  error: { leadMeanDays: number | null; overrunShare: number | null };
  desks: { deskId: string; deskName: string; slotMinutes: number; operators: [number, number] | null; actual: ActualFigures & { calls: number }; baseline: SimFigures; whatIf: SimFigures }[];
  elapsedMs: number;
}
