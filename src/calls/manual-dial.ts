import type { OfficeTelephony } from '../adapters/telephony/registry.js';
import type { z } from 'zod';
import type { startedCall } from './routes.schema.js';

/** How a manual call is dialled: the routes' `startedCall.manual`. */
export type ManualDial = NonNullable<z.output<typeof startedCall>['manual']>;
export type CallerIdMode = ManualDial['callerIdMode'];

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
