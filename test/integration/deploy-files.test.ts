// Issue 22 §4: the container image and the compose file. No container runtime runs on this
// machine (docker client only, no daemon), so what can be checked here is checked: the image
// runs the production command that CI runs on every fresh clone (scripts/check-prod-build.sh),
// as a non-root user, with a health check on /readyz; the compose file's instances use only
// settings the server knows and that parse; HAProxy accepts the proxy's configuration, and its
// rules are those of the proxy the cluster tests run (test/support/cluster.ts).
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_NAMES, loadConfig } from '../../src/platform/config.js';
import { haproxyConfig } from '../support/cluster.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const PROD_COMMAND = ['node', 'dist/server/cli.js', 'serve'];

describe('container image (deploy/Dockerfile)', () => {
  const lines = read('deploy/Dockerfile').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
  const instruction = (name: string) => lines.filter((l) => l.startsWith(`${name} `));

  it('builds in one stage and runs from another, with runtime dependencies only', () => {
    expect(instruction('FROM').length).toBe(2);
    expect(instruction('FROM')[0]).toMatch(/^FROM node:20\S* AS build$/);
    expect(lines.some((l) => /npm ci --omit=dev/.test(l))).toBe(true);
    expect(lines.some((l) => /COPY --from=build \/app\/dist \.\/dist/.test(l))).toBe(true);
  });

  it('runs the production command that CI checks, as the non-root node user, checked on /readyz', () => {
    expect(JSON.parse(instruction('CMD')[0]!.slice(4))).toEqual(PROD_COMMAND);
    expect(JSON.parse(read('package.json')).scripts['start:prod']).toBe(PROD_COMMAND.join(' '));
    expect(read('scripts/check-prod-build.sh')).toContain(`exec ${PROD_COMMAND.join(' ')}`);
    expect(instruction('USER')).toEqual(['USER node']);
    const health = read('deploy/Dockerfile').match(/HEALTHCHECK[^\n]*\\\n\s*CMD (\[.*\])/);
    expect(health?.[1]).toContain('/readyz');
  });
});

describe('compose file (deploy/compose.yaml)', () => {
  const compose = parse(read('deploy/compose.yaml'), { merge: true }) as { services: Record<string, any> };
  const apps = ['app1', 'app2', 'app3'];

  it('three instances of the image behind the proxy, a primary and its replica, Redis and a mail catcher', () => {
    expect(Object.keys(compose.services).sort()).toEqual([...apps, 'mailpit', 'postgres', 'postgres-replica', 'proxy', 'redis'].sort());
    for (const name of apps) expect(compose.services[name].build.dockerfile).toBe('deploy/Dockerfile');
    expect(compose.services.proxy.volumes).toContain('./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro');
    expect(compose.services['postgres-replica'].entrypoint).toEqual(['bash', '/replica-start.sh']);
    expect(read('deploy/postgres/replica-start.sh')).toMatch(/pg_basebackup .*\n?.*-R/);
    for (const script of ['deploy/postgres/replica-start.sh', 'deploy/postgres/primary-init.sh']) {
      expect(spawnSync('bash', ['-n', new URL(`../../${script}`, import.meta.url).pathname]).status).toBe(0);
    }
  });

  it('the instances use only settings the server knows, and they parse (production, PostgreSQL and its replica, Redis, SMTP)', () => {
    const env: Record<string, string> = compose.services.app1.environment;
    for (const name of Object.keys(env)) expect(CONFIG_NAMES).toContain(name);
    // ${VAR:-default} and ${VAR:?message} as compose fills them in, with a secret for AUTH_SECRET.
    const filled = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)
      .replace(/\$\{AUTH_SECRET:\?[^}]*\}/, 'x'.repeat(48))
      .replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1')]));
    const config = loadConfig(filled);
    expect([config.NODE_ENV, config.PORT, config.DATABASE_URL, config.DATABASE_REPLICA_URL, config.REDIS_URL, config.SMTP_URL]).toEqual([
      'production', 3000, 'postgres://sportello:sportello@postgres:5432/sportello', 'postgres://sportello:sportello@postgres-replica:5432/sportello',
      'redis://redis:6379', 'smtp://mailpit:1025',
    ]);
    for (const name of apps.slice(1)) expect(compose.services[name].environment).toEqual(env);
  });
});

describe('proxy configuration (deploy/haproxy.cfg)', () => {
  /** Directive lines of a section, without comments and without what differs by place (addresses, servers, sizes). */
  const directives = (cfg: string, section: string) => {
    const out: string[] = [];
    let inside = false;
    for (const raw of cfg.split('\n')) {
      const line = raw.replace(/#.*$/, '').trimEnd();
      if (!line.trim()) continue;
      if (!/^\s/.test(line)) { inside = line.split(/\s+/)[0] === section; continue; }
      const d = line.trim();
      if (inside && !/^(bind|server|default-server|maxconn|stats) /.test(d)) out.push(d);
    }
    return out;
  };

  it('HAProxy accepts it', () => {
    const r = spawnSync('haproxy', ['-c', '-f', new URL('../../deploy/haproxy.cfg', import.meta.url).pathname], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toContain('Configuration file is valid');
    expect(r.status).toBe(0);
  });

  it('has the rules of the proxy the cluster tests run (checks, retries, replays, X-Forwarded-For)', () => {
    const deployed = read('deploy/haproxy.cfg');
    const tested = haproxyConfig(8080, [{ name: 'app1', port: 3000 }]);
    for (const section of ['defaults', 'frontend', 'backend']) {
      expect(directives(tested, section).length).toBeGreaterThan(2);
      expect(directives(deployed, section)).toEqual(directives(tested, section));
    }
    expect(execFileSync('haproxy', ['-v'], { encoding: 'utf8' })).toMatch(/HAProxy version 2\./);
  });
});
