import { DEFAULT_POLICY, officeTelephony } from '../adapters/telephony/registry.js';
import { TelephonyUnavailable, type AdapterKind } from '../adapters/telephony/port.js';
import { parseSettings } from '../adapters/telephony/settings.js';
import { WildixTelephony } from '../adapters/telephony/wildix.js';
import { AppError } from '../domain/errors.js';
import { placeOfOffice } from '../users/index.js';
import { authorize, type Actor } from '../policy/index.js';
import { pgErrorCode } from '../storage/db.js';
import { isUuid } from './calls.repository.js';
import { applyCallUpdate } from './apply-call-update.js';
import { callErrors, type CallsDeps } from './deps.js';
import type { z } from 'zod';
import type { historyImported, officeTelephony as officeTelephonyView } from './routes.schema.js';

type Staff = Extract<Actor, { kind: 'staff' }>;

async function officePlace(deps: CallsDeps, officeId: string) {
  const place = isUuid(officeId) ? await placeOfOffice(deps.db, officeId) : null;
  if (!place) throw callErrors.officeNotFound();
  return place;
}

export async function getTelephony(deps: CallsDeps, actor: Staff, officeId: string): Promise<z.output<typeof officeTelephonyView>> {
  authorize(actor, 'staff.catalog.write', await officePlace(deps, officeId));
  return officeTelephony(deps.db, officeId, deps.defaultAdapter);
}

export interface TelephonyInput {
  adapter: AdapterKind;
  settings: Record<string, unknown>;
  maxAttempts: number;
  retryDelayMinutes: number;
  retryWindowMinutes: number;
  identityFlagFailures: number;
  secondLevelDeskId: string | null;
  manualDialPrefix?: string | null | undefined;
  manualCallerLine?: string | null | undefined;
  earlyCallMinutes?: number | undefined;
}

const SECRET_KEYS = /^(apiKey|appSecret|webhookSecret|password|secret|token)$/i;

/** Sets an office's telephony and call policy. Secrets are refused: give the name of the environment variable (`…Env`). */
export async function setTelephony(deps: CallsDeps, actor: Staff, officeId: string, input: TelephonyInput): Promise<z.output<typeof officeTelephonyView>> {
  authorize(actor, 'staff.catalog.write', await officePlace(deps, officeId));
  const secret = Object.keys(input.settings).find((k) => SECRET_KEYS.test(k));
  if (secret) {
    throw new AppError(422, 'invalid_input', { it: 'I segreti non si salvano nel database: indica la variabile d’ambiente che li contiene.', en: 'Secrets are not stored in the database: name the environment variable that holds them.' },
      [{ path: `settings.${secret}`, code: 'secret_in_settings', it: `Usa "${secret}Env" con il nome della variabile.`, en: `Use "${secret}Env" with the variable's name.` }]);
  }
  // What the adapter of this kind reads, and nothing else: a wrong key is refused, not saved as "configured".
  const parsed = parseSettings(input.adapter, input.settings);
  if (!parsed.ok) throw parsed.error;
  // The desk's existence is the foreign key's call (a desk removed meanwhile is refused too).
  await deps.db.query(
    `INSERT INTO office_telephony (office_id, adapter, settings, max_attempts, retry_delay_minutes, retry_window_minutes, identity_flag_failures, second_level_desk_id,
       manual_dial_prefix, manual_caller_line, early_call_minutes)
     VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (office_id) DO UPDATE SET adapter = EXCLUDED.adapter, settings = EXCLUDED.settings, max_attempts = EXCLUDED.max_attempts,
       retry_delay_minutes = EXCLUDED.retry_delay_minutes, retry_window_minutes = EXCLUDED.retry_window_minutes,
       identity_flag_failures = EXCLUDED.identity_flag_failures, second_level_desk_id = EXCLUDED.second_level_desk_id,
       manual_dial_prefix = EXCLUDED.manual_dial_prefix, manual_caller_line = EXCLUDED.manual_caller_line,
       early_call_minutes = EXCLUDED.early_call_minutes, updated_at = clock_timestamp()`,
    [officeId, input.adapter, JSON.stringify(parsed.value), input.maxAttempts, input.retryDelayMinutes, input.retryWindowMinutes, input.identityFlagFailures, input.secondLevelDeskId,
      input.manualDialPrefix ?? null, input.manualCallerLine ?? null, input.earlyCallMinutes ?? DEFAULT_POLICY.earlyCallMinutes],
  ).catch((err: unknown) => {
    // The office was found above: the only other reference is the second-level desk.
    if (pgErrorCode(err) === '23503') throw callErrors.unknownSecondLevelDesk();
    throw err;
  });
  const saved = await officeTelephony(deps.db, officeId, deps.defaultAdapter);
  // An Asterisk office listens to its app's events from now on (incoming reception calls).
  if (saved.adapter === 'asterisk') {
    try {
      deps.telephony.adapterFor(saved);
    } catch (err) {
      deps.log.warn({ err, officeId }, 'telephony adapter not started');
    }
  }
  return saved;
}

/** Imports a Wildix office's call history between two instants: real durations for our calls. */
export async function importCallHistory(deps: CallsDeps, actor: Staff, officeId: string, input: { from: string; to: string }): Promise<z.output<typeof historyImported>> {
  authorize(actor, 'staff.catalog.write', await officePlace(deps, officeId));
  const tel = await officeTelephony(deps.db, officeId, deps.defaultAdapter);
  if (tel.adapter !== 'wildix') throw callErrors.notWildix();
  let updates;
  try {
    const adapter = deps.telephony.adapterFor(tel);
    if (!(adapter instanceof WildixTelephony)) throw callErrors.notWildix();
    updates = await adapter.importHistory(new Date(input.from), new Date(input.to));
  } catch (err) {
    // No API key, a PBX that refuses or does not answer: documented 503, not a 500.
    if (err instanceof TelephonyUnavailable) throw callErrors.historyUnavailable(err.adapter, err.reason);
    throw err;
  }
  const counts = { records: updates.length, applied: 0, duplicate: 0, unknown: 0 };
  for (const u of updates) {
    const r = await applyCallUpdate(deps, u);
    if (r.result === 'duplicate') counts.duplicate++;
    else if (r.result === 'unknown_call') counts.unknown++;
    else counts.applied++;
  }
  return counts;
}
