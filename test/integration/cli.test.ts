import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../src/storage/pglite.js';

import { cliCommand } from '../support/cluster.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'sportello-cli-'));
const env = { ...process.env, DATA_DIR: join(dir, 'db'), DATABASE_URL: '', LOG_LEVEL: 'silent' };

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    // The production entry when CI has built it (faster to start), else the sources (cliCommand).
    const r = await run(process.execPath, cliCommand(...args), { env, timeout: 120_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function officeCodes(): Promise<string[]> {
  const db = await openPglite(env.DATA_DIR);
  try {
    return (await db.query<{ code: string }>('SELECT code FROM office ORDER BY code')).rows.map((r) => r.code);
  } finally {
    await db.close();
  }
}

describe('sportello CLI on the embedded database', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // Each step starts a process that opens the embedded database: on a busy two-core machine
  // the first migration alone may take a minute, so each test has its own generous limit.
  it('migrates an empty database, then says it is up to date', async () => {
    expect((await cli('migrate')).stdout).toMatch(/0001_catalog/);
    expect((await cli('migrate')).stdout).toMatch(/up to date/);
  }, 180_000);

  it('seeds the demo, and refuses a bad office file listing every problem', async () => {
    expect((await cli('seed')).code).toBe(0);
    const before = await officeCodes();
    expect(before).toHaveLength(35);

    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, [
      'province,office_code,office_kind,office_name,town,desk_key,desk_number,desk_name_it,desk_name_en,slot_minutes,weekday,from,to,places',
      'MI,MI80,agenzia,Rho,Rho,prestazioni,1,Prestazioni,Benefits,7,1,09:00,12:00,2',
      'MI,MI80,agenzia,Rho,Rho,prestazioni,1,Prestazioni,Benefits,7,8,09:00,12:00,2',
      'MI,MI80,agenzia,Rho,Rho,conto,2,Conto,Accounts,10,2,12:00,09:00,0',
    ].join('\n'));
    const r = await cli('import-offices', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nothing was imported/);
    expect(r.stderr).toMatch(/line 3/);
    expect(r.stderr).toMatch(/line 4, offices\[0\]\.desks\[1\]\.weekly\[0\]\.places/);
    expect(r.stderr).toMatch(/slot_length_not_dividing/);
    expect(await officeCodes()).toEqual(before);

    const good = join(dir, 'good.yaml');
    writeFileSync(good, 'offices:\n  - { province: MI, code: MI81, kind: agenzia, name: Rho, town: Rho, desks: [{ key: prestazioni, number: 1, name: Prestazioni, nameEn: Benefits }] }\n');
    expect((await cli('import-offices', good, '--dry-run')).code).toBe(0);
    expect(await officeCodes()).toEqual(before);
    const ok = await cli('import-offices', good);
    expect([ok.code, ok.stdout]).toEqual([0, expect.stringMatching(/"created":1/)]);
    expect(await officeCodes()).toContain('MI81');

    expect((await cli('import-offices', join(dir, 'missing.json'))).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
  }, 180_000);
});
