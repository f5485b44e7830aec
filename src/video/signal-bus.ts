/**
 * Signalling between the two sides of a video room, across instances: a message is stored
 * (video_signal) and its id published —
 *  - on PostgreSQL, by NOTIFY on channel `sportello_video`, heard by one LISTEN connection per
 *    instance (src/platform/pg-listener.ts), as the operator console's events (src/calls/bus.ts);
 *  - on PGlite (one process), in-process, shared by every server built on the same database.
 * The notice carries ids only; each subscriber reads the message of its own room.
 */
import { EventEmitter } from 'node:events';
import { listenChannel, type PgListener } from '../platform/pg-listener.js';
import type { Queryable } from '../storage/db.js';

export const VIDEO_CHANNEL = 'sportello_video';

export interface SignalNotice {
  bookingId: string;
  signalId: string;
  sender: 'operator' | 'citizen';
}

const local = new WeakMap<object, EventEmitter>();

export class VideoBus {
  private readonly emitter: EventEmitter;
  private listener: PgListener | null = null;

  private constructor(private readonly listenUrl: string | undefined, scope: object) {
    if (listenUrl) this.emitter = new EventEmitter();
    else {
      this.emitter = local.get(scope) ?? new EventEmitter();
      local.set(scope, this.emitter);
    }
    this.emitter.setMaxListeners(0);
  }

  /** Across instances when given the PostgreSQL URL; else in-process among the servers on `scope` (the database). */
  static async open(scope: object, listenUrl?: string, log: (msg: string, err?: unknown) => void = () => undefined): Promise<VideoBus> {
    const bus = new VideoBus(listenUrl, scope);
    if (listenUrl) {
      bus.listener = await listenChannel(listenUrl, VIDEO_CHANNEL, (payload) => {
        try {
          bus.emitter.emit('signal', JSON.parse(payload) as SignalNotice);
        } catch {
          /* not ours */
        }
      }, log);
    }
    return bus;
  }

  get crossInstance(): boolean {
    return !!this.listenUrl;
  }

  async publish(db: Queryable, notice: SignalNotice): Promise<void> {
    if (this.listenUrl) await db.query('SELECT pg_notify($1, $2)', [VIDEO_CHANNEL, JSON.stringify(notice)]);
    else setImmediate(() => this.emitter.emit('signal', notice));
  }

  subscribe(fn: (n: SignalNotice) => void): () => void {
    this.emitter.on('signal', fn);
    return () => this.emitter.off('signal', fn);
  }

  async close(): Promise<void> {
    await this.listener?.close();
    this.listener = null;
    if (this.listenUrl) this.emitter.removeAllListeners();
  }
}
