/** The drawer's API for the web screens (docs/drawer.md). */
import { AdminApiError, currentCsrf, type Problem } from '../../staff/api';

export const CONSULTANT_ROLES = ['labour_consultant'];
export const OFFICE_ROLES = ['desk_operator', 'office_admin', 'regional_admin'];
export const MAX_FILES = 5;
export const ACCEPT = 'application/pdf,image/jpeg,image/png,.p7m,application/pkcs7-mime';

export type ThreadState = 'open' | 'in_charge' | 'closed';
export type Outcome = 'resolved' | 'rejected' | 'not_competent' | 'withdrawn';
export const OUTCOMES: Outcome[] = ['resolved', 'rejected', 'not_competent', 'withdrawn'];

export interface ThreadSummary {
  id: string;
  protocol: string;
  state: ThreadState;
  title: string;
  company: { id: string; matricola: string; name: string };
  subject: { id: string; key: string; it: string; en: string; areaIt: string; areaEn: string };
  office: { id: string; code: string; name: string };
  desk: { id: string; it: string; en: string } | null;
  consultant: { id: string; name: string } | null;
  assignee: { id: string; name: string } | null;
  outcome: Outcome | null;
  outcomeNote: string | null;
  registeredAt: string;
  dueAt: string;
  overdue: boolean;
  takenAt: string | null;
  firstAnswerAt: string | null;
  closedAt: string | null;
  lastActivityAt: string;
}

export interface Attachment {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
}

export interface Message {
  id: string;
  authorKind: 'consultant' | 'staff';
  authorName: string | null;
  internal: boolean;
  body: string;
  createdAt: string;
  attachments: Attachment[];
}

export interface ThreadView extends ThreadSummary {
  messages: Message[];
}

export interface Company {
  id: string;
  matricola: string;
  name: string;
  officeId: string;
  officeName: string;
  open: number;
  inCharge: number;
}

export interface SubjectArea {
  id: string;
  key: string;
  it: string;
  en: string;
  subjects: { id: string; key: string; it: string; en: string; slaDays: number }[];
}

/** Sends text fields and documents as multipart/form-data (the CSRF token in its header). */
export async function upload<T>(path: string, fields: Record<string, string>, files: readonly File[]): Promise<T> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append('files', f, f.name);
  const headers: Record<string, string> = { Accept: 'application/json' };
  const csrf = currentCsrf();
  if (csrf) headers['X-CSRF-Token'] = csrf;
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', headers, body: form, credentials: 'same-origin' });
  } catch {
    throw new AdminApiError(0, null);
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  if (!res.ok) throw new AdminApiError(res.status, (json as Problem | null) ?? null);
  return json as T;
}

export function formatSize(bytes: number, lang: 'it' | 'en'): string {
  const nf = new Intl.NumberFormat(lang === 'it' ? 'it-IT' : 'en-GB', { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${nf.format(bytes / 1024)} KB`;
  return `${nf.format(bytes / 1048576)} MB`;
}
