/**
 * Fair access to holds (issue 16): the pure rules. Who is "one client" for the limits, when a
 * desk is under pressure, and how hard its proof-of-work challenge is then. No I/O.
 */

export interface FairAccessSettings {
  /** Anonymous citizens' holds need a solved proof-of-work challenge (HOLD_CHALLENGE). */
  challenge: boolean;
  /** PBKDF2 iterations of one attempt (HOLD_CHALLENGE_COST). */
  cost: number;
  /**
   * Attempts a solver needs at most on a calm desk (HOLD_CHALLENGE_COUNTER): the secret
   * counter is drawn in [counter/2, counter], so a solver tries about 3/4 of it on average.
   */
  counter: number;
  /** Holds per minute on one desk from which the desk is under pressure (HOLD_PRESSURE_PER_MINUTE). */
  pressurePerMinute: number;
  /** The counter is multiplied by this while the desk is under pressure (HOLD_PRESSURE_FACTOR). */
  pressureFactor: number;
  /** A challenge must be used within this many minutes (HOLD_CHALLENGE_MINUTES). */
  challengeMinutes: number;
  /** Live holds per client address; 0 = no limit (HOLDS_PER_ADDRESS). */
  perAddress: number;
  /** Live holds per browser session; 0 = no limit (HOLDS_PER_SESSION). */
  perSession: number;
  /** Hold requests per client address per minute; 0 = no limit (HOLD_RATE_PER_MINUTE). */
  ratePerMinute: number;
  /** Challenges issued per client address per minute; 0 = no limit (HOLD_CHALLENGES_PER_MINUTE). */
  challengesPerMinute: number;
  /**
   * An address that keeps sending while it is refused (more than PROMPT_REFUSALS refusals in one
   * block) waits this long for each further refusal; 0 = every refusal at once (REFUSAL_DELAY_MS).
   */
  refusalDelayMs: number;
}

export const DEFAULT_FAIR_ACCESS: FairAccessSettings = {
  challenge: true,
  cost: 1_000,
  counter: 3_000,
  pressurePerMinute: 120,
  pressureFactor: 3,
  challengeMinutes: 10,
  perAddress: 2,
  perSession: 2,
  ratePerMinute: 10,
  challengesPerMinute: 30,
  refusalDelayMs: 1_000,
};

/** The largest counter a challenge may carry (uint32 counter mode). */
export const MAX_COUNTER = 0xffff_ffff;

/**
 * The counter bound of a new challenge: the calm one, or multiplied by the pressure factor
 * when the desk took at least `pressurePerMinute` holds in the last minute.
 */
export function challengeCounter(settings: Pick<FairAccessSettings, 'counter' | 'pressurePerMinute' | 'pressureFactor'>, holdsLastMinute: number): number {
  const pressed = settings.pressurePerMinute > 0 && holdsLastMinute >= settings.pressurePerMinute;
  return Math.min(MAX_COUNTER, Math.max(1, Math.round(settings.counter * (pressed ? settings.pressureFactor : 1))));
}

/** The secret counter of a challenge: uniform in [ceil(bound/2), bound], from `random` in [0, n). */
export function drawCounter(bound: number, random: (n: number) => number): number {
  const low = Math.ceil(bound / 2);
  return low + random(bound - low + 1);
}

/**
 * What identifies one client address for the limits: an IPv4 address as it is; an IPv6 address
 * by its /64 (one household, one phone on a mobile network, one server: any host can use
 * all the addresses of its /64); an IPv4 address mapped in IPv6 as the IPv4 address.
 */
export function addressGroup(ip: string): string {
  const bare = ip.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  if (mapped) return mapped[1]!;
  if (!bare.includes(':')) return bare;
  const [head = '', tail = ''] = bare.split('::');
  const h = head ? head.split(':') : [];
  const t = bare.includes('::') && tail ? tail.split(':') : [];
  // A trailing embedded IPv4 (e.g. ::1.2.3.4) counts as two groups; only the first four matter.
  const groups = bare.includes('::') ? [...h, ...Array(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t] : h;
  return `${groups.slice(0, 4).map((g) => (parseInt(g, 16) || 0).toString(16)).join(':')}::/64`;
}

/**
 * Holds per desk over the last minute, in six buckets of ten seconds: the pressure a desk is
 * under, as this server instance sees it. Memory is bounded by the desks that took holds in
 * the last minute.
 */
export class PressureMeter {
  private readonly buckets = new Map<string, { at: number[]; n: number[] }>();
  private static readonly BUCKET_MS = 10_000;
  private static readonly BUCKETS = 6;

  record(deskId: string, nowMs: number): void {
    const slot = Math.floor(nowMs / PressureMeter.BUCKET_MS);
    let b = this.buckets.get(deskId);
    if (!b) {
      if (this.buckets.size > 10_000) this.prune(nowMs);
      b = { at: Array(PressureMeter.BUCKETS).fill(-1), n: Array(PressureMeter.BUCKETS).fill(0) };
      this.buckets.set(deskId, b);
    }
    const k = slot % PressureMeter.BUCKETS;
    if (b.at[k] !== slot) {
      b.at[k] = slot;
      b.n[k] = 0;
    }
    b.n[k]! += 1;
  }

  /** Holds recorded for the desk in the last minute (the current ten seconds included). */
  perMinute(deskId: string, nowMs: number): number {
    const b = this.buckets.get(deskId);
    if (!b) return 0;
    const slot = Math.floor(nowMs / PressureMeter.BUCKET_MS);
    let total = 0;
    for (let k = 0; k < PressureMeter.BUCKETS; k++) {
      if (b.at[k]! > slot - PressureMeter.BUCKETS) total += b.n[k]!;
    }
    return total;
  }

  private prune(nowMs: number): void {
    for (const desk of [...this.buckets.keys()]) if (this.perMinute(desk, nowMs) === 0) this.buckets.delete(desk);
  }
}
