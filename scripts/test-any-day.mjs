// Runs the whole suite (`npm test`) under `faketime` (Debian package) at the days and hours that
// used to break it, each ahead of today so that PostgreSQL's own clock (not faked) stays behind:
// the next Sunday, the next 8 December (Immacolata; Milan's 7 December too), a late evening
// (22:30 UTC, 23:30 in Rome) and the night of the next change to summer time (01:30 UTC on the
// last Sunday of March). One log per run in test-results/any-day-*.log; prints each closing line.
//   npm run test:any-day            all four
//   npm run test:any-day -- sunday  one of: sunday, holiday, evening, dst
import { spawnSync } from 'node:child_process';
import { mkdirSync, openSync, readFileSync } from 'node:fs';

const DAY = 86_400_000;
const now = new Date();
const utc = (y, m, d, hh, mm = 0) => new Date(Date.UTC(y, m, d, hh, mm));
const y = now.getUTCFullYear();
const after = (f) => (f(y) > now ? f(y) : f(y + 1));
const lastSundayOfMarch = (year) => 31 - utc(year, 2, 31, 0).getUTCDay();

const moments = {
  sunday: utc(y, now.getUTCMonth(), now.getUTCDate() + (7 - now.getUTCDay() || 7), 10),
  holiday: after((year) => utc(year, 11, 8, 9)),
  evening: new Date(utc(y, now.getUTCMonth(), now.getUTCDate(), 22, 30).getTime() + DAY),
  dst: after((year) => utc(year, 2, lastSundayOfMarch(year), 1, 30)),
};

const chosen = process.argv.slice(2);
const names = chosen.length > 0 ? chosen : Object.keys(moments);
mkdirSync('test-results', { recursive: true });
let failed = false;
for (const name of names) {
  const at = moments[name];
  if (!at) throw new Error(`unknown moment ${name}: one of ${Object.keys(moments).join(', ')}`);
  const stamp = at.toISOString().slice(0, 19).replace('T', ' ');
  const log = `test-results/any-day-${name}.log`;
  const out = openSync(log, 'w');
  // faketime 'YYYY-MM-DD hh:mm:ss' starts the clock there and lets it run (a frozen clock stops Node's timers).
  const r = spawnSync('faketime', [stamp, 'npm', 'test'], { stdio: ['ignore', out, out], env: { ...process.env, TZ: 'UTC' } });
  if (r.error) throw r.error;
  failed ||= r.status !== 0;
  const closing = readFileSync(log, 'utf8').trim().split('\n').filter((l) => /^Tests: /.test(l) || /^Failed/.test(l));
  console.log(`${name} (${stamp} UTC): ${closing.join(' | ') || 'no closing line, see ' + log}`);
}
process.exit(failed ? 1 : 0);
