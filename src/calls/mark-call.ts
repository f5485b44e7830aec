import { MANUAL_MARKS, type ManualMark } from '../adapters/telephony/manual.js';
import type { AdapterKind } from '../adapters/telephony/port.js';
import { officeTelephony } from '../adapters/telephony/registry.js';
import { authorize, type Actor } from '../policy/index.js';
import { isUuid } from './calls.repository.js';
import { applyCallUpdate } from './apply-call-update.js';
import { callErrors, type CallsDeps } from './deps.js';
import { presentCall, type CallRow, type CallView } from './get-agenda.js';
import { placeOfOffice } from '../users/index.js';

type Staff = Extract<Actor, { kind: 'staff' }>;

async function ownCall(deps: CallsDeps, actor: Staff, callId: string): Promise<CallRow> {
  if (!isUuid(callId)) throw callErrors.callNotFound();
  const r = await deps.db.query<CallRow>('SELECT * FROM call WHERE id = $1', [callId]);
  const call = r.rows[0];
  if (!call) throw callErrors.callNotFound();
  const place = await placeOfOffice(deps.db, call.office_id);
  authorize(actor, 'staff.calls.write', place ?? undefined);
  if (call.operator_id !== actor.userId) throw callErrors.notYours();
  return call;
}

async function reread(deps: CallsDeps, id: string): Promise<CallView> {
  return presentCall((await deps.db.query<CallRow>('SELECT * FROM call WHERE id = $1', [id])).rows[0]!);
}

/** Manual calls: the operator marks answered / not answered / ended; the server's clock times the call. */
export async function markManualCall(deps: CallsDeps, actor: Staff, input: { callId: string; mark: ManualMark }): Promise<CallView> {
  const call = await ownCall(deps, actor, input.callId);
  if (call.adapter !== 'manual') throw callErrors.notManual();
  if (call.state === 'ended' || call.state === 'failed') throw callErrors.callOver();
  const at = new Date(deps.now());
  const state = MANUAL_MARKS[input.mark];
  await applyCallUpdate(deps, {
    adapter: 'manual', callId: call.id, dedupKey: `manual:${call.id}:${input.mark}`, kind: input.mark, state,
    answeredAt: state === 'answered' ? at : undefined,
    endedAt: state !== 'answered' ? at : undefined,
    cause: input.mark === 'not_answered' ? 'no_answer' : input.mark === 'ended' ? 'normal_clearing' : undefined,
    payload: { mark: input.mark, by: actor.userId },
  });
  return reread(deps, call.id);
}

/**
 * The operator hangs up from the console. The adapter is asked to end the call; if no event
 * has closed it yet, the console's time closes it now (a vendor's later event may still
 * bring better timings).
 */
export async function hangUp(deps: CallsDeps, actor: Staff, input: { callId: string }): Promise<CallView> {
  const call = await ownCall(deps, actor, input.callId);
  if (call.state === 'ended' || call.state === 'failed') return reread(deps, call.id);
  const tel = await officeTelephony(deps.db, call.office_id, deps.defaultAdapter);
  // Through the office's telephony, when the call went through it (not if the office changed adapter meanwhile).
  if (call.adapter !== 'manual' && call.adapter === tel.adapter) {
    try {
      await deps.telephony.adapterFor(tel).hangup({ callId: call.id, externalId: call.external_id });
    } catch (err) {
      deps.log.warn({ err, callId: call.id }, 'hang-up through the telephony failed');
    }
  }
  await applyCallUpdate(deps, {
    adapter: call.adapter as AdapterKind,
    callId: call.id, dedupKey: `console-hangup:${call.id}`, kind: 'console_hangup', state: 'ended',
    endedAt: new Date(deps.now()), cause: 'hung_up_by_operator', payload: { by: actor.userId },
  });
  return reread(deps, call.id);
}
