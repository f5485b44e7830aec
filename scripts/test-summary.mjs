// Prints the closing line of a test run, "Tests: N passed, N failed, N skipped", from vitest's
// JSON reports (test-results/vitest*.json: `npm test` runs two vitest processes, one report each),
// and a line naming the files that failed.
// "Failed" counts failed tests and also failed files that no failed test explains: a file that
// does not import, or whose beforeAll/afterAll throws (vitest then reports its tests as skipped).
//   node scripts/test-summary.mjs --clear        removes the previous report (before a run)
//   node scripts/test-summary.mjs [exitStatus]   prints the summary (after a run)
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const DIR = 'test-results';

/** The JSON reports of the last run (vitest.json, vitest-<name>.json). */
function reportFiles() {
  if (!existsSync(DIR)) return [];
  return readdirSync(DIR).filter((f) => /^vitest(-[\w-]+)?\.json$/.test(f)).sort().map((f) => join(DIR, f));
}

/** Removes the reports of a previous run. */
export function clearReports() {
  for (const f of reportFiles()) rmSync(f, { force: true });
}

/** The closing lines for every report of the run (one merged summary), given the run's exit status. */
export function summarizeReports(exitStatus = 0) {
  const files = reportFiles();
  if (files.length === 0) {
    // No report: vitest stopped before writing it.
    return [`Failed: no test report (${DIR}/vitest*.json) was written: see the log above`, 'Tests: 0 passed, 1 failed, 0 skipped'];
  }
  const reports = files.map((f) => JSON.parse(readFileSync(f, 'utf8')));
  return [...timings(reports.flatMap((r) => r.testResults ?? [])), ...summarize({
    success: reports.every((r) => r.success !== false),
    testResults: reports.flatMap((r) => r.testResults ?? []),
  }, exitStatus)];
}

/**
 * Each file's time (its first test's start to its end, setup included), the slowest first, and
 * the span of the whole run: kept in CI's log to see where the suite's minutes go.
 */
export function timings(testResults, top = 15) {
  const timed = testResults
    .filter((f) => Number.isFinite(f.startTime) && Number.isFinite(f.endTime))
    .map((f) => ({ name: relative(process.cwd(), f.name), s: (f.endTime - f.startTime) / 1000, start: f.startTime, end: f.endTime }));
  if (timed.length === 0) return [];
  const span = (Math.max(...timed.map((f) => f.end)) - Math.min(...timed.map((f) => f.start))) / 1000;
  const sum = timed.reduce((a, f) => a + f.s, 0);
  const slowest = timed.sort((a, b) => b.s - a.s).slice(0, top);
  return [
    `Files: ${timed.length}, ${Math.round(sum)} s of file time in ${Math.round(span)} s (first start to last end); slowest:`,
    ...slowest.map((f) => `  ${f.s.toFixed(1).padStart(6)} s  ${f.name}`),
  ];
}

/** The summary of a vitest JSON report, and the exit status of the run (0 when unknown). */
export function summarize(report, exitStatus = 0) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const failedFiles = [];
  for (const file of report.testResults ?? []) {
    const tests = file.assertionResults ?? [];
    const failedTests = tests.filter((t) => t.status === 'failed').length;
    // A file-level error (import, hook) leaves a message on the file; its tests did not run.
    const fileError = file.status === 'failed' && (Boolean(file.message) || failedTests === 0);
    passed += tests.filter((t) => t.status === 'passed').length;
    failed += failedTests + (fileError ? 1 : 0);
    if (!fileError) skipped += tests.filter((t) => t.status === 'skipped' || t.status === 'pending' || t.status === 'todo').length;
    if (file.status === 'failed') failedFiles.push(relative(process.cwd(), file.name));
  }
  const lines = [];
  // vitest failed although no file did (an unhandled error, a failed global setup): say so, count it.
  if (failed === 0 && (report.success === false || exitStatus !== 0)) {
    failed = 1;
    lines.push('Failed: the run itself (an unhandled error or a failed global setup: see the log above)');
  }
  if (failedFiles.length > 0) lines.push(`Failed files (${failedFiles.length}): ${failedFiles.join(', ')}`);
  lines.push(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  return lines;
}

function main(args) {
  if (args[0] === '--clear') {
    clearReports();
    return;
  }
  for (const line of summarizeReports(Number(args[0] ?? 0) || 0)) console.log(line);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
