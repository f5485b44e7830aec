/**
 * `npm run bench:answers [-- --postgres]`: the caller questions of bench/answers-questions.json
 * against the real search (demo offices and demo short answers, in-process PGlite by default, a
 * scratch database on the local PostgreSQL server with --postgres). Prints every question whose
 * expected answer is not first, then one JSON line: questions, top1, top3 (fractions), ok when
 * top-1 ≥ 0.8 and top-3 ≥ 0.95.
 */
import { seedDemo } from '../src/app.js';
import { seedDemoAnswers } from '../src/reception/seed-demo-answers.js';
import { migrate } from '../src/storage/migrate.js';
import { openPglite } from '../src/storage/pglite.js';
import { openPostgres } from '../src/storage/postgres.js';
import { evaluateAnswers } from './answers-eval.js';
import { MACHINE, onCleanup, runBench, scratchDatabase } from './support.js';

const POSTGRES = process.argv.includes('--postgres');

await runBench('answers', async () => {
  const db = POSTGRES ? await openPostgres((await scratchDatabase('sportello_answers')).url) : await openPglite();
  onCleanup(() => db.close());
  await migrate(db);
  await seedDemo(db);
  await seedDemoAnswers(db);
  const t0 = performance.now();
  const score = await evaluateAnswers(db);
  const ms = performance.now() - t0;
  for (const m of score.misses) {
    console.log(`${m.place === null ? 'missed' : `#${m.place}`}: "${m.q}" expected "${m.expect}", got ${JSON.stringify(m.got)}`);
  }
  return {
    bench: 'answers', machine: MACHINE, date: new Date().toISOString().slice(0, 10), database: POSTGRES ? 'postgres' : 'pglite',
    questions: score.questions, top1: score.top1, top3: score.top3, misses: score.misses.length,
    msPerQuestion: Math.round((ms / score.questions) * 10) / 10, ok: score.top1 >= 0.8 && score.top3 >= 0.95,
  };
});
