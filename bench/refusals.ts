/**
 * Benchmark: refusals on a full slot (what a release morning is mostly made of).
 * Run: tsx bench/refusals.ts. A scratch PostgreSQL database (the local server, as the
 * integration tests use) with one desk; one slot of 1 place is held, then 10 concurrent
 * callers try to hold it 200 times each, three rounds. The last line is one JSON object:
 * ms per refusal (wall time, 10 at a time) and the dead booking rows left behind (none:
 * a refusal writes nothing). Target: under 1 ms a refusal.
 */
import { performance } from 'node:perf_hooks';
import { bookingDeps, deriveBookingSecret } from '../src/booking/deps.js';
import { holdPlace } from '../src/booking/hold-place.js';
import { testDatabases } from '../test/support/databases.js';
import { createTestDesk } from '../test/support/test-desk.js';
import { MACHINE } from './support.js';

const CONCURRENT = 10;
const PER_CALLER = 200;
const ROUNDS = 3;
const TARGET_MS = 1;

const db = await testDatabases.find((d) => d.name === 'postgres')!.open();
try {
  const { deskId } = await createTestDesk(db, { code: 'RF01', places: 1 });
  const deps = bookingDeps(db, deriveBookingSecret('x'.repeat(40)));
  const start = Date.parse('2027-06-15T09:00:00+02:00');
  await holdPlace(deps, { deskId, startMs: start, channel: 'phone' });
  const rounds: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    let refused = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: CONCURRENT }, async () => {
      for (let i = 0; i < PER_CALLER; i++) {
        try {
          await holdPlace(deps, { deskId, startMs: start, channel: 'phone' });
          throw new Error('a hold on a full slot was accepted');
        } catch (err) {
          if ((err as { code?: string }).code !== 'slot_full') throw err;
          refused++;
        }
      }
    }));
    const ms = (performance.now() - t0) / refused;
    rounds.push(Math.round(ms * 1000) / 1000);
    console.log(`round ${round}: ${refused} refusals, ${ms.toFixed(3)} ms each (${CONCURRENT} at a time)`);
  }
  const dead = await db.query<{ d: number }>("SELECT n_dead_tup::int AS d FROM pg_stat_user_tables WHERE relname = 'booking'");
  const best = Math.min(...rounds);
  console.log(JSON.stringify({
    bench: 'refusals', machine: MACHINE, date: new Date().toISOString().slice(0, 10), concurrent: CONCURRENT,
    refusals: CONCURRENT * PER_CALLER * ROUNDS, msPerRefusal: rounds, bestMs: best, deadBookingRows: dead.rows[0]?.d ?? 0,
    targetMs: TARGET_MS, ok: best < TARGET_MS,
  }));
} finally {
  await db.close();
}
