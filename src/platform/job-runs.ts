/** What /metrics says of one scheduled job in this process. */
export interface JobRecord {
  runs: number;
  failures: number;
  /** Epoch ms when the last run started, and how long it took (seconds); null before the first. */
  lastStartedMs: number | null;
  lastSeconds: number | null;
}

/**
 * The scheduled jobs' runs in this process (sweeper, housekeeping, monitoring, drawer reminders,
 * notification batches), for /metrics: a run is counted when this instance had the job's turn
 * and did the work, with its outcome and duration.
 */
export class JobRuns {
  private readonly jobs = new Map<string, JobRecord>();

  /** Runs `fn` as one run of `job`; its error is recorded and thrown on. */
  async run<T>(job: string, fn: () => Promise<T>): Promise<T> {
    const record = this.jobs.get(job) ?? { runs: 0, failures: 0, lastStartedMs: null, lastSeconds: null };
    this.jobs.set(job, record);
    const started = performance.now();
    record.lastStartedMs = Date.now();
    try {
      return await fn();
    } catch (err) {
      record.failures++;
      throw err;
    } finally {
      record.runs++;
      record.lastSeconds = (performance.now() - started) / 1000;
    }
  }

  snapshot(): [string, Readonly<JobRecord>][] {
    return [...this.jobs.entries()];
  }
}
