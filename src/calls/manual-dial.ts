import type { OfficeTelephony } from '../adapters/telephony/registry.js';

export type CallerIdMode = 'prefix' | 'office_line' | 'own_number';

export interface ManualDial {
  /** What to dial: the citizen's number, after the office's prefix when there is one. */
  dial: string;
  /** Whose number the citizen sees. */
  callerIdMode: CallerIdMode;
  prefix: string | null;
  officeLine: string | null;
}

/**
 * How an operator at home calls a citizen without showing their own number: from the
 * office's line (the PBX's app or softphone) when the office has one, else with the office's
 * dial prefix (e.g. #31#, caller ID withheld), else — said plainly — from their own number.
 */
export function manualDial(tel: Pick<OfficeTelephony, 'manualDialPrefix' | 'manualCallerLine'>, phone: string): ManualDial {
  if (tel.manualCallerLine) return { dial: phone, callerIdMode: 'office_line', prefix: null, officeLine: tel.manualCallerLine };
  if (tel.manualDialPrefix) return { dial: `${tel.manualDialPrefix}${phone}`, callerIdMode: 'prefix', prefix: tel.manualDialPrefix, officeLine: null };
  return { dial: phone, callerIdMode: 'own_number', prefix: null, officeLine: null };
}
