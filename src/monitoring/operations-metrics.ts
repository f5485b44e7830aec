import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ClaimBatches } from '../booking/index.js';
import type { JobRuns } from '../platform/job-runs.js';
import type { Db } from '../storage/db.js';
import type { ReadRoute } from '../storage/replica.js';

/** What the operations metrics read: all optional, a metric without its source is left out. */
export interface OperationsSources {
  claims?: ClaimBatches | undefined;
  readRoute?: ReadRoute | undefined;
  jobs?: JobRuns | undefined;
}

/**
 * The operations side of /metrics: the citizens' hold and confirmation batches (sizes, each
 * call's wait for its batch, the batch's time in the database, batches split), the connection
 * pools (primary and replica), the read replica (up, lag, reads served by each side) and the
 * scheduled jobs' runs. Returns the function that stops observing the batches.
 */
export function operationsMetrics(registry: Registry, primary: Db, o: OperationsSources): () => void {
  const registers = [registry];
  let stop = () => {};
  if (o.claims) {
    const claims = o.claims;
    const size = new Histogram({ name: 'sportello_booking_batch_size', help: 'Holds or confirmations sent together in one batch', labelNames: ['kind'], buckets: [1, 2, 4, 8, 16, 32, 48, 60], registers });
    const wait = new Histogram({
      name: 'sportello_booking_batch_wait_seconds', help: 'Time a hold or confirmation waited for its batch to leave', labelNames: ['kind'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers,
    });
    const time = new Histogram({
      name: 'sportello_booking_batch_duration_seconds', help: 'Time of one batch in the database', labelNames: ['kind'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers,
    });
    new Counter({
      name: 'sportello_booking_batch_splits_total', help: 'Batches that failed as a whole and were sent again call by call', labelNames: ['kind'], registers,
      collect() {
        this.reset();
        this.inc({ kind: 'hold' }, claims.stats.hold.split);
        this.inc({ kind: 'confirm' }, claims.stats.confirm.split);
      },
    });
    stop = claims.observe((kind, b) => {
      size.observe({ kind }, b.size);
      time.observe({ kind }, b.seconds);
      for (const w of b.waitSeconds) wait.observe({ kind }, w);
    });
  }

  const pools: [string, Db | undefined][] = [['primary', primary], ['replica', o.readRoute?.replica]];
  new Gauge({
    name: 'sportello_db_pool_connections', help: 'PostgreSQL connection pool: connections open (total), idle, requests waiting for one, and the bound (max)',
    labelNames: ['database', 'state'], registers,
    collect() {
      this.reset();
      for (const [database, db] of pools) {
        const p = db?.poolStats?.();
        if (!p) continue;
        for (const state of ['total', 'idle', 'waiting', 'max'] as const) this.set({ database, state }, p[state]);
      }
    },
  });

  const route = o.readRoute;
  if (route?.replicaConfigured) {
    new Gauge({
      name: 'sportello_replica_up', help: 'The read replica answered its last check as a standby (1) or not (0)', registers,
      collect() { this.set(route.status().up ? 1 : 0); },
    });
    new Gauge({
      name: 'sportello_replica_in_use', help: 'Reads go to the replica (1), or to the primary because it is down or too far behind (0)', registers,
      collect() { this.set(route.status().inUse ? 1 : 0); },
    });
    new Gauge({
      name: 'sportello_replica_lag_seconds', help: 'Age of the oldest WAL written by the primary that the replica has not replayed (0: caught up; absent while it is down), by replica (host:port)', registers,
      labelNames: ['replica'],
      collect() {
        this.reset();
        const lag = route.status().lagSeconds;
        if (lag !== null) this.set({ replica: route.name }, lag);
      },
    });
    new Gauge({
      name: 'sportello_replica_lag_bytes', help: 'Bytes of WAL written by the primary and not yet replayed by the replica (absent while it is down), by replica (host:port)', registers,
      labelNames: ['replica'],
      collect() {
        this.reset();
        const lag = route.status().lagBytes;
        if (lag !== null) this.set({ replica: route.name }, lag);
      },
    });
    new Counter({
      name: 'sportello_replica_reads_total', help: 'Statements of the replica-tolerant reads (history, exports, catalogue), by the side that served them', labelNames: ['served_by'], registers,
      collect() {
        this.reset();
        this.inc({ served_by: 'replica' }, route.served.replica);
        this.inc({ served_by: 'primary' }, route.served.primary);
      },
    });
  }

  const jobs = o.jobs;
  if (jobs) {
    new Counter({
      name: 'sportello_job_runs_total', help: 'Runs of the scheduled jobs in this instance (when it had the turn), by job and outcome', labelNames: ['job', 'outcome'], registers,
      collect() {
        this.reset();
        for (const [job, r] of jobs.snapshot()) {
          this.inc({ job, outcome: 'ok' }, r.runs - r.failures);
          this.inc({ job, outcome: 'failed' }, r.failures);
        }
      },
    });
    new Gauge({
      name: 'sportello_job_last_run_timestamp_seconds', help: 'When the last run of each scheduled job started in this instance (Unix time)', labelNames: ['job'], registers,
      collect() {
        this.reset();
        for (const [job, r] of jobs.snapshot()) if (r.lastStartedMs !== null) this.set({ job }, r.lastStartedMs / 1000);
      },
    });
    new Gauge({
      name: 'sportello_job_last_duration_seconds', help: 'How long the last run of each scheduled job took in this instance', labelNames: ['job'], registers,
      collect() {
        this.reset();
        for (const [job, r] of jobs.snapshot()) if (r.lastSeconds !== null) this.set({ job }, r.lastSeconds);
      },
    });
  }
  return stop;
}
