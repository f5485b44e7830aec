/**
 * The catalog capability as other capabilities use it: offices, desks and their calendars, read
 * through its repository. (Modules of the catalog itself import their own files directly.)
 */
export { listOfficeDirectory, type OfficeDirectoryEntry } from './catalog.repository.js';
