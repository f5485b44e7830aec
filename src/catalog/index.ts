/**
 * The catalog capability as other capabilities use it: offices, desks and their calendars, read
 * through its repository. (Modules of the catalog itself import their own files directly.)
 */
export { listOfficeDirectory, type OfficeDirectoryEntry } from './catalog.repository.js';
export { getAbsences, getDeskPlace, getDeskSchedule, getRosterShifts } from './catalog.repository.js';
export type { DeskPlace } from './catalog.repository.js';
export { exceptionSchema, openingSchema } from './office-file.schema.js';
export { changesRegionOrProvinces, importOffices } from './import-offices.js';
export { parseOfficeFile } from './parse-office-file.js';
export { municipalityNamed } from './municipalities.js';
