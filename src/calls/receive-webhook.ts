import { officeTelephony } from '../adapters/telephony/registry.js';
import { parseWildixWebhook, SIGNATURE_HEADER } from '../adapters/telephony/wildix.js';
import { placeOfOffice } from '../users/index.js';
import { isUuid } from './calls.repository.js';
import { applyCallUpdate } from './apply-call-update.js';
import { recordInbound } from './record-inbound.js';
import { receptionExtensionsOf } from '../adapters/telephony/settings.js';
import { callErrors, type CallsDeps } from './deps.js';
import type { z } from 'zod';
import type { webhookReceived } from './routes.schema.js';

/**
 * A Wildix webhook delivery for an office. The signature is checked on the raw bytes before
 * anything else: a bad or missing one is refused (401) and nothing is stored. Repeats are
 * no-ops (the event's key is stored once); events of calls we did not place are logged and
 * ignored (200, so that the PBX does not retry them).
 */
export async function receiveWildixWebhook(deps: CallsDeps, input: { officeId: string; rawBody: Buffer; headers: Record<string, string | string[] | undefined> }): Promise<z.output<typeof webhookReceived>> {
  if (!isUuid(input.officeId) || !(await placeOfOffice(deps.db, input.officeId))) throw callErrors.officeNotFound();
  const tel = await officeTelephony(deps.db, input.officeId, deps.defaultAdapter);
  if (tel.adapter !== 'wildix') throw callErrors.notWildix();
  const secret = deps.telephony.secret(tel.settings, 'webhookSecret');
  if (!secret) throw callErrors.noWebhookSecret();
  const sig = input.headers[SIGNATURE_HEADER];
  const parsed = parseWildixWebhook(input.rawBody, Array.isArray(sig) ? sig[0] : sig, secret);
  if (!parsed.ok) {
    deps.log.warn({ officeId: input.officeId, reason: parsed.reason }, 'wildix webhook refused');
    throw parsed.status === 401 ? callErrors.badSignature() : callErrors.badEvent(parsed.reason);
  }
  if (parsed.inbound) {
    // An incoming call reaches the reception console only at one of the office's reception extensions.
    const reception = receptionExtensionsOf(tel.settings);
    const extension = parsed.inbound.extensions.find((e) => reception.includes(e));
    if (!extension) return { status: 'ignored' as const, type: parsed.type };
    const r = await recordInbound(deps, { ...parsed.inbound.update, extension, officeId: input.officeId });
    return { status: r.result, type: parsed.type };
  }
  if (!parsed.update) return { status: 'ignored' as const, type: parsed.type };
  const r = await applyCallUpdate(deps, parsed.update);
  return { status: r.result, type: parsed.type };
}
