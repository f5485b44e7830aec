/**
 * The notification worker: claims due jobs in batches (FOR UPDATE SKIP LOCKED, so any number
 * of workers in any number of processes share the queue), reads each booking as it is now,
 * drops what became stale, and hands the rest to the channel adapters a few at a time.
 * Each job is recorded the moment its provider answers. Runs inside the server (startApp)
 * or alone (`sportello notify-worker`); stop() lets the messages in flight finish and gives
 * the rest of the batch back.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Db } from '../storage/db.js';
import type { JobRuns } from '../platform/job-runs.js';
import type { ChannelAdapter, SendResult } from './channels/channel.js';
import type { Channel } from './kinds.js';
import { buildMessage, loadContexts, staleReason } from './message.js';
import {
  claimBatch, expireOverdue, markObsolete, markRetry, markSending, markSent, markUndeliverable, recoverLapsed, release, type Job,
} from './queue.js';
import { TemplateSet } from './template-store.js';

export interface WorkerLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface WorkerOptions {
  db: Db;
  adapters: Partial<Record<Channel, ChannelAdapter>>;
  /** Base of the links in messages (PUBLIC_URL). */
  publicUrl?: string | undefined;
  /** Jobs claimed at once. */
  batchSize?: number;
  /** Messages handed to providers at the same time. */
  concurrency?: number;
  /** Wait when nothing is due. */
  pollMs?: number;
  /** How long a claim holds: after that another worker takes the job over. */
  leaseMs?: number;
  /** Failed attempts (not outages) before a job is dead. */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt, up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Clock (epoch ms): tests move it. */
  now?: () => number;
  id?: string;
  log?: WorkerLog;
  /**
   * Called when a provider has answered and before the answer is recorded. For tests: a
   * hook that throws here is a worker dying at the worst moment.
   */
  onProviderAnswer?: (job: Job, result: SendResult) => void | Promise<void>;
  /** The token of a waiting-list entry's page (its link in waitlist messages), derived from the server secret. */
  waitlistToken?: ((entryId: string) => string) | undefined;
  /** Where the batches are counted as runs of the job `notifications` (/metrics). */
  jobs?: JobRuns | undefined;
}

export interface RunSummary {
  claimed: number;
  sent: number;
  retried: number;
  undeliverable: number;
  dead: number;
  obsolete: number;
  released: number;
}

const SILENT: WorkerLog = { info() {}, warn() {}, error() {} };

export class NotificationWorker {
  readonly id: string;
  private readonly o: Required<Omit<WorkerOptions, 'publicUrl' | 'onProviderAnswer' | 'id' | 'waitlistToken' | 'jobs'>> & Pick<WorkerOptions, 'publicUrl' | 'onProviderAnswer' | 'waitlistToken' | 'jobs'>;
  private stopping = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private readonly pauses = new Map<Channel, { until: number; failures: number }>();
  private lastHousekeeping = 0;
  private templates: { set: TemplateSet; at: number } | null = null;

  constructor(options: WorkerOptions) {
    this.id = options.id ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.o = {
      batchSize: 100,
      concurrency: 8,
      pollMs: 1000,
      leaseMs: 120_000,
      maxAttempts: 8,
      backoffMs: 30_000,
      maxBackoffMs: 3_600_000,
      now: Date.now,
      log: SILENT,
      ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
    } as NotificationWorker['o'];
  }

  get channels(): Channel[] {
    return (Object.keys(this.o.adapters) as Channel[]).filter((c) => this.o.adapters[c]);
  }

  /** Runs in the background until stop(). */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Graceful: messages in flight finish and are recorded, the rest of the batch goes back. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.loop = null;
  }

  async close(): Promise<void> {
    await this.stop();
    await Promise.all(Object.values(this.o.adapters).map((a) => a?.close()));
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let claimed = 0;
      try {
        claimed = (await (this.o.jobs ? this.o.jobs.run('notifications', () => this.runOnce()) : this.runOnce())).claimed;
      } catch (err) {
        this.o.log.error({ err }, 'notification worker: batch failed');
      }
      if (this.stopping) break;
      if (claimed < this.o.batchSize) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, this.o.pollMs);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        this.wake = null;
      }
    }
  }

  /** Runs batches until nothing is due (tests, CLI). */
  async drain(maxBatches = 1000): Promise<RunSummary> {
    const total = emptySummary();
    for (let i = 0; i < maxBatches; i++) {
      const s = await this.runOnce();
      for (const k of Object.keys(total) as (keyof RunSummary)[]) total[k] += s[k];
      if (s.claimed === 0) break;
    }
    return total;
  }

  /** One batch: housekeeping, claim, send, record. */
  async runOnce(): Promise<RunSummary> {
    const summary = emptySummary();
    const nowMs = this.o.now();
    const db = this.o.db;
    if (nowMs - this.lastHousekeeping >= Math.min(5_000, this.o.leaseMs / 2)) {
      this.lastHousekeeping = nowMs;
      const { recovered } = await recoverLapsed(db, new Date(nowMs));
      if (recovered) this.o.log.warn({ recovered }, 'notification worker: took over jobs of a worker that stopped');
      await expireOverdue(db, new Date(nowMs));
    }
    const channels = this.channels.filter((c) => (this.pauses.get(c)?.until ?? 0) <= nowMs);
    const jobs = await claimBatch(db, {
      worker: this.id, now: new Date(nowMs), leaseUntil: new Date(nowMs + this.o.leaseMs), channels, limit: this.o.batchSize,
    });
    summary.claimed = jobs.length;
    if (jobs.length === 0) return summary;
    if (!this.templates || nowMs - this.templates.at > 5_000) this.templates = { set: await TemplateSet.load(db), at: nowMs };
    await this.processBatch(jobs, this.templates.set, summary);
    return summary;
  }

  /**
   * The booking behind every job is read once for the batch; stale jobs are dropped; then
   * `concurrency` lanes each take the next job, mark it `sending` (its own commit: only the
   * messages really in flight are ever in doubt), hand it over and record the answer.
   */
  private async processBatch(jobs: Job[], templates: TemplateSet, summary: RunSummary): Promise<void> {
    const db = this.o.db;
    const contexts = await loadContexts(db, jobs.map((j) => j.id));
    const nowMs = this.o.now();
    const live: Job[] = [];
    const staleByReason = new Map<string, string[]>();
    for (const job of jobs) {
      const reason = staleReason(job, contexts.get(job.id), nowMs);
      if (reason) staleByReason.set(reason, [...(staleByReason.get(reason) ?? []), job.id]);
      else live.push(job);
    }
    for (const [reason, ids] of staleByReason) {
      await markObsolete(db, ids, this.id, reason);
      summary.obsolete += ids.length;
    }
    let next = 0;
    const left: Job[] = [];
    const lane = async (): Promise<void> => {
      while (next < live.length) {
        const job = live[next++]!;
        const pause = this.pauses.get(job.channel)?.until ?? 0;
        if (this.stopping || pause > this.o.now()) {
          left.push(job);
          continue;
        }
        const mine = await markSending(db, [job.id], this.id, new Date(this.o.now() + this.o.leaseMs));
        if (!mine.has(job.id)) continue; // taken over meanwhile (lease lapsed)
        const ctx = contexts.get(job.id)!;
        let result: SendResult;
        try {
          const message = buildMessage(job, ctx, templates.get(job.kind, ctx.language, job.channel), this.o.publicUrl, { waitlistToken: this.o.waitlistToken });
          result = await this.o.adapters[job.channel]!.send(message);
        } catch (err) {
          result = { ok: false, kind: 'transient', error: `unexpected: ${err instanceof Error ? err.message : String(err)}` };
        }
        if (this.o.onProviderAnswer) await this.o.onProviderAnswer(job, result);
        await this.record(job, result, summary);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.o.concurrency, live.length) }, lane));
    // Not sent now (stopping, or the channel paused meanwhile): back to the queue.
    for (const job of left) {
      const until = Math.max(this.o.now(), this.pauses.get(job.channel)?.until ?? 0);
      await release(db, [job.id], this.id, new Date(until));
    }
    summary.released += left.length;
  }

  private async record(job: Job, result: SendResult, summary: RunSummary): Promise<void> {
    const db = this.o.db;
    const nowMs = this.o.now();
    if (result.ok) {
      this.pauses.delete(job.channel);
      await markSent(db, job.id, result.providerId);
      summary.sent++;
      return;
    }
    if (result.kind === 'permanent') {
      await markUndeliverable(db, job.id, this.id, result.error);
      summary.undeliverable++;
      this.o.log.info({ job: job.id, channel: job.channel, kind: job.kind }, 'notification undeliverable');
      return;
    }
    let runAfter: number;
    if (result.kind === 'down') {
      const p = this.pauses.get(job.channel);
      const failures = (p?.failures ?? 0) + 1;
      const pause = result.retryAfterMs ?? Math.min(300_000, 5_000 * 2 ** Math.min(failures - 1, 6));
      const until = Math.max(p?.until ?? 0, nowMs + pause);
      this.pauses.set(job.channel, { until, failures });
      runAfter = until;
      if (!p || p.until <= nowMs) this.o.log.warn({ channel: job.channel, pauseMs: pause, error: result.error }, 'notification channel unavailable: messages wait');
    } else {
      const attempt = job.attempts + 1;
      const backoff = Math.min(this.o.maxBackoffMs, this.o.backoffMs * 2 ** (attempt - 1));
      runAfter = nowMs + Math.round(backoff * (0.8 + Math.random() * 0.4));
    }
    const state = await markRetry(db, job.id, this.id, {
      runAfter: new Date(runAfter), error: result.error, countAttempt: result.kind !== 'down', maxAttempts: this.o.maxAttempts,
    });
    if (state === 'dead') {
      summary.dead++;
      this.o.log.warn({ job: job.id, channel: job.channel, kind: job.kind }, 'notification dead-lettered');
    } else summary.retried++;
  }
}

function emptySummary(): RunSummary {
  return { claimed: 0, sent: 0, retried: 0, undeliverable: 0, dead: 0, obsolete: 0, released: 0 };
}
