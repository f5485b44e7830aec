import type { Bilingual } from '../domain/errors.js';
import { officeTelephony } from '../adapters/telephony/registry.js';
import { TelephonyUnavailable, type ProbeResult } from '../adapters/telephony/port.js';
import { placeOfOffice } from '../users/index.js';
import { authorize, type Actor } from '../policy/index.js';
import { isUuid } from './calls.repository.js';
import { callErrors, type CallsDeps } from './deps.js';
import type { z } from 'zod';
import type { connectionReport } from './routes.schema.js';

type Staff = Extract<Actor, { kind: 'staff' }>;

/** What "test the connection" found: the routes' `connectionReport`. */
export type ConnectionReport = z.output<typeof connectionReport>;

function words(adapter: string, p: ProbeResult | { status: 'nothing_to_reach' | 'invalid_settings'; detail?: string }): Bilingual {
  switch (p.status) {
    case 'ok': {
      const v = 'version' in p && p.version ? ` (versione ${p.version})` : '';
      const ve = 'version' in p && p.version ? ` (version ${p.version})` : '';
      const u = 'users' in p && p.users !== undefined ? ` ${p.users} utenti nel centralino.` : '';
      const ue = 'users' in p && p.users !== undefined ? ` ${p.users} users on the PBX.` : '';
      return { it: `Collegamento riuscito: il centralino ${adapter}${v} risponde e accetta le credenziali.${u}`, en: `Connection works: the ${adapter} PBX${ve} answers and accepts the credentials.${ue}` };
    }
    case 'unreachable':
      return { it: `Il centralino non è raggiungibile: controlla l'indirizzo (baseUrl) e che il server possa raggiungerlo.`, en: 'The PBX cannot be reached: check the address (baseUrl) and that the server can reach it.' };
    case 'refused':
      return { it: 'Il centralino risponde ma rifiuta le credenziali (o la chiave non ha i permessi per le chiamate).', en: 'The PBX answers but refuses the credentials (or the key lacks the call permissions).' };
    case 'not_configured':
      return { it: `Manca la credenziale sul server: la variabile d'ambiente ${p.detail ?? ''} non è impostata.`, en: `The credential is missing on the server: the environment variable ${p.detail ?? ''} is not set.` };
    case 'unexpected':
      return { it: 'Il centralino ha dato una risposta inattesa: vedi il dettaglio tecnico.', en: 'The PBX gave an unexpected answer: see the technical detail.' };
    case 'invalid_settings':
      return { it: 'Le impostazioni salvate non sono valide per questo centralino: salvale di nuovo.', en: 'The saved settings are not valid for this phone system: save them again.' };
    case 'nothing_to_reach':
      return { it: 'Con questa modalità non c’è un centralino da collegare.', en: 'In this mode there is no PBX to connect to.' };
  }
}

/**
 * "Test the connection": reaches the office's PBX with its saved settings and credentials and
 * says what it found in plain words; with an extension, whether the PBX's user list has it.
 */
export async function testTelephony(deps: CallsDeps, actor: Staff, officeId: string, input: { extension?: string | undefined }): Promise<ConnectionReport> {
  const place = isUuid(officeId) ? await placeOfOffice(deps.db, officeId) : null;
  if (!place) throw callErrors.officeNotFound();
  authorize(actor, 'staff.catalog.write', place);
  const tel = await officeTelephony(deps.db, officeId, deps.defaultAdapter);
  const base = { adapter: tel.adapter, version: null, users: null, extension: null, detail: null };
  let adapter;
  try {
    adapter = deps.telephony.adapterFor(tel);
  } catch (err) {
    if (!(err instanceof TelephonyUnavailable)) throw err;
    return { ...base, status: 'invalid_settings', message: words(tel.adapter, { status: 'invalid_settings' }), detail: err.reason };
  }
  if (!adapter.probe) return { ...base, status: 'nothing_to_reach', message: words(tel.adapter, { status: 'nothing_to_reach' }) };
  const p = await adapter.probe();
  const report: ConnectionReport = {
    ...base, status: p.status, message: words(tel.adapter, p),
    version: p.status === 'ok' ? (p.version ?? null) : null, users: p.status === 'ok' ? (p.users ?? null) : null,
    detail: p.status === 'ok' ? null : p.detail,
  };
  if (p.status === 'ok' && input.extension && adapter.checkExtension) {
    const c = await adapter.checkExtension(input.extension);
    report.extension = { value: input.extension, status: c.status };
    const more = c.status === 'known'
      ? { it: ` L'interno ${input.extension} esiste.`, en: ` Extension ${input.extension} exists.` }
      : c.status === 'unknown'
        ? { it: ` L'interno ${input.extension} non esiste nel centralino.`, en: ` Extension ${input.extension} does not exist on the PBX.` }
        : { it: ` Il centralino non offre l'elenco degli utenti: l'interno ${input.extension} si verifica alla prima chiamata.`, en: ` The PBX offers no user list: extension ${input.extension} is checked at the first call.` };
    report.message = { it: report.message.it + more.it, en: report.message.en + more.en };
  }
  return report;
}
