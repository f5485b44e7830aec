import { TelephonyUnavailable, type AdapterKind } from '../adapters/telephony/port.js';
import { officeTelephony } from '../adapters/telephony/registry.js';
import { authorize, type Actor } from '../policy/index.js';
import { loadAssignment, placeOf, recordStep } from './calls.repository.js';
import { callErrors, romeDay, staffActor, ZONE, type CallsDeps } from './deps.js';
import { callTiming, rethrowRule } from './call-truth.js';
import { callWindow } from '../domain/calls/call-rules.js';
import { toIsoWithOffset } from '../domain/schedule/zone.js';
import { presentCall, type CallRow } from './get-agenda.js';
import { manualDial } from './manual-dial.js';
import type { z } from 'zod';
import type { startedCall } from './routes.schema.js';

type Staff = Extract<Actor, { kind: 'staff' }>;

/**
 * One click calls the citizen back: through the office's telephony (the operator's own
 * extension rings first, then the citizen's number), or — `adapter: 'manual'` — the operator
 * dials from any phone and the console times the call. Only inside the booking's window
 * (not before the slot start less the office's margin, a retry not before its time, not
 * after the slot end plus the retry window): else 409 call_too_early / call_window_over. When the telephony is down or
 * refuses, the attempt is not counted and the operator gets 503 telephony_unavailable
 * (with manualAvailable) at once.
 */
export async function startCall(deps: CallsDeps, actor: Staff, input: { bookingId: string; adapter?: 'manual' | undefined }): Promise<z.output<typeof startedCall>> {
  const day = romeDay(deps.now());
  const prepared = await deps.db.transaction(async (tx) => {
    const a = await loadAssignment(tx, input.bookingId, true);
    if (!a) throw callErrors.bookingNotFound();
    authorize(actor, 'staff.calls.write', placeOf(a));
    if (a.day !== day || a.state === 'withdrawn') throw callErrors.notToday();
    if (a.bookingStatus !== 'booked') throw callErrors.notActive();
    if (a.state === 'done') throw callErrors.closed();
    if (a.state === 'calling' || a.state === 'in_call') throw callErrors.callInProgress();
    const duty = await tx.query<{ extension: string | null }>(
      "SELECT extension FROM duty WHERE desk_id = $1 AND user_id = $2 AND day = $3 AND status = 'on'", [a.deskId, actor.userId, day],
    );
    if (!duty.rows[0]) throw callErrors.notOnDuty();
    if (a.operatorId && a.operatorId !== actor.userId) throw callErrors.notYours();
    // Inside the booking's window: from the slot start less the margin (a retry: from its time) to the end of the retry window.
    const timing = await callTiming(tx, a.officeId);
    const win = callWindow({
      startsAtMs: new Date(a.startsAt).getTime(), endsAtMs: new Date(a.endsAt).getTime(), ...timing,
      nextAttemptAtMs: a.state === 'retry' && a.nextAttemptAt ? new Date(a.nextAttemptAt).getTime() : null,
    });
    const now = deps.now();
    if (now < win.fromMs) throw callErrors.callTooEarly(toIsoWithOffset(win.fromMs, ZONE));
    if (now > win.untilMs) throw callErrors.callWindowOver();
    const tel = await officeTelephony(tx, a.officeId, deps.defaultAdapter);
    const kind: AdapterKind = input.adapter ?? tel.adapter;
    const extension = duty.rows[0].extension;
    if (kind !== 'manual' && !extension) throw callErrors.extensionRequired();
    const attempt = a.attempts + 1;
    // A manual call records what the operator was told to dial and whose number the citizen saw.
    const manual = kind === 'manual' && a.phone ? manualDial(tel, a.phone) : null;
    const r = await tx.query<CallRow>(
      `INSERT INTO call (booking_id, office_id, operator_id, adapter, attempt, extension, destination, requested_at, dialled, caller_id_mode)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
      [a.bookingId, a.officeId, actor.userId, kind, attempt, extension, a.phone, new Date(now), manual?.dial ?? null, manual?.callerIdMode ?? null],
    ).catch(rethrowRule);
    await tx.query(
      "UPDATE call_assignment SET state = 'calling', attempts = $2, operator_id = $3, identity_verified_at = NULL, updated_at = now() WHERE booking_id = $1",
      [a.bookingId, attempt, actor.userId],
    );
    await recordStep(tx, a.bookingId, 'call_started', staffActor(actor.userId), `${kind} #${attempt}${manual ? ` · ${manual.callerIdMode}` : ''}`);
    return { call: r.rows[0]!, tel, kind, previous: a.state, attempts: a.attempts, extension, phone: a.phone!, manual };
  });
  const { call, tel, kind } = prepared;
  try {
    const adapter = deps.telephony.adapterFor(tel, kind === 'manual' ? 'manual' : undefined);
    const res = await adapter.originate({ callId: call.id, extension: prepared.extension ?? '', destination: prepared.phone });
    if (res.externalId) {
      await deps.db.query('UPDATE call SET external_id = COALESCE(external_id, $2) WHERE id = $1', [call.id, res.externalId]);
    }
  } catch (err) {
    const reason = err instanceof TelephonyUnavailable ? err.reason : (err as Error).message;
    deps.log.warn({ err, adapter: kind, callId: call.id }, 'telephony unavailable');
    await deps.db.transaction(async (tx) => {
      await tx.query(
        "UPDATE call SET state = 'failed', cause = $2, ended_at = now(), duration_seconds = 0, talk_seconds = 0, updated_at = now() WHERE id = $1",
        [call.id, `adapter_unavailable: ${reason}`.slice(0, 200)],
      );
      // Not a real attempt: the citizen was never called.
      await tx.query("UPDATE call_assignment SET state = $2, attempts = $3, updated_at = now() WHERE booking_id = $1 AND state = 'calling'",
        [call.booking_id, prepared.previous, prepared.attempts]);
      await recordStep(tx, call.booking_id, 'call_failed', staffActor(actor.userId), `adapter_unavailable (${kind})`);
    });
    await deps.bus.publish(deps.db, { type: 'call', callId: call.id, bookingId: call.booking_id, operatorId: actor.userId, state: 'failed' });
    if (err instanceof TelephonyUnavailable && err.extensionRefused) throw callErrors.extensionRefused(prepared.extension ?? '', reason, call.id);
    throw callErrors.telephonyUnavailable(kind, reason, call.id);
  }
  await deps.bus.publish(deps.db, { type: 'call', callId: call.id, bookingId: call.booking_id, operatorId: actor.userId, state: 'requested' });
  const fresh = await deps.db.query<CallRow>('SELECT * FROM call WHERE id = $1', [call.id]);
  return { call: presentCall(fresh.rows[0]!), dial: prepared.manual?.dial ?? null, manual: prepared.manual };
}
