/**
 * Which telephony each office uses (table office_telephony), and the adapter instances.
 * Secrets are not stored in the database: an office's settings name the environment
 * variables that hold them (`apiKeyEnv`, `appSecretEnv`, `webhookSecretEnv`, `passwordEnv`).
 * Offices without a row use the default adapter (TELEPHONY_DEFAULT_ADAPTER).
 */
import type { Queryable } from '../../storage/db.js';
import { AsteriskTelephony } from './asterisk.js';
import { ManualTelephony } from './manual.js';
import { ADAPTER_KINDS, type AdapterKind, type CallSink, type TelephonyAdapter } from './port.js';
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
  configured: boolean;
  updatedAt: string | null;
}

export const DEFAULT_POLICY = { maxAttempts: 3, retryDelayMinutes: 3, retryWindowMinutes: 30, identityFlagFailures: 3 };

export async function officeTelephony(db: Queryable, officeId: string, defaultAdapter: AdapterKind): Promise<OfficeTelephony> {
  const r = await db.query<{
    adapter: AdapterKind; settings: Record<string, unknown>; max_attempts: number; retry_delay_minutes: number;
    retry_window_minutes: number; identity_flag_failures: number; second_level_desk_id: string | null; updated_at: Date;
  }>('SELECT * FROM office_telephony WHERE office_id = $1', [officeId]);
  const row = r.rows[0];
  if (!row) {
    return { officeId, adapter: defaultAdapter, settings: {}, ...DEFAULT_POLICY, secondLevelDeskId: null, configured: false, updatedAt: null };
  }
  return {
    officeId, adapter: row.adapter, settings: row.settings ?? {}, maxAttempts: row.max_attempts, retryDelayMinutes: row.retry_delay_minutes,
    retryWindowMinutes: row.retry_window_minutes, identityFlagFailures: row.identity_flag_failures,
    secondLevelDeskId: row.second_level_desk_id, configured: true, updatedAt: new Date(row.updated_at).toISOString(),
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
  secret(settings: Record<string, unknown>, name: string): string | undefined {
    const envName = s(settings[`${name}Env`]);
    return envName ? s(this.env[envName]) : undefined;
  }

  adapterFor(t: Pick<OfficeTelephony, 'officeId' | 'adapter' | 'settings' | 'updatedAt'>, override?: AdapterKind): TelephonyAdapter {
    const kind = override ?? t.adapter;
    if (kind === 'manual') return this.manual;
    const key = `${kind}:${t.updatedAt ?? ''}:${JSON.stringify(t.settings)}`;
    const cached = this.cache.get(t.officeId);
    if (cached && cached.key === key) return cached.adapter;
    if (cached) void cached.adapter.close();
    const adapter = this.create(kind, t.settings);
    this.cache.set(t.officeId, { key, adapter });
    return adapter;
  }

  private create(kind: Exclude<AdapterKind, 'manual'>, st: Record<string, unknown>): TelephonyAdapter {
    switch (kind) {
      case 'simulated':
        return new SimulatedTelephony(st as SimulatedSettings, this.sink, Math.random, this.now);
      case 'wildix': {
        const w: WildixSettings = {
          baseUrl: s(st.baseUrl) ?? 'http://127.0.0.1:1',
          auth: st.auth === 'jwt' ? 'jwt' : 'apiKey',
          apiKey: this.secret(st, 'apiKey'),
          appId: s(st.appId),
          appName: s(st.appName),
          appSecret: this.secret(st, 'appSecret'),
          historyZone: s(st.historyZone),
        };
        return new WildixTelephony(w);
      }
      case 'asterisk': {
        const a = new AsteriskTelephony({
          baseUrl: s(st.baseUrl) ?? 'http://127.0.0.1:8088',
          username: s(st.username) ?? 'sportello',
          password: this.secret(st, 'password') ?? '',
          app: s(st.app) ?? 'sportello',
          operatorEndpoint: s(st.operatorEndpoint),
          citizenEndpoint: s(st.citizenEndpoint),
          callerId: s(st.callerId),
        }, this.sink, this.log, (key) => this.claim(`asterisk:${key}`));
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
