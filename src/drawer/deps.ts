import type { DocumentSettings } from '../documents/index.js';
import type { Db } from '../storage/db.js';

/** What the drawer's use cases need: the database, the server's clock, the document rules. */
export interface DrawerDeps {
  db: Db;
  now: () => number;
  documents: DocumentSettings;
}
