/**
 * Live updates of the operator console. A change (agenda rebalanced, call state, outcome)
 * is published once; every instance's subscribers (SSE streams) receive it:
 *  - on PostgreSQL, through NOTIFY on channel `sportello_calls` and one LISTEN connection
 *    per instance — so an operator connected to instance A sees a webhook that reached B;
 *  - on PGlite (one process), in-process.
 * Bookings made, cancelled, lapsed or moved (type `booking`, with the desk and the slot's day)
 * are sent by the database itself (trigger booking_live_*, migration 0039) on the same channel,
 * in the transaction of the change: on PostgreSQL they arrive through the LISTEN connection;
 * on PGlite through the embedded database's own listen. Each instance gets each one once.
 * Messages carry ids only (no personal data): clients re-read what they need.
 */
import { EventEmitter } from 'node:events';
import { listenChannel, type PgListener } from '../platform/pg-listener.js';
import type { Db, Queryable } from '../storage/db.js';

export const CHANNEL = 'sportello_calls';

export interface LiveEvent {
  type: 'agenda' | 'call' | 'flag' | 'booking';
  deskId?: string | undefined;
  /** `booking`: the slot's day (Europe/Rome, YYYY-MM-DD). */
  day?: string | undefined;
  bookingId?: string | undefined;
  callId?: string | undefined;
  operatorId?: string | null | undefined;
  state?: string | undefined;
}

export class CallBus {
  private readonly emitter = new EventEmitter();
  private listener: PgListener | null = null;
  private unlistenLocal: (() => Promise<void>) | null = null;

  private constructor(private readonly listenUrl: string | undefined, private readonly log: (msg: string, err?: unknown) => void) {
    this.emitter.setMaxListeners(0);
  }

  /**
   * In-process only (PGlite, tests), or across instances when given the PostgreSQL URL. `local`:
   * the database of this process, whose own notifications (the bookings' trigger) are heard
   * when it can listen (PGlite) and no URL is given.
   */
  static async open(listenUrl?: string, log: (msg: string, err?: unknown) => void = () => undefined, local?: Pick<Db, 'listen'>): Promise<CallBus> {
    const bus = new CallBus(listenUrl, log);
    if (listenUrl) await bus.listen();
    else if (local?.listen) bus.unlistenLocal = await local.listen(CHANNEL, (payload) => setImmediate(() => bus.receive(payload)));
    return bus;
  }

  private receive(payload: string): void {
    try {
      this.emitter.emit('event', JSON.parse(payload) as LiveEvent);
    } catch {
      /* not ours */
    }
  }

  get crossInstance(): boolean {
    return !!this.listenUrl;
  }

  private async listen(): Promise<void> {
    this.listener = await listenChannel(this.listenUrl!, CHANNEL, (payload) => this.receive(payload), this.log);
  }

  /** Publishes through the database when it carries events across instances, else locally. */
  async publish(db: Queryable, event: LiveEvent): Promise<void> {
    if (this.listenUrl) {
      await db.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(event)]);
    } else {
      setImmediate(() => this.emitter.emit('event', event));
    }
  }

  subscribe(fn: (e: LiveEvent) => void): () => void {
    this.emitter.on('event', fn);
    return () => this.emitter.off('event', fn);
  }

  async close(): Promise<void> {
    await this.listener?.close();
    this.listener = null;
    await this.unlistenLocal?.().catch(() => undefined);
    this.unlistenLocal = null;
    this.emitter.removeAllListeners();
  }
}
