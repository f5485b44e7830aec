// The closing line of `npm test`: the real script, run on vitest JSON reports of the shape vitest 4
// writes (a file failing in beforeAll reports its tests as skipped and a message on the file; a
// file that does not import has no tests at all).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('./test-summary.mjs', import.meta.url));
let dir: string;

function run(report: unknown, ...args: string[]): string[] {
  dir = mkdtempSync(join(tmpdir(), 'summary-'));
  if (report !== undefined) {
    mkdirSync(join(dir, 'test-results'));
    writeFileSync(join(dir, 'test-results', 'vitest.json'), JSON.stringify(report));
  }
  return execFileSync(process.execPath, [SCRIPT, ...args], { cwd: dir, encoding: 'utf8' }).trim().split('\n');
}

afterEach(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, status: string, tests: [string, string][], message = '') => ({
  name: `/repo/${name}`, status, message, assertionResults: tests.map(([title, s]) => ({ title, status: s })),
});

describe('test-summary', () => {
  it('counts failed tests, files failing in beforeAll and files that do not import; names the failed files', () => {
    const lines = run({
      success: false,
      testResults: [
        file('a.test.ts', 'failed', [['a', 'skipped'], ['b', 'skipped']], 'boom in beforeAll'),
        file('b.test.ts', 'failed', [], "Cannot find module './nope.js'"),
        file('c.test.ts', 'failed', [['ok', 'passed'], ['sk', 'skipped'], ['bad', 'failed']]),
        file('d.test.ts', 'passed', [['ok', 'passed'], ['todo', 'todo']]),
      ],
    });
    expect(lines.at(-1)).toBe('Tests: 2 passed, 3 failed, 2 skipped');
    expect(lines[0]).toMatch(/^Failed files \(3\): \S*a\.test\.ts, \S*b\.test\.ts, \S*c\.test\.ts$/);
  });

  it('counts an afterAll failure once, beside the passed tests of its file', () => {
    const lines = run({ success: false, testResults: [file('a.test.ts', 'failed', [['c', 'passed']], 'boom after')] });
    expect(lines.at(-1)).toBe('Tests: 1 passed, 1 failed, 0 skipped');
  });

  it('prints N passed, 0 failed and no list of files when everything passed', () => {
    const lines = run({ success: true, testResults: [file('a.test.ts', 'passed', [['x', 'passed'], ['y', 'skipped']])] }, '0');
    expect(lines).toEqual(['Tests: 1 passed, 0 failed, 1 skipped']);
  });

  it('counts a failed run that no file explains (unhandled error, failed exit status)', () => {
    expect(run({ success: false, testResults: [file('a.test.ts', 'passed', [['x', 'passed']])] }).at(-1)).toBe('Tests: 1 passed, 1 failed, 0 skipped');
    expect(run({ success: true, testResults: [] }, '1').at(-1)).toBe('Tests: 0 passed, 1 failed, 0 skipped');
  });

  it('reports a failure when there is no report, and --clear removes a stale one', () => {
    expect(run(undefined).at(-1)).toBe('Tests: 0 passed, 1 failed, 0 skipped');
    run({ success: true, testResults: [file('a.test.ts', 'passed', [['x', 'passed']])] }, '--clear');
    expect(execFileSync(process.execPath, [SCRIPT], { cwd: dir, encoding: 'utf8' }).trim().split('\n').at(-1)).toBe('Tests: 0 passed, 1 failed, 0 skipped');
  });
});

describe('test-summary over the two reports of npm test', () => {
  it('merges every test-results/vitest*.json into one closing line', () => {
    run({ success: true, testResults: [file('a.test.ts', 'passed', [['x', 'passed']])] });
    writeFileSync(join(dir, 'test-results', 'vitest-browser.json'), JSON.stringify({
      success: false, testResults: [file('b.test.ts', 'failed', [['y', 'failed'], ['z', 'passed']])],
    }));
    const lines = execFileSync(process.execPath, [SCRIPT, '1'], { cwd: dir, encoding: 'utf8' }).trim().split('\n');
    expect(lines.at(-1)).toBe('Tests: 2 passed, 1 failed, 0 skipped');
    expect(lines[0]).toMatch(/^Failed files \(1\): \S*b\.test\.ts$/);
  });
});

describe('per-file timings', () => {
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("prints each file's time, the slowest first, and the run's span, before the closing line", () => {
    const file = (name: string, start: number, end: number) => ({
      name: `/x/${name}`, status: 'passed', startTime: start, endTime: end, assertionResults: [{ status: 'passed' }],
    });
    const lines = run({ success: true, testResults: [file('a.test.ts', 1000, 3000), file('b.test.ts', 1500, 11_500), file('c.test.ts', 2000, 2500)] });
    expect(lines[0]).toBe('Files: 3, 13 s of file time in 11 s (first start to last end); slowest:');
    expect(lines.slice(1, 4).map((l) => l.trim())).toEqual(['b.test.ts', 'a.test.ts', 'c.test.ts'].map((n, k) => `${['10.0', '2.0', '0.5'][k]} s  ${relative(dir, `/x/${n}`)}`));
    expect(lines.at(-1)).toBe('Tests: 3 passed, 0 failed, 0 skipped');
  });
});
