/**
 * `sportello backup FILE` / `sportello restore FILE` (docs/operations.md#backup-and-restore).
 *
 * - PostgreSQL (DATABASE_URL): `pg_dump --format=custom` (a consistent snapshot taken while the
 *   instances keep serving) and `pg_restore --single-transaction` (all or nothing). The client
 *   programs must be of the server's major version or newer (Debian: postgresql-client-15).
 * - Embedded (PGlite, DATA_DIR): PGlite's own dump of its data folder (a tar file), written while
 *   no server uses that folder (PGlite is one process), and loaded into a new folder.
 *
 * A restore goes into an empty database or an empty/absent DATA_DIR; `replace` empties the
 * target first (PostgreSQL: `--clean --if-exists`; embedded: the old folder is kept beside as
 * `<DATA_DIR>.before-restore-<time>`). The file's kind is checked before anything is touched.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Db } from './db.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';

export type BackupKind = 'postgres' | 'pglite';

export class BackupError extends Error {
  constructor(readonly it: string, readonly en: string) {
    super(en);
  }
}

/** pg_dump's custom format starts with "PGDMP"; PGlite's dump is a tar file ("ustar" at byte 257). */
export function backupKindOf(head: Buffer): BackupKind | null {
  if (head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'postgres';
  if (head.length >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar') return 'pglite';
  return null;
}

/** Runs a client program; rejects with its error output when it fails. */
function run(program: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-4000)));
    child.once('error', (e) => reject(new BackupError(`${program} non eseguibile: ${e.message}`, `${program} cannot run: ${e.message}`)));
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new BackupError(`${program} non riuscito (${code}): ${err.trim()}`, `${program} failed (${code}): ${err.trim()}`))));
  });
}

/**
 * The PostgreSQL client programs: PG_BIN if set, else Debian's folder of the newest major
 * version installed, else the PATH.
 */
export function pgProgram(name: 'pg_dump' | 'pg_restore'): string {
  if (process.env.PG_BIN) return `${process.env.PG_BIN}/${name}`;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (existsSync(`${root}/${v}/bin/${name}`)) return `${root}/${v}/bin/${name}`;
  }
  return name;
}

export async function backup(target: { databaseUrl?: string | undefined; dataDir?: string | undefined }, file: string): Promise<BackupKind> {
  if (target.databaseUrl) {
    await run(pgProgram('pg_dump'), ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${target.databaseUrl}`]);
    return 'postgres';
  }
  if (!target.dataDir || !existsSync(target.dataDir)) {
    throw new BackupError('Nessun database da salvare: imposta DATABASE_URL o DATA_DIR.', 'No database to back up: set DATABASE_URL or DATA_DIR.');
  }
  const db = await openPglite(target.dataDir);
  try {
    writeFileSync(file, Buffer.from(await (await db.dumpDataDir()).arrayBuffer()));
  } finally {
    await db.close();
  }
  return 'pglite';
}

async function postgresIsEmpty(url: string): Promise<boolean> {
  const db = await openPostgres(url, 1);
  try {
    const r = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`);
    return r.rows[0]!.n === 0;
  } finally {
    await db.close();
  }
}

export async function restore(
  target: { databaseUrl?: string | undefined; dataDir?: string | undefined }, file: string, options: { replace?: boolean } = {},
): Promise<BackupKind> {
  if (!existsSync(file)) throw new BackupError(`File non trovato: ${file}`, `File not found: ${file}`);
  const fd = readFileSync(file);
  const kind = backupKindOf(fd.subarray(0, 512));
  if (!kind) throw new BackupError('Il file non è una copia di Sportello (né pg_dump né PGlite).', 'The file is not a Sportello backup (neither pg_dump nor PGlite).');
  if (target.databaseUrl) {
    if (kind !== 'postgres') {
      throw new BackupError('È una copia del database integrato: ripristinala con DATA_DIR, senza DATABASE_URL.', 'This is a backup of the embedded database: restore it with DATA_DIR, without DATABASE_URL.');
    }
    if (!options.replace && !(await postgresIsEmpty(target.databaseUrl))) {
      throw new BackupError('Il database di destinazione non è vuoto: usa un database nuovo o --replace.', 'The target database is not empty: use a new database or --replace.');
    }
    await run(pgProgram('pg_restore'), [
      '--single-transaction', '--no-owner', '--no-privileges', '--exit-on-error',
      ...(options.replace ? ['--clean', '--if-exists'] : []), `--dbname=${target.databaseUrl}`, file,
    ]);
    return 'postgres';
  }
  if (kind !== 'pglite') {
    throw new BackupError('È una copia PostgreSQL (pg_dump): ripristinala con DATABASE_URL.', 'This is a PostgreSQL backup (pg_dump): restore it with DATABASE_URL.');
  }
  if (!target.dataDir) throw new BackupError('Imposta DATA_DIR (la cartella del database integrato).', 'Set DATA_DIR (the embedded database folder).');
  if (existsSync(target.dataDir) && readdirSync(target.dataDir).length) {
    if (!options.replace) {
      throw new BackupError('DATA_DIR non è vuota: usa una cartella nuova o --replace.', 'DATA_DIR is not empty: use a new folder or --replace.');
    }
    renameSync(target.dataDir, `${target.dataDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  }
  const db = await openPglite(target.dataDir, { loadDataDir: new Blob([fd]) });
  await db.close();
  return 'pglite';
}

/**
 * What a restore must give back equal: every booking, every slot's hold-free counter, every
 * audit row (and the booking events), as one digest per table with its row count. `sportello digest` prints it (run it
 * before a backup and after the restore: the two must be equal).
 */
export async function contentDigest(db: Db): Promise<Record<string, { rows: number; md5: string }>> {
  const tables: Record<string, string> = {
    booking: 'SELECT id, code, desk_id, starts_at, status, tax_code FROM booking ORDER BY id',
    slot: 'SELECT desk_id, starts_at, capacity, taken FROM slot ORDER BY desk_id, starts_at',
    audit_log: 'SELECT * FROM audit_log ORDER BY 1',
    booking_event: 'SELECT * FROM booking_event ORDER BY 1',
  };
  const out: Record<string, { rows: number; md5: string }> = {};
  for (const [name, sql] of Object.entries(tables)) {
    const r = await db.query<{ rows: number; md5: string | null }>(`SELECT count(*)::int AS rows, md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS md5 FROM (${sql}) t`);
    out[name] = { rows: r.rows[0]!.rows, md5: r.rows[0]!.md5 ?? '' };
  }
  return out;
}
