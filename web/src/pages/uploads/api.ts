/** The citizen's upload link: its state, and the one upload. The token stays in the page (from the link's #), never in an address sent. */
import { AdminApiError, api, write, type ApiData, type Problem } from '../../api/client';

export type LinkView = ApiData<'/api/uploads/{id}/status', 'post'>;
export type Received = ApiData<'/api/uploads/{id}', 'post'>;

export async function linkStatus(id: string, token: string): Promise<LinkView> {
  return (await write((init) => api.POST('/api/uploads/{id}/status', { params: { path: { id } }, body: { token }, ...init }))).data;
}

export async function sendDocuments(id: string, token: string, files: readonly File[]): Promise<Received> {
  const form = new FormData();
  form.append('token', token);
  for (const f of files) form.append('files', f, f.name);
  let res: Response;
  try {
    res = await fetch(`/api/uploads/${encodeURIComponent(id)}`, { method: 'POST', headers: { Accept: 'application/json' }, body: form });
  } catch {
    throw new AdminApiError(0, null, 'network');
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  if (!res.ok) throw new AdminApiError(res.status, (json as Problem | null) ?? null, res.status >= 500 ? 'server' : 'rejected');
  return json as Received;
}

export function formatSize(bytes: number, lang: 'it' | 'en'): string {
  const nf = new Intl.NumberFormat(lang === 'it' ? 'it-IT' : 'en-GB', { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${nf.format(bytes / 1024)} KB`;
  return `${nf.format(bytes / 1048576)} MB`;
}
