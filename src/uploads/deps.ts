import type { DocumentSettings } from '../documents/index.js';
import type { Db } from '../storage/db.js';

/** What the citizen's uploads need: the database, the server's clock, the document rules. */
export interface UploadsDeps {
  db: Db;
  now: () => number;
  documents: DocumentSettings;
}
