/**
 * Three (or more) real server processes on one PostgreSQL behind a real HAProxy (Debian's
 * package, started here as a child process on a free port, never the system service). Used by
 * test/integration/cluster.test.ts and bench/cluster.ts.
 *
 * Each instance is the server (see serverCommand) on its own port; a restart
 * starts it again on the same port (HAProxy's server line stays). HAProxy checks `/readyz`
 * every 300 ms (one failure takes an instance out, two successes bring it back), retries a
 * request that could not reach an instance on another (`option redispatch`), and retries a
 * request that got no answer or a 503 only when replaying it is safe: GET/HEAD, or a request with
 * an Idempotency-Key (the server answers a replay with its first answer). It overwrites
 * X-Forwarded-For with the client's address (the instances trust only 127.0.0.1).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `url` answers 200 (or the process exits / the time is up). */
async function waitReady(url: string, exited: () => boolean, output: () => string, timeoutMs = 240_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited()) throw new Error(`exited before it was ready:\n${output()}`);
    try {
      const r = await fetch(url);
      await r.arrayBuffer();
      if (r.status === 200) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`not ready after ${timeoutMs / 1000} s:\n${output()}`);
    await sleep(100);
  }
}

/** Polls `check` every 100 ms until it holds (a real signal, not a fixed wait), at most `timeoutMs`. */
export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await sleep(100);
  }
}

export interface Instance {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  pid(): number;
  output(): string;
  /** Starts the process (again) on its port; resolves when /readyz answers 200. */
  start(): Promise<void>;
  /** SIGTERM: the graceful stop (readiness 503, drain, close); resolves when the process has exited. */
  stop(): Promise<void>;
  /** SIGKILL: no goodbye; resolves when the process has exited. */
  kill9(): Promise<void>;
  running(): boolean;
}

/**
 * The command line's arguments for `node`: the production entry (`dist/server/cli.js`, as CI
 * builds it before the tests) when dist/ is newer than every source file; else the sources
 * through tsx (slower to start: it compiles the server at every start).
 */
export function cliCommand(...args: string[]): string[] {
  const cli = join(REPO_ROOT, 'dist/server/cli.js');
  const newest = (dir: string): number => readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
    const p = join(dir, e.name);
    return Math.max(m, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }, 0);
  if (existsSync(cli) && statSync(cli).mtimeMs >= newest(join(REPO_ROOT, 'src'))) return [cli, ...args];
  return ['--import', 'tsx', join(REPO_ROOT, 'src/cli.ts'), ...args];
}

/** The server as the cluster runs it (see cliCommand). */
export function serverCommand(): string[] {
  return cliCommand('serve', '--no-demo');
}

function instance(name: string, port: number, env: Record<string, string>): Instance {
  let child: ChildProcess | null = null;
  let exit: Promise<void> = Promise.resolve();
  let out = '';
  const url = `http://127.0.0.1:${port}`;
  const signal = async (sig: NodeJS.Signals) => {
    const c = child;
    if (!c) return;
    c.kill(sig);
    const hard = setTimeout(() => c.kill('SIGKILL'), 30_000);
    await exit;
    clearTimeout(hard);
  };
  return {
    name, port, url,
    pid: () => child?.pid ?? 0,
    output: () => out,
    running: () => child !== null,
    async start() {
      if (child) throw new Error(`${name} is running`);
      const c = spawn(process.execPath, serverCommand(), {
        cwd: REPO_ROOT,
        env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = c;
      const keep = (chunk: Buffer) => {
        out = (out + chunk.toString('utf8')).slice(-20_000);
      };
      c.stdout!.on('data', keep);
      c.stderr!.on('data', keep);
      let gone = false;
      exit = new Promise<void>((resolve) => c.once('exit', () => {
        gone = true;
        if (child === c) child = null;
        resolve();
      }));
      await waitReady(`${url}/readyz`, () => gone, () => out);
    },
    stop: () => signal('SIGTERM'),
    kill9: () => signal('SIGKILL'),
  };
}

export interface Proxy {
  readonly url: string;
  readonly config: string;
  /** How HAProxy sees each instance now: name → UP, DOWN… (its stats socket's `show stat`). */
  states(): Promise<Record<string, string>>;
  close(): Promise<void>;
}

/** HAProxy's configuration for `servers` (name → port), listening on 127.0.0.1:`port`. */
export function haproxyConfig(port: number, servers: { name: string; port: number }[], statsSocket?: string): string {
  return `global
  maxconn 4096${statsSocket ? `\n  stats socket ${statsSocket} mode 600 level operator` : ''}
  tune.bufsize 32768

defaults
  mode http
  timeout connect 1s
  # A readiness answer slower than this counts as a failed check (a busy instance still answers well within it).
  timeout check 3s
  timeout client 60s
  timeout server 60s
  timeout queue 30s
  # A request that cannot reach an instance goes to another (the same one is not tried again).
  option redispatch 1
  retries 3
  # Safe replays only (see the frontend): no answer, or "503" (an instance stopping or without its database).
  retry-on conn-failure empty-response 503
  # One request per connection to an instance: a stopping instance never has an idle
  # connection that the proxy could reuse at the moment it closes.
  option http-server-close

frontend citizens
  bind 127.0.0.1:${port}
  # The client's own address, overwriting whatever it sent (the instances trust only this proxy).
  http-request set-header X-Forwarded-For %[src]
  # Replaying a request is safe when it changes nothing or carries an Idempotency-Key.
  http-request disable-l7-retry if !METH_GET !{ req.hdr(idempotency-key) -m found }
  default_backend instances

backend instances
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
  # Two failed checks 250 ms apart take an instance out (well within SHUTDOWN_DELAY_SECONDS), two good ones bring it back.
  default-server inter 250ms fastinter 250ms downinter 250ms fall 2 rise 2
${servers.map((s) => `  server ${s.name} 127.0.0.1:${s.port} check`).join('\n')}
`;
}

async function startHaproxy(servers: { name: string; port: number }[]): Promise<Proxy> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'sportello-haproxy-'));
  const socket = join(dir, 'stats.sock');
  const config = haproxyConfig(port, servers, socket);
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, config);
  // -db: in the foreground, not a daemon (a child of this process, ended with it).
  const child = spawn('haproxy', ['-db', '-f', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  let gone = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => {
    gone = true;
    resolve();
  }));
  child.once('error', (err) => {
    out += String(err);
    gone = true;
  });
  const url = `http://127.0.0.1:${port}`;
  await waitReady(`${url}/readyz`, () => gone, () => out, 30_000);
  return {
    url, config,
    async states() {
      const csv = await new Promise<string>((resolve, reject) => {
        const c = connect(socket);
        let text = '';
        c.on('data', (d: Buffer) => (text += d.toString()));
        c.on('end', () => resolve(text));
        c.on('error', reject);
        c.write('show stat\n');
      });
      const out: Record<string, string> = {};
      const lines = csv.split('\n');
      const header = lines[0]!.replace(/^# /, '').split(',');
      const [px, sv, st] = ['pxname', 'svname', 'status'].map((h) => header.indexOf(h));
      for (const l of lines.slice(1)) {
        const f = l.split(',');
        if (f[px!] === 'instances' && f[sv!] !== 'BACKEND') out[f[sv!]!] = f[st!]!;
      }
      return out;
    },
    async close() {
      if (!gone) child.kill('SIGTERM');
      await exit;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Cluster {
  proxy: Proxy;
  instances: Instance[];
  /** SIGTERM → graceful stop → start again, one instance after the other (each back UP in HAProxy before the next). */
  rollingRestart(onEach?: (i: Instance) => void): Promise<void>;
  close(): Promise<void>;
}

/**
 * `count` instances on `databaseUrl` (already migrated: the instances also migrate, under the
 * advisory lock) behind HAProxy. `env` is added to every instance's environment.
 */
/** Every instance's AUTH_SECRET (a test that makes a staff session in the database needs it). */
export const CLUSTER_AUTH_SECRET = 'cluster-test-secret-0123456789-abcdefghijklmnop';

export async function startCluster(databaseUrl: string, env: Record<string, string> = {}, count = 3): Promise<Cluster> {
  const names = ['a', 'b', 'c', 'd', 'e'].slice(0, count);
  const ports: number[] = [];
  for (let i = 0; i < count; i++) ports.push(await freePort());
  const instances = names.map((name, i) => instance(name, ports[i]!, {
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
    WEB_ROOT: '/nonexistent',
    TRUST_PROXY: '127.0.0.1',
    AUTH_SECRET: CLUSTER_AUTH_SECRET,
    MONITORING_ALERT_MINUTES: '0',
    NOTIFY_WORKER: 'false',
    // Stopping: readiness 503, then 2 s for HAProxy's checks (two failures 250 ms apart) to take the instance out.
    SHUTDOWN_DELAY_SECONDS: '2',
    SHUTDOWN_GRACE_SECONDS: '15',
    ...env,
  }));
  let p: Proxy;
  try {
    // The first alone (it migrates), then the others together.
    await instances[0]!.start();
    await Promise.all(instances.slice(1).map((i) => i.start()));
    p = await startHaproxy(instances.map((i) => ({ name: i.name, port: i.port })));
  } catch (err) {
    // Instances still starting are killed too (kill9 of one not started yet does nothing).
    await Promise.all(instances.map((i) => i.kill9()));
    throw err;
  }
  await waitUntil(async () => Object.values(await p.states()).filter((x) => x === 'UP').length === count, 30_000, 'every instance UP in HAProxy');
  return {
    proxy: p,
    instances,
    async rollingRestart(onEach) {
      for (const i of instances) {
        await i.stop();
        await i.start();
        // Back in HAProxy's rotation (two good checks) before the next one goes.
        await waitUntil(async () => (await p.states())[i.name] === 'UP', 30_000, `${i.name} back UP in HAProxy`);
        onEach?.(i);
      }
    },
    async close() {
      await p.close();
      await Promise.all(instances.map((i) => i.kill9()));
    },
  };
}
