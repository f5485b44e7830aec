/**
 * Demo staff accounts, one per role, for the embedded demo (documented in the README, "Demo accounts").
 * They are flagged `demo`; the server refuses to start with NODE_ENV=production while an
 * active demo account exists.
 */
import type { Role } from '../policy/index.js';
import type { Db } from '../storage/db.js';
import type { Secrets } from '../platform/crypto.js';
import { hashPassword } from './password.js';
import { createUser, replaceGrants, resolveGrantRefs } from './staff.repository.js';
import type { ScopeRef } from './role-mapping.js';

export const DEMO_PASSWORD = 'demo-sportello-2026';
/** TOTP secret of the demo admins (base32): add it to an authenticator app. */
export const DEMO_TOTP_SECRET = 'KRUGKIDJOMQGIZLNN4QHGZLDOJSXIIDU';

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  scope: ScopeRef;
  totp: boolean;
}

/** The provinces of the demo data (data/demo/lombardia-offices.json). */
export const DEMO_PATRONATO_PROVINCES = ['BG', 'BS', 'CO', 'CR', 'LC', 'LO', 'MN', 'MI', 'MB', 'PV', 'SO', 'VA'] as const;
/** `patronato.bg.1`: the demo operator of the n-th demo patronato of a province. */
export const demoPatronatoUsername = (provinceCode: string, n: number): string => `patronato.${provinceCode.toLowerCase()}.${n}`;

export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'admin.regione', displayName: 'Amministratore regionale (demo)', role: 'regional_admin', scope: { kind: 'region', code: 'LOM' }, totp: true },
  { username: 'admin.como', displayName: 'Amministratore sede di Como (demo)', role: 'office_admin', scope: { kind: 'office', code: 'CO01' }, totp: true },
  { username: 'urp.milano', displayName: 'URP Milano (demo)', role: 'urp_monitor', scope: { kind: 'province', code: 'MI' }, totp: false },
  { username: 'reception.bergamo', displayName: 'Numero provinciale di Bergamo (demo)', role: 'reception_agent', scope: { kind: 'province', code: 'BG' }, totp: false },
  { username: 'operatore.como', displayName: 'Operatore sede di Como (demo)', role: 'desk_operator', scope: { kind: 'office', code: 'CO01' }, totp: false },
  { username: 'patronato.milano', displayName: 'Patronato di Milano (demo)', role: 'patronato_operator', scope: { kind: 'province', code: 'MI' }, totp: false },
  { username: 'consulente.milano', displayName: 'Consulente del lavoro di Milano (demo)', role: 'labour_consultant', scope: { kind: 'province', code: 'MI' }, totp: false },
  { username: 'consulente.bianchi', displayName: 'Studio Bianchi, consulenti del lavoro (demo)', role: 'labour_consultant', scope: { kind: 'province', code: 'MI' }, totp: false },
  { username: 'operatore.milano', displayName: 'Operatore sede di Milano (demo)', role: 'desk_operator', scope: { kind: 'office', code: 'MI01' }, totp: false },
  { username: 'postazione.como', displayName: 'Postazione comunale di Como (demo)', role: 'station', scope: { kind: 'office', code: 'CO01' }, totp: false },
  // Two patronati per demo province, an operator each (linked to its organisation by src/patronati/seed-demo-patronati.ts).
  ...DEMO_PATRONATO_PROVINCES.flatMap((code) => [1, 2].map((n): DemoUser => ({
    username: demoPatronatoUsername(code, n), displayName: `Operatore patronato ${n} di ${code} (demo)`,
    role: 'patronato_operator', scope: { kind: 'province', code }, totp: false,
  }))),
];

/** Creates the demo accounts that do not exist yet (their places must exist: load the demo offices first). */
export async function seedDemoUsers(db: Db, secrets: Secrets): Promise<number> {
  const hash = await hashPassword(DEMO_PASSWORD);
  let created = 0;
  for (const u of DEMO_USERS) {
    await db.transaction(async (tx) => {
      const exists = await tx.query('SELECT 1 FROM staff_user WHERE lower(username) = lower($1)', [u.username]);
      if (exists.rows.length) return;
      const { grants } = await resolveGrantRefs(tx, [{ role: u.role, scope: u.scope }]);
      if (grants.length === 0) return; // the demo offices are not loaded
      const id = await createUser(tx, {
        username: u.username, displayName: u.displayName, passwordHash: hash, demo: true,
        totpSecret: u.totp ? secrets.encrypt(DEMO_TOTP_SECRET) : null,
      });
      await replaceGrants(tx, id, grants, 'local');
      created++;
    });
  }
  return created;
}

/** Active demo accounts (their credentials are public). */
export async function demoAccounts(db: Db): Promise<string[]> {
  const r = await db.query<{ username: string }>('SELECT username FROM staff_user WHERE demo AND active ORDER BY username');
  return r.rows.map((x) => x.username);
}

/** Production safety: refuses to serve while a demo credential or the development secret is in use. */
export async function assertProductionReady(db: Db, devSecret: boolean): Promise<void> {
  const problems: string[] = [];
  if (devSecret) problems.push('AUTH_SECRET is not set (the built-in development secret is public): set a random value of at least 32 characters');
  const demo = await demoAccounts(db);
  if (demo.length) {
    problems.push(`demo accounts with public credentials exist: ${demo.join(', ')} — delete or disable them (npm run sportello -- remove-demo-users)`);
  }
  if (problems.length) {
    throw new Error(`NODE_ENV=production: il server non parte / the server does not start:\n  - ${problems.join('\n  - ')}`);
  }
}

/** Disables every demo account and ends its sessions. */
export async function disableDemoUsers(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    const r = await tx.query<{ id: string }>('UPDATE staff_user SET active = false, password_hash = NULL, totp_secret = NULL, updated_at = now() WHERE demo AND active RETURNING id');
    await tx.query('DELETE FROM auth_session WHERE user_id = ANY($1::uuid[])', [r.rows.map((x) => x.id)]);
    return r.rows.length;
  });
}
