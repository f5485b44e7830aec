/** The drawer's API for the web screens (docs/drawer.md); its shapes the server's own, generated. */
import type { ApiData, ApiItem, Fetched } from '../../api/client';
import { staff, staffApi } from '../../staff/api';

export const CONSULTANT_ROLES = ['labour_consultant'];
export const OFFICE_ROLES = ['desk_operator', 'office_admin', 'regional_admin'];
export const MAX_FILES = 5;
export const ACCEPT = 'application/pdf,image/jpeg,image/png,.p7m,application/pkcs7-mime';

export type ThreadSummary = ApiItem<'/api/drawer/threads'>;
export type ThreadState = ThreadSummary['state'];
export type Outcome = NonNullable<ThreadSummary['outcome']>;
export const OUTCOMES: Outcome[] = ['resolved', 'rejected', 'not_competent', 'withdrawn'];

export type ThreadView = ApiData<'/api/drawer/threads/{id}'>;
export type Message = ThreadView['messages'][number];
export type Attachment = Message['attachments'][number];
export type Company = ApiItem<'/api/drawer/companies'>;
export type SubjectArea = ApiItem<'/api/drawer/subjects'>;

/** Sends text fields and documents as multipart/form-data through `staffApi` (the CSRF token in its header). */
export async function upload<T>(path: string, fields: Record<string, string>, files: readonly File[]): Promise<T> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append('files', f, f.name);
  // multipart/form-data, which the OpenAPI document does not describe (hence the casts).
  return staff<T>(staffApi.POST(path as never, { body: form } as never) as Promise<Fetched<T>>);
}

export function formatSize(bytes: number, lang: 'it' | 'en'): string {
  const nf = new Intl.NumberFormat(lang === 'it' ? 'it-IT' : 'en-GB', { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${nf.format(bytes / 1024)} KB`;
  return `${nf.format(bytes / 1048576)} MB`;
}
