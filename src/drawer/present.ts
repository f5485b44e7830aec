/** From rows to the API's views (times ISO 8601 in Europe/Rome). */
import { isOverdue } from '../domain/drawer/thread.js';
import { toIsoWithOffset } from '../domain/schedule/zone.js';
import type { ThreadRow } from './drawer.repository.js';
import type { z } from 'zod';
import type * as s from './routes.schema.js';

const iso = (d: Date | null) => (d ? toIsoWithOffset(new Date(d).getTime()) : null);

/** A thread as the routes' `threadSummary` schema shows it. */
export type ThreadSummary = z.output<typeof s.threadSummary>;
/** A thread with its messages: the routes' `threadView`. */
export type ThreadView = z.output<typeof s.threadView>;

export function threadSummary(t: ThreadRow, nowMs: number, audience: 'staff' | 'consultant'): ThreadSummary {
  return {
    id: t.id,
    protocol: t.protocol,
    state: t.state,
    title: t.title,
    company: { id: t.companyId, matricola: t.matricola, name: t.companyName },
    subject: { id: t.subjectId, key: t.subjectKey, it: t.subjectIt, en: t.subjectEn, areaIt: t.areaIt, areaEn: t.areaEn },
    office: { id: t.officeId, code: t.officeCode, name: t.officeName },
    desk: t.deskId ? { id: t.deskId, it: t.deskNameIt ?? '', en: t.deskNameEn ?? '' } : null,
    consultant: audience === 'staff' && t.consultantId ? { id: t.consultantId, name: t.consultantName ?? '' } : null,
    assignee: audience === 'staff' && t.assigneeId ? { id: t.assigneeId, name: t.assigneeName ?? '' } : null,
    outcome: t.outcome,
    outcomeNote: t.outcomeNote,
    registeredAt: iso(t.registeredAt)!,
    dueAt: iso(t.dueAt)!,
    overdue: isOverdue({ state: t.state, dueAt: new Date(t.dueAt).getTime() }, nowMs),
    takenAt: iso(t.takenAt),
    firstAnswerAt: iso(t.firstAnswerAt),
    closedAt: iso(t.closedAt),
    lastActivityAt: iso(t.lastActivityAt)!,
  };
}
export { iso };
