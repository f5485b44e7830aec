/**
 * What each adapter reads from an office's telephony settings: one zod schema per adapter
 * kind, used by the route that saves them (a wrong or unknown key is refused, never saved as
 * "configured") and by the registry that builds the adapter (so what was accepted is what is
 * read). Secrets are never settings: a `…Env` key names the environment variable that holds one.
 */
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { zodProblems } from '../../platform/zod-problems.js';
import type { AdapterKind } from './port.js';

const custom = (code: string, it: string, en: string) => ({ message: en, params: { code, it } });

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,99}$/, custom('env_name', 'Nome di variabile d’ambiente non valido (lettere, cifre e _).', 'Not a valid environment variable name (letters, digits and _).'));
const httpUrl = z.string().trim().max(300).refine((v) => {
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.pathname.replace(/\/+$/, '') === '' && !u.search && !u.hash;
  } catch {
    return false;
  }
}, custom('base_url', 'Serve l’indirizzo del centralino senza percorso, per esempio https://sede.wildixin.com.', 'The PBX address without a path is needed, e.g. https://office.wildixin.com.'));
const extension = z.string().trim().regex(/^\+?[0-9A-Za-z*#._-]{1,40}$/, custom('extension', 'Interno non valido.', 'Not a valid extension.'));
/** Extensions whose incoming calls open the caller on the reception console. */
const receptionExtensions = z.array(extension).max(50).default([]);
const template = (placeholder: string) =>
  z.string().trim().min(3).max(120).refine((v) => v.includes(placeholder) && /^[A-Za-z0-9/_{}@.+-]+$/.test(v),
    custom('endpoint_template', `Deve contenere ${placeholder}, per esempio PJSIP/${placeholder}.`, `Must contain ${placeholder}, e.g. PJSIP/${placeholder}.`));

export const wildixSettingsSchema = z.strictObject({
  baseUrl: httpUrl,
  auth: z.enum(['apiKey', 'jwt']).default('apiKey'),
  apiKeyEnv: envName.optional(),
  appId: z.string().trim().min(1).max(100).optional(),
  appName: z.string().trim().min(1).max(100).optional(),
  appSecretEnv: envName.optional(),
  webhookSecretEnv: envName.optional(),
  historyZone: z.string().trim().min(1).max(60).refine((z) => Intl.supportedValuesOf('timeZone').includes(z) || z === 'UTC',
    custom('time_zone', 'Fuso orario sconosciuto (per esempio Europe/Rome).', 'Unknown time zone (e.g. Europe/Rome).')).optional(),
  receptionExtensions,
}).superRefine((s, ctx) => {
  if (s.auth === 'apiKey' && !s.apiKeyEnv) {
    ctx.addIssue({ code: 'custom', path: ['apiKeyEnv'], ...custom('required', 'Con auth "apiKey" serve apiKeyEnv: la variabile d’ambiente con la chiave wsk-v1-….', 'With auth "apiKey", apiKeyEnv is needed: the environment variable holding the wsk-v1-… key.') });
  }
  if (s.auth === 'jwt') {
    for (const k of ['appId', 'appName', 'appSecretEnv'] as const) {
      if (!s[k]) ctx.addIssue({ code: 'custom', path: [k], ...custom('required', `Con auth "jwt" serve ${k}.`, `With auth "jwt", ${k} is needed.`) });
    }
  }
});

export const asteriskSettingsSchema = z.strictObject({
  baseUrl: httpUrl,
  username: z.string().trim().min(1).max(100).default('sportello'),
  passwordEnv: envName,
  app: z.string().trim().regex(/^[A-Za-z0-9_-]{1,60}$/).default('sportello'),
  operatorEndpoint: template('{ext}').default('PJSIP/{ext}'),
  citizenEndpoint: template('{number}').default('PJSIP/{number}'),
  callerId: z.string().trim().regex(/^\+?[0-9]{3,20}$/, custom('caller_id', 'Numero non valido (solo cifre, con + facoltativo).', 'Not a valid number (digits only, optional +).')).optional(),
  ringSeconds: z.number().int().min(5).max(120).optional(),
  receptionExtensions,
});

export const simulatedSettingsSchema = z.strictObject({
  odds: z.strictObject({
    answer: z.number().min(0).max(1000).optional(), noAnswer: z.number().min(0).max(1000).optional(),
    busy: z.number().min(0).max(1000).optional(), fail: z.number().min(0).max(1000).optional(),
  }).optional(),
  ringAfterMs: z.number().int().min(0).max(60_000).optional(),
  resultAfterMs: z.number().int().min(0).max(120_000).optional(),
  talkMs: z.number().int().min(0).max(3_600_000).optional(),
  receptionExtensions,
});

export const manualSettingsSchema = z.strictObject({});

export const SETTINGS_SCHEMAS = {
  wildix: wildixSettingsSchema,
  asterisk: asteriskSettingsSchema,
  simulated: simulatedSettingsSchema,
  manual: manualSettingsSchema,
} as const satisfies Record<AdapterKind, z.ZodType>;

export type WildixOfficeSettings = z.output<typeof wildixSettingsSchema>;
export type AsteriskOfficeSettings = z.output<typeof asteriskSettingsSchema>;
export type SimulatedOfficeSettings = z.output<typeof simulatedSettingsSchema>;

/** The settings as the adapter of this kind reads them, or the field problems (paths under `settings.`). */
export function parseSettings<K extends AdapterKind>(kind: K, settings: unknown): { ok: true; value: z.output<(typeof SETTINGS_SCHEMAS)[K]> } | { ok: false; error: AppError } {
  const r = SETTINGS_SCHEMAS[kind].safeParse(settings ?? {});
  if (r.success) return { ok: true, value: r.data as z.output<(typeof SETTINGS_SCHEMAS)[K]> };
  return {
    ok: false,
    error: new AppError(422, 'invalid_settings', {
      it: `Le impostazioni non sono quelle che legge il centralino ${kind}: correggi i campi indicati.`,
      en: `The settings are not what the ${kind} phone system reads: correct the fields listed.`,
    }, zodProblems(r.error, ['settings'])),
  };
}

/** The reception extensions of an office's settings (any kind), for the inbound events. */
export function receptionExtensionsOf(settings: Record<string, unknown>): string[] {
  const v = settings.receptionExtensions;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
