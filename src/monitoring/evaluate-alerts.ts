import type { AlertCode } from '../domain/monitoring/alerts.js';
import { findOfflineStations, offerPhoneInstead } from '../stations/index.js';
import type { ChannelAdapter } from '../notifications/index.js';
import type { NotificationKind } from '../notifications/index.js';
import type { Actor } from '../policy/index.js';
import type { JobRuns } from '../platform/job-runs.js';
import { settingsForDesks } from './alert-settings.js';
import type { MonitoringDeps } from './deps.js';
import { alertsOfDesks, firstFreeSlots, todayOf } from './get-live-figures.js';
import { loadActivity } from './load-activity.js';
import { desksUnder, type DeskRow } from './monitoring.repository.js';
import { resolveScope, scopeView } from './resolve-scope.js';
import { rollUpClosedDays } from './roll-up-days.js';

export interface EvaluationResult {
  open: number;
  /** Station appointments newly turned into phone calls (their station offline in its hours). */
  phoneInstead: number;
  started: number;
  ended: number;
  emailed: number;
}

/**
 * The alert job's step: evaluates every active desk of every region on today's figures and
 * first free slots; an alert that starts gets a row (one open row per code and desk), one
 * that no longer holds is ended, and every started alert is e-mailed once to the recipients
 * in force for its desk (claimed before sending; a failed send is retried at the next run).
 */
export async function evaluateAlerts(deps: MonitoringDeps, email?: ChannelAdapter): Promise<EvaluationResult> {
  const regions = await deps.db.query<{ code: string }>('SELECT code FROM region ORDER BY code');
  const desks: DeskRow[] = [];
  for (const r of regions.rows) desks.push(...(await desksUnder(deps.db, 'region', r.code)));
  const today = todayOf(deps.now());
  const [activity, free, settings] = await Promise.all([
    loadActivity(deps, desks, today, today),
    firstFreeSlots(deps, desks),
    settingsForDesks(deps.db, desks),
  ]);
  const offline = await findOfflineStations(deps.db, deps.now());
  const found = await alertsOfDesks(deps, desks, activity, free, settings, offline);
  const result: EvaluationResult = { open: found.length, phoneInstead: 0, started: 0, ended: 0, emailed: 0 };
  // The next citizens of an offline station are told the operator phones them (once each).
  result.phoneInstead = await offerPhoneInstead(deps.db, deps.now(), offline);
  await deps.db.transaction(async (tx) => {
    for (const a of found) {
      const r = await tx.query<{ inserted: boolean }>(
        `INSERT INTO monitoring_alert (code, desk_id, level, value, threshold, message_it, message_en, since, seen_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
         ON CONFLICT (code, desk_id) WHERE ended_at IS NULL
         DO UPDATE SET level = EXCLUDED.level, value = EXCLUDED.value, threshold = EXCLUDED.threshold,
                       message_it = EXCLUDED.message_it, message_en = EXCLUDED.message_en, seen_at = EXCLUDED.seen_at
         RETURNING (xmax = 0) AS inserted`,
        [a.code, a.scope.id, a.level, a.value, a.threshold, a.message.it, a.message.en, new Date(deps.now())],
      );
      if (r.rows[0]?.inserted) result.started += 1;
    }
    const keep = found.map((a) => `${a.code}|${a.scope.id}`);
    const ended = await tx.query(
      `UPDATE monitoring_alert SET ended_at = $2
        WHERE ended_at IS NULL AND NOT ((code || '|' || desk_id::text) = ANY($1::text[]))`,
      [keep, new Date(deps.now())],
    );
    result.ended = ended.rowCount;
  });
  if (email) result.emailed = await emailNewAlerts(deps, email, settings);
  return result;
}

/** E-mails each open alert not e-mailed yet, once, to the recipients of its desk's settings. */
async function emailNewAlerts(deps: MonitoringDeps, email: ChannelAdapter, settings: Awaited<ReturnType<typeof settingsForDesks>>): Promise<number> {
  const pending = await deps.db.query<{ id: string; deskId: string; level: string; it: string; en: string }>(
    `SELECT id::text, desk_id AS "deskId", level, message_it AS it, message_en AS en
       FROM monitoring_alert WHERE ended_at IS NULL AND emailed_at IS NULL ORDER BY id`,
  );
  let sent = 0;
  for (const a of pending.rows) {
    const to = settings.get(a.deskId)?.emails ?? [];
    // Claimed first: two instances never send the same alert.
    const claim = await deps.db.query('UPDATE monitoring_alert SET emailed_at = now(), email_error = NULL WHERE id = $1 AND emailed_at IS NULL', [a.id]);
    if (claim.rowCount === 0 || to.length === 0) continue;
    const errors: string[] = [];
    for (const address of to) {
      const r = await email.send({
        jobId: `monitoring-alert-${a.id}-${address.replace(/[^a-z0-9]/gi, '.')}`,
        // Not a citizen notification: the header names it as a monitoring alert.
        kind: 'monitoring_alert' as NotificationKind,
        language: 'it',
        to: address,
        subject: `[Sportello] ${a.level === 'danger' ? 'Allarme' : 'Avviso'}: ${a.it}`,
        text: `${a.it}\n\n${a.en}\n\n— Sportello, monitoraggio URP`,
      });
      if (r.ok) sent += 1;
      else errors.push(`${address}: ${r.error}`);
    }
    if (errors.length) {
      // Transient failures are tried again at the next run; a permanent one is kept as the error.
      await deps.db.query('UPDATE monitoring_alert SET emailed_at = NULL, email_error = $2 WHERE id = $1', [a.id, errors.join('; ').slice(0, 500)]);
    }
  }
  return sent;
}

/** Open alerts of the desks under a node, newest first, with when they started. */
export async function listOpenAlerts(deps: MonitoringDeps, actor: Actor, scope: string | undefined) {
  const node = await resolveScope(deps.db, actor, 'staff.monitoring.read', scope);
  const desks = await desksUnder(deps.db, node.level, node.id);
  const byId = new Map(desks.map((d) => [d.deskId, d]));
  const r = await deps.db.query<{ code: AlertCode; deskId: string; level: 'warning' | 'danger'; value: number; threshold: number; it: string; en: string; since: Date }>(
    `SELECT code, desk_id AS "deskId", level, value, threshold, message_it AS it, message_en AS en, since
       FROM monitoring_alert WHERE ended_at IS NULL AND desk_id = ANY($1::uuid[]) ORDER BY since DESC, id DESC`,
    [desks.map((d) => d.deskId)],
  );
  return {
    scope: scopeView(node),
    alerts: r.rows.map((a) => ({
      code: a.code, level: a.level, scope: { level: 'desk' as const, id: a.deskId, name: byId.get(a.deskId)!.deskName },
      value: Number(a.value), threshold: Number(a.threshold), message: { it: a.it, en: a.en }, since: new Date(a.since).toISOString(),
    })),
  };
}

export interface MonitoringJob {
  close(): Promise<void>;
}

/**
 * Runs in the server: every `intervalMs` evaluates the alerts (e-mails the new ones) and,
 * once an hour, rolls up the closed days.
 */
export function startMonitoringJob(deps: MonitoringDeps, o: {
  email?: ChannelAdapter | undefined;
  intervalMs?: number;
  rollupEveryMs?: number;
  log: { error(o: object, msg: string): void };
  /** Whether this instance has the job's turn (one instance at a time, platform/job-lease.ts); default always. */
  turn?: (leaseMs: number) => Promise<boolean>;
  /** Where its runs are counted (/metrics). */
  jobs?: JobRuns | undefined;
}): MonitoringJob {
  let lastRollup = 0;
  let running: Promise<void> | null = null;
  const step = async () => {
    if (o.turn && !(await o.turn(2 * (o.intervalMs ?? 180_000)))) return;
    const work = async () => {
      if (deps.now() - lastRollup >= (o.rollupEveryMs ?? 3_600_000)) {
        await rollUpClosedDays(deps);
        lastRollup = deps.now();
      }
      await evaluateAlerts(deps, o.email);
    };
    await (o.jobs ? o.jobs.run('monitoring', work) : work());
  };
  const tick = () => {
    if (running) return;
    running = step().catch((err: unknown) => o.log.error({ err }, 'monitoring job failed')).finally(() => {
      running = null;
    });
  };
  const timer = setInterval(tick, o.intervalMs ?? 180_000);
  timer.unref();
  setTimeout(tick, 1_000).unref();
  return {
    async close() {
      clearInterval(timer);
      await running;
      await o.email?.close();
    },
  };
}

