/** The citizen's upload link: its state, and the one upload. The token stays in the page (from the link's #), never in an address sent. */
import { ApiError, send } from '../../api/client';
import type { Problem } from '../../api/types';

export interface LinkView {
  state: 'open' | 'used' | 'expired';
  code: string;
  desk: string;
  deskEn: string;
  office: string;
  documents: { it: string; en: string }[];
  expiresAt: string;
  usedAt: string | null;
  received: number;
  maxFiles: number;
  maxBytes: number;
}

export interface Received {
  receivedAt: string;
  files: { name: string; mediaType: string; size: number; sha256: string }[];
}

export async function linkStatus(id: string, token: string): Promise<LinkView> {
  return (await send<LinkView>('POST', `/api/uploads/${encodeURIComponent(id)}/status`, { body: { token } })).data;
}

export async function sendDocuments(id: string, token: string, files: readonly File[]): Promise<Received> {
  const form = new FormData();
  form.append('token', token);
  for (const f of files) form.append('files', f, f.name);
  let res: Response;
  try {
    res = await fetch(`/api/uploads/${encodeURIComponent(id)}`, { method: 'POST', headers: { Accept: 'application/json' }, body: form });
  } catch {
    throw new ApiError('network', null, null);
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  if (!res.ok) throw new ApiError(res.status >= 500 ? 'server' : 'rejected', res.status, (json as Problem | null) ?? null);
  return json as Received;
}

export function formatSize(bytes: number, lang: 'it' | 'en'): string {
  const nf = new Intl.NumberFormat(lang === 'it' ? 'it-IT' : 'en-GB', { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${nf.format(bytes / 1024)} KB`;
  return `${nf.format(bytes / 1048576)} MB`;
}
