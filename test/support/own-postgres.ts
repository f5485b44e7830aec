/**
 * A PostgreSQL 15 cluster of the test's own (Debian's binaries in /usr/lib/postgresql/15/bin),
 * in a temporary folder on a free port, for what the shared server on :5432 must never go
 * through: restarts, a streaming replica. Run as the `postgres` user when the test runs as root
 * (initdb refuses root). Removed at close.
 */
import { execFile } from 'node:child_process';
import { appendFileSync, chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './cluster.js';

const run = promisify(execFile);
export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const asRoot = userInfo().uid === 0;

/** Runs a PostgreSQL program as the postgres user when we are root. */
async function pg(program: string, args: string[]): Promise<string> {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', `${PG_BIN}/${program}`, ...args]] : [`${PG_BIN}/${program}`, args];
  const { stdout } = await run(cmd, argv, { maxBuffer: 10_000_000 });
  return stdout;
}

function ownedFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o700);
  if (asRoot) {
    const [uid, gid] = postgresIds();
    chownSync(dir, uid, gid);
  }
  return dir;
}

function postgresIds(): [number, number] {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('no postgres user on this machine');
  const f = line.split(':');
  return [Number(f[2]), Number(f[3])];
}

export interface OwnPostgres {
  readonly port: number;
  readonly dir: string;
  /** postgres://postgres@127.0.0.1:port/<database> */
  url(database?: string): string;
  start(): Promise<void>;
  /** pg_ctl stop: `fast` ends the sessions (as a restart or a fail-over does), `immediate` is a crash. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  running(): boolean;
  close(): Promise<void>;
}

function cluster(dir: string, port: number): OwnPostgres {
  let up = false;
  return {
    port, dir,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async start() {
      await pg('pg_ctl', ['-D', dir, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', `-p ${port} -k ${dir}`, 'start']);
      up = true;
    },
    async stop(mode = 'fast') {
      await pg('pg_ctl', ['-D', dir, '-m', mode, '-w', '-t', '60', 'stop']);
      up = false;
    },
    running: () => up,
    async close() {
      if (up || existsSync(join(dir, 'postmaster.pid'))) await pg('pg_ctl', ['-D', dir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      up = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A new primary: initdb (trust on 127.0.0.1), replication allowed, started. */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = ownedFolder('sportello-pg-');
  const data = join(dir, 'data');
  await pg('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync']);
  appendFileSync(data + '/postgresql.conf', [
    "listen_addresses = '127.0.0.1'", 'fsync = off', 'synchronous_commit = off', 'full_page_writes = off',
    'wal_level = replica', 'max_wal_senders = 5', 'hot_standby = on', 'max_connections = 100', 'shared_buffers = 32MB', '',
  ].join('\n'));
  appendFileSync(data + '/pg_hba.conf', 'host replication all 127.0.0.1/32 trust\n');
  const port = await freePort();
  const c = cluster(data, port);
  const close = c.close.bind(c);
  Object.assign(c, { close: async () => { await close(); rmSync(dir, { recursive: true, force: true }); } });
  await c.start();
  return c;
}

/** A streaming replica of `primary` (pg_basebackup -R: standby.signal and primary_conninfo; `-c fast`: a spread checkpoint after a migration took a minute), started. */
export async function startReplica(primary: OwnPostgres): Promise<OwnPostgres> {
  const dir = ownedFolder('sportello-replica-');
  const data = join(dir, 'data');
  await pg('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', data, '-R', '-X', 'stream', '-c', 'fast', '--no-sync']);
  const port = await freePort();
  const c = cluster(data, port);
  const close = c.close.bind(c);
  Object.assign(c, { close: async () => { await close(); rmSync(dir, { recursive: true, force: true }); } });
  await c.start();
  return c;
}
