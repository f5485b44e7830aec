/** One element's result in a batch: its value, or the error that element alone raises. */
export type Settled<O> = { ok: true; value: O } | { ok: false; error: unknown };

export interface BatcherOptions {
  /** At most this many calls in one batch. */
  maxSize: number;
  /** At most this many batches running at once; calls arriving meanwhile wait for the next one. */
  concurrency: number;
}

interface Waiting<I, O> {
  input: I;
  /** performance.now() when the call arrived. */
  since: number;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Natural batching (as a database's group commit): a call that finds a runner free goes at
 * once — with the other calls of the same turn of the event loop — and calls that arrive while
 * `concurrency` batches are running wait and go together in the next batch. An idle server
 * answers a lone call without delay; a busy one sends fewer, larger batches.
 *
 * `run` gets the inputs of one batch and returns one result per input, in the same order; when
 * it throws for a batch of several calls, each call is run again alone (and fails alone, with
 * its own error); a lone call that throws fails with that error.
 */
/** One batch, as the observers see it once it is answered: its size, each call's wait before it went, its time in the database. */
export interface BatchObservation {
  size: number;
  waitSeconds: number[];
  seconds: number;
}

export class Batcher<I, O> {
  private readonly queue: Waiting<I, O>[] = [];
  private running = 0;
  private scheduled = false;
  /** Batches sent and calls carried by them, since start (for /metrics and tests). */
  readonly stats = { batches: 0, calls: 0, largest: 0, split: 0 };
  private readonly observers = new Set<(b: BatchObservation) => void>();

  constructor(
    private readonly run: (inputs: I[]) => Promise<Settled<O>[]>,
    private readonly options: BatcherOptions,
  ) {
    if (!(options.maxSize >= 1) || !(options.concurrency >= 1)) throw new Error('Batcher: maxSize and concurrency must be at least 1');
  }

  /** Calls `fn` after each batch (for /metrics); returns the function that stops it. */
  observe(fn: (b: BatchObservation) => void): () => void {
    this.observers.add(fn);
    return () => this.observers.delete(fn);
  }

  call(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ input, since: performance.now(), resolve, reject });
      if (!this.scheduled && this.running < this.options.concurrency) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.dispatch();
        });
      }
    });
  }

  private dispatch(): void {
    while (this.running < this.options.concurrency && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.options.maxSize);
      this.running++;
      this.stats.batches++;
      this.stats.calls += batch.length;
      this.stats.largest = Math.max(this.stats.largest, batch.length);
      const sent = performance.now();
      this.send(batch).finally(() => {
        if (this.observers.size > 0) {
          const b = { size: batch.length, waitSeconds: batch.map((w) => (sent - w.since) / 1000), seconds: (performance.now() - sent) / 1000 };
          for (const fn of this.observers) fn(b);
        }
        this.running--;
        this.dispatch();
      });
    }
  }

  private async send(batch: Waiting<I, O>[]): Promise<void> {
    let results: Settled<O>[];
    try {
      results = await this.run(batch.map((w) => w.input));
    } catch (err) {
      if (batch.length === 1) {
        batch[0]!.reject(err);
        return;
      }
      // The batch failed as a whole (one element's bad data can do that, e.g. a byte the
      // database refuses while reading the batch): each call is sent again alone, so no call
      // pays for another's.
      this.stats.split++;
      await Promise.all(batch.map((w) => this.send([w])));
      return;
    }
    if (results.length !== batch.length) {
      const err = new Error(`Batcher: ${results.length} results for ${batch.length} calls`);
      for (const w of batch) w.reject(err);
      return;
    }
    batch.forEach((w, k) => {
      const r = results[k]!;
      if (r.ok) w.resolve(r.value);
      else w.reject(r.error);
    });
  }
}
