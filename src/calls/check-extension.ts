import { officeTelephony } from '../adapters/telephony/registry.js';
import { TelephonyUnavailable, type ExtensionCheck } from '../adapters/telephony/port.js';
import { AppError } from '../domain/errors.js';
import type { CallsDeps } from './deps.js';

/**
 * The operator's extension against the user list of each office's PBX, where its API offers
 * one (Wildix Colleagues, Asterisk endpoints). An extension the PBX does not have is refused
 * at sign-on; one that could not be checked (no list, PBX not answering) is accepted and
 * checked by the first call, which then says plainly that the extension is unknown.
 * Returns, per office, whether the PBX confirmed the extension.
 */
export async function checkExtension(deps: CallsDeps, officeIds: string[], extension: string | undefined): Promise<Map<string, ExtensionCheck | null>> {
  const out = new Map<string, ExtensionCheck | null>();
  for (const officeId of new Set(officeIds)) {
    if (!extension) {
      out.set(officeId, null);
      continue;
    }
    const tel = await officeTelephony(deps.db, officeId, deps.defaultAdapter);
    let check: ExtensionCheck | null;
    try {
      const adapter = deps.telephony.adapterFor(tel);
      check = adapter.checkExtension ? await adapter.checkExtension(extension) : null;
    } catch (err) {
      if (!(err instanceof TelephonyUnavailable)) throw err;
      check = { status: 'unchecked', detail: err.reason };
    }
    if (check?.status === 'unknown') {
      throw new AppError(422, 'extension_unknown', {
        it: `Il centralino della sede non ha l'interno ${extension}: controlla il numero del tuo interno.`,
        en: `The office's phone system has no extension ${extension}: check your extension number.`,
      }, [{ path: 'extension', code: 'extension_unknown', it: 'Interno sconosciuto al centralino.', en: 'Extension unknown to the PBX.' }], { officeId });
    }
    out.set(officeId, check);
  }
  return out;
}
