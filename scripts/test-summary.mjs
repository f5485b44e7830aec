// Prints the closing line of a test run, "Tests: N passed, N failed, N skipped", from vitest's
// JSON report (test-results/vitest.json), and a line naming the files that failed.
// "Failed" counts failed tests and also failed files that no failed test explains: a file that
// does not import, or whose beforeAll/afterAll throws (vitest then reports its tests as skipped).
//   node scripts/test-summary.mjs --clear        removes the previous report (before a run)
//   node scripts/test-summary.mjs [exitStatus]   prints the summary (after a run)
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const FILE = 'test-results/vitest.json';

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
    rmSync(FILE, { force: true });
    return;
  }
  const exitStatus = Number(args[0] ?? 0) || 0;
  if (!existsSync(FILE)) {
    // No report: vitest stopped before writing it.
    console.log(`Failed: no test report (${FILE}) was written: see the log above`);
    console.log('Tests: 0 passed, 1 failed, 0 skipped');
    return;
  }
  for (const line of summarize(JSON.parse(readFileSync(FILE, 'utf8')), exitStatus)) console.log(line);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
