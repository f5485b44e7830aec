/**
 * Simulated telephony, for the demo and the tests: after a short ring the citizen answers,
 * does not answer, is busy or the call fails, according to configurable odds. The operator
 * hangs up an answered call from the console (or it ends after `talkMs`, when set).
 */
import type { CallSink, OriginateRequest, OriginateResult, TelephonyAdapter } from './port.js';

export interface SimulatedSettings {
  /** Relative odds of each result (those left out count 0); without odds: answer 70 %, no answer 20 %, busy 5 %, failure 5 %. */
  odds?: { answer?: number; noAnswer?: number; busy?: number; fail?: number };
  /** Time before ringing, and before the result, in ms. */
  ringAfterMs?: number;
  resultAfterMs?: number;
  /** When set, an answered call ends by itself after this long. */
  talkMs?: number;
}

export class SimulatedTelephony implements TelephonyAdapter {
  readonly kind = 'simulated' as const;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly live = new Map<string, number>(); // callId → answered at (ms)

  constructor(
    private readonly settings: SimulatedSettings,
    private readonly sink: CallSink,
    private readonly random: () => number = Math.random,
    private readonly now: () => number = Date.now,
  ) {}

  private later(ms: number, fn: () => Promise<void>): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn().catch(() => undefined);
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  private pick(): 'answer' | 'noAnswer' | 'busy' | 'fail' {
    const o = this.settings.odds ? { answer: 0, noAnswer: 0, busy: 0, fail: 0, ...this.settings.odds } : { answer: 70, noAnswer: 20, busy: 5, fail: 5 };
    const total = o.answer + o.noAnswer + o.busy + o.fail;
    let x = this.random() * total;
    for (const k of ['answer', 'noAnswer', 'busy', 'fail'] as const) {
      if (x < o[k]) return k;
      x -= o[k];
    }
    return 'answer';
  }

  async originate(req: OriginateRequest): Promise<OriginateResult> {
    const externalId = `sim-${req.callId}`;
    const ring = this.settings.ringAfterMs ?? 300;
    const result = ring + (this.settings.resultAfterMs ?? 1200);
    const base = { adapter: 'simulated' as const, callId: req.callId, externalId };
    // One call's events are applied in the order the network sends them, as a vendor's event
    // stream delivers them: "answered" waits until "ringing" is applied (two timers and two
    // transactions could otherwise commit the other way round on a busy machine).
    let ringing: Promise<unknown> = Promise.resolve();
    this.later(ring, () => (ringing = this.sink({ ...base, dedupKey: `${externalId}:ringing`, kind: 'ringing', state: 'ringing', ringingAt: new Date(this.now()) })));
    const outcome = this.pick();
    this.later(result, async () => {
      await ringing.catch(() => undefined);
      const at = new Date(this.now());
      if (outcome === 'answer') {
        this.live.set(req.callId, at.getTime());
        await this.sink({ ...base, dedupKey: `${externalId}:answered`, kind: 'answered', state: 'answered', answeredAt: at });
        if (this.settings.talkMs) this.later(this.settings.talkMs, () => this.end(req.callId, externalId));
        return;
      }
      const cause = outcome === 'noAnswer' ? 19 : outcome === 'busy' ? 17 : 34;
      await this.sink({ ...base, dedupKey: `${externalId}:failed`, kind: 'failed', state: 'failed', causeCode: cause, endedAt: at });
    });
    return { externalId };
  }

  private async end(callId: string, externalId: string): Promise<void> {
    const answered = this.live.get(callId);
    if (answered === undefined) return;
    this.live.delete(callId);
    const at = new Date(this.now());
    await this.sink({
      adapter: 'simulated', callId, externalId, dedupKey: `${externalId}:ended`, kind: 'ended', state: 'ended',
      causeCode: 16, endedAt: at, talkSeconds: Math.round((at.getTime() - answered) / 1000),
    });
  }

  async hangup(call: { callId: string; externalId: string | null }): Promise<void> {
    await this.end(call.callId, call.externalId ?? `sim-${call.callId}`);
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
