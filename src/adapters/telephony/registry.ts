/**
 * Which telephony each office uses (table office_telephony), and the adapter instances.
 * Secrets are not stored in the database: an office's settings name the environment
 * variables that hold them (`apiKeyEnv`, `appSecretEnv`, `webhookSecretEnv`, `passwordEnv`).
 * Offices without a row use the default adapter (TELEPHONY_DEFAULT_ADAPTER).
 */
import type { Queryable } from '../../storage/db.js';
import { AsteriskTelephony } from './asterisk.js';
import { ManualTelephony } from './manual.js';
import { ADAPTER_KINDS, isInbound, TelephonyUnavailable, type AdapterKind, type CallSink, type TelephonyAdapter } from './port.js';
import { parseSettings } from './settings.js';
import { SimulatedTelephony, type SimulatedSettings } from './simulated.js';
import { WildixTelephony, type WildixSettings } from './wildix.js';

export interface OfficeTelephony {
  officeId: string;
  adapter: AdapterKind;
  settings: Record<string, unknown>;
  maxAttempts: number;
  retryDelayMinutes: number;
  retryWindowMinutes: number;
  identityFlagFailures: number;
  secondLevelDeskId: string | null;
  /** Manual mode: what the operator dials before the citizen's number to hide their own (e.g. #31#). */
  manualDialPrefix: string | null;
  /** Manual mode: the office's line to call from (e.g. the PBX app's line), in international form. */
  manualCallerLine: string | null;
  /** Calls may start this many minutes before the slot (migration 0017; the database refuses earlier ones). */
  earlyCallMinutes: number;
  configured: boolean;
  updatedAt: string | null;
}

export const DEFAULT_POLICY = { maxAttempts: 3, retryDelayMinutes: 3, retryWindowMinutes: 30, identityFlagFailures: 3, earlyCallMinutes: 2 };

export async function officeTelephony(db: Queryable, officeId: string, defaultAdapter: AdapterKind): Promise<OfficeTelephony> {
  const r = await db.query<{
    adapter: AdapterKind; settings: Record<string, unknown>; max_attempts: number; retry_delay_minutes: number;
    retry_window_minutes: number; identity_flag_failures: number; second_level_desk_id: string | null; updated_at: Date;
    manual_dial_prefix: string | null; manual_caller_line: string | null; early_call_minutes: number;
  }>('SELECT * FROM office_telephony WHERE office_id = $1', [officeId]);
  const row = r.rows[0];
  if (!row) {
    return { officeId, adapter: defaultAdapter, settings: {}, ...DEFAULT_POLICY, secondLevelDeskId: null, manualDialPrefix: null, manualCallerLine: null, configured: false, updatedAt: null };
  }
  return {
    officeId, adapter: row.adapter, settings: row.settings ?? {}, maxAttempts: row.max_attempts, retryDelayMinutes: row.retry_delay_minutes,
    retryWindowMinutes: row.retry_window_minutes, identityFlagFailures: row.identity_flag_failures,
    secondLevelDeskId: row.second_level_desk_id, manualDialPrefix: row.manual_dial_prefix, manualCallerLine: row.manual_caller_line, earlyCallMinutes: row.early_call_minutes, configured: true, updatedAt: new Date(row.updated_at).toISOString(),
  };
}

const s = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export class TelephonyRegistry {
  private readonly cache = new Map<string, { key: string; adapter: TelephonyAdapter }>();
  private readonly manual = new ManualTelephony();

  constructor(
    readonly defaultAdapter: AdapterKind,
    private readonly sink: CallSink,
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly log: (msg: string, err?: unknown) => void = () => undefined,
    private readonly now: () => number = Date.now,
    /** Once-only claims across instances (e.g. who bridges an Asterisk call). */
    private readonly claim: (key: string) => Promise<boolean> = async () => true,
  ) {}

  /** A secret named by an office setting (`<name>Env` → that environment variable). */
  secret(settings: object, name: string): string | undefined {
    const envName = s((settings as Record<string, unknown>)[`${name}Env`]);
    return envName ? s(this.env[envName]) : undefined;
  }

  adapterFor(t: Pick<OfficeTelephony, 'officeId' | 'adapter' | 'settings' | 'updatedAt'>, override?: AdapterKind): TelephonyAdapter {
    const kind = override ?? t.adapter;
    if (kind === 'manual') return this.manual;
    const key = `${kind}:${t.updatedAt ?? ''}:${JSON.stringify(t.settings)}`;
    const cached = this.cache.get(t.officeId);
    if (cached && cached.key === key) return cached.adapter;
    if (cached) void cached.adapter.close();
    // Incoming calls carry the office whose PBX reported them.
    const sink: CallSink = (u) => this.sink(isInbound(u) ? { ...u, officeId: t.officeId } : u);
    const adapter = this.create(kind, t.settings, sink);
    this.cache.set(t.officeId, { key, adapter });
    return adapter;
  }

  private create(kind: Exclude<AdapterKind, 'manual'>, st: Record<string, unknown>, sink: CallSink): TelephonyAdapter {
    // The same schema as the route that saved them: what was accepted is what is read.
    const parsed = parseSettings(kind, st);
    if (!parsed.ok) {
      const fields = parsed.error.fields.map((f) => f.path).join(', ');
      throw new TelephonyUnavailable(kind, `the office's settings are not valid for ${kind} (${fields}): save them again from the office page`);
    }
    switch (kind) {
      case 'simulated':
        return new SimulatedTelephony(parsed.value as SimulatedSettings, sink, Math.random, this.now);
      case 'wildix': {
        const w = parseSettings('wildix', st);
        if (!w.ok) throw w.error;
        const v = w.value;
        const settings: WildixSettings = {
          baseUrl: v.baseUrl, auth: v.auth, apiKey: this.secret(v, 'apiKey'), appId: v.appId, appName: v.appName,
          appSecret: this.secret(v, 'appSecret'), historyZone: v.historyZone,
          missingSecret: v.auth === 'apiKey' ? (this.secret(v, 'apiKey') ? undefined : v.apiKeyEnv) : (this.secret(v, 'appSecret') ? undefined : v.appSecretEnv),
        };
        return new WildixTelephony(settings);
      }
      case 'asterisk': {
        const p = parseSettings('asterisk', st);
        if (!p.ok) throw p.error;
        const v = p.value;
        const password = this.secret(v, 'password');
        const a = new AsteriskTelephony({
          baseUrl: v.baseUrl, username: v.username, password: password ?? '', app: v.app,
          operatorEndpoint: v.operatorEndpoint, citizenEndpoint: v.citizenEndpoint, callerId: v.callerId, ringSeconds: v.ringSeconds,
          missingSecret: password ? undefined : v.passwordEnv,
        }, sink, this.log, (key) => this.claim(`asterisk:${key}`));
        void a.connect();
        return a;
      }
    }
  }

  async closeAll(): Promise<void> {
    const all = [...this.cache.values()];
    this.cache.clear();
    await Promise.all(all.map((c) => c.adapter.close().catch(() => undefined)));
  }
}

export function isAdapterKind(v: unknown): v is AdapterKind {
  return typeof v === 'string' && (ADAPTER_KINDS as readonly string[]).includes(v);
}
