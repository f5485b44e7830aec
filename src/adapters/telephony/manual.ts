/**
 * Manual telephony: the operator dials the citizen from any phone. Nothing is placed by
 * the server; the console shows the number, the operator marks "answered" or "not
 * answered" and then "ended", and the console times the call (server clock at each mark).
 */
import type { OriginateResult, TelephonyAdapter } from './port.js';

export class ManualTelephony implements TelephonyAdapter {
  readonly kind = 'manual' as const;

  async originate(): Promise<OriginateResult> {
    return {};
  }

  async hangup(): Promise<void> {
    /* the operator hangs up their own phone */
  }

  async close(): Promise<void> {}
}

/** The marks an operator can give a manual call, and the state each one means. */
export const MANUAL_MARKS = { answered: 'answered', not_answered: 'failed', ended: 'ended' } as const;
export type ManualMark = keyof typeof MANUAL_MARKS;
