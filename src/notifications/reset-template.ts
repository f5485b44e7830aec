import { authorize, type Actor } from '../policy/index.js';
import type { Db } from '../storage/db.js';
import type { Channel, Language, NotificationKind } from './kinds.js';
import { resetTemplate, TemplateSet, type StoredTemplate } from './template-store.js';
import { MANAGE } from './admin-shared.js';

export async function resetToDefault(db: Db, actor: Actor, key: { kind: NotificationKind; language: Language; channel: Channel }): Promise<StoredTemplate> {
  authorize(actor, MANAGE, {});
  await resetTemplate(db, key.kind, key.language, key.channel);
  return (await TemplateSet.load(db)).all().find((x) => x.kind === key.kind && x.language === key.language && x.channel === key.channel)!;
}
