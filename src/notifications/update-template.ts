import { authorize, type Actor } from '../policy/index.js';
import type { Db } from '../storage/db.js';
import type { Channel, Language, NotificationKind } from './kinds.js';
import { saveTemplate, TemplateSet, type StoredTemplate } from './template-store.js';
import { MANAGE, validate } from './admin-shared.js';

export async function updateTemplate(
  db: Db, actor: Actor, key: { kind: NotificationKind; language: Language; channel: Channel }, input: { subject?: string | null | undefined; body: string },
): Promise<StoredTemplate> {
  authorize(actor, MANAGE, {});
  const t = validate(key.channel, input);
  await saveTemplate(db, { ...key, subject: t.subject, body: t.body, updatedBy: actor.kind === 'staff' ? actor.userId : null });
  return (await TemplateSet.load(db)).all().find((x) => x.kind === key.kind && x.language === key.language && x.channel === key.channel)!;
}
