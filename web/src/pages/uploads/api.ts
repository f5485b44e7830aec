/** The citizen's upload link: its state, and the one upload. The token stays in the page (from the link's #), never in an address sent. */
import { api, settle, write, type ApiData } from '../../api/client';

export type LinkView = ApiData<'/api/uploads/{id}/status', 'post'>;
export type Received = ApiData<'/api/uploads/{id}', 'post'>;

export async function linkStatus(id: string, token: string): Promise<LinkView> {
  return (await write((init) => api.POST('/api/uploads/{id}/status', { params: { path: { id } }, body: { token }, ...init }))).data;
}

export async function sendDocuments(id: string, token: string, files: readonly File[]): Promise<Received> {
  const form = new FormData();
  form.append('token', token);
  for (const f of files) form.append('files', f, f.name);
  // multipart/form-data, which the OpenAPI document does not describe (hence the cast); no time limit: files take the time they take.
  const request = api.POST('/api/uploads/{id}', { params: { path: { id } }, body: form as never });
  return (await settle(request, undefined, (status) => (status >= 500 ? 'server' : 'rejected'))).data;
}

export function formatSize(bytes: number, lang: 'it' | 'en'): string {
  const nf = new Intl.NumberFormat(lang === 'it' ? 'it-IT' : 'en-GB', { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${nf.format(bytes / 1024)} KB`;
  return `${nf.format(bytes / 1048576)} MB`;
}
