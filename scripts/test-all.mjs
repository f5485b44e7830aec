// `npm test`: every test, in two vitest processes side by side: the unit and integration files
// (several at a time) and the browser files (one at a time: each drives a Chromium against its own
// server). On two cores the browser suite's waits and the integration suite's waits overlap, so
// the whole run takes about as long as the longer of the two instead of their sum. Each process
// writes its own JSON report (test-results/vitest-<name>.json); the closing line counts both
// (scripts/test-summary.mjs). With arguments (`npm test -- <files or filters>`) one vitest runs them.
// A process still running after TEST_TIME_LIMIT_MINUTES (default 30) is stopped and counted as
// failed: a run never hangs a CI job.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { clearReports, summarizeReports } from './test-summary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const limitMs = Number(process.env.TEST_TIME_LIMIT_MINUTES ?? 30) * 60_000;

/** One vitest process; resolves to its exit status (124 when stopped at the time limit). */
function run(name, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [vitest, 'run', ...args], {
      cwd: root, stdio: 'inherit', env: { ...process.env, VITEST_JSON: `test-results/vitest-${name}.json`, ...env },
    });
    const timer = setTimeout(() => {
      console.error(`\n${name}: still running after ${limitMs / 60_000} minutes: stopped`);
      child.kill('SIGKILL');
    }, limitMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(signal ? 124 : code ?? 1);
    });
  });
}

const args = process.argv.slice(2);
clearReports();
const statuses = args.length > 0
  ? [await run('selected', args)]
  : await Promise.all([
    // Two integration files at a time beside the browser file (VITEST_MAX_WORKERS overrides).
    run('node', ['--project', 'unit', '--project', 'integration'], { VITEST_MAX_WORKERS: process.env.VITEST_MAX_WORKERS ?? '2' }),
    run('browser', ['--project', 'browser']),
  ]);
const status = statuses.find((s) => s !== 0) ?? 0;
for (const line of summarizeReports(status)) console.log(line);
process.exit(status);
