import { authorize, type Actor } from '../policy/index.js';
import type { Db } from '../storage/db.js';
import { TemplateSet, type StoredTemplate } from './template-store.js';
import { MANAGE } from './admin-shared.js';

export async function listTemplates(db: Db, actor: Actor): Promise<StoredTemplate[]> {
  authorize(actor, MANAGE, {});
  return (await TemplateSet.load(db)).all();
}
