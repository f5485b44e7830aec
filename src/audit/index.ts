/** What the audit capability (the audit log) offers the others (the only way in: .dependency-cruiser.cjs). */
export { homePlaceOf, recordAudit } from './audit.js';
export type { AuditEntry, AuditPlace } from './audit.js';
