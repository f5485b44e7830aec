/** Admin-edited templates (table notification_template) over the built-in defaults. */
import type { Queryable } from '../storage/db.js';
import { CHANNELS, LANGUAGES, NOTIFICATION_KINDS, type Channel, type Language, type NotificationKind } from './kinds.js';
import { defaultTemplate, type Template } from './templates.js';

export interface StoredTemplate extends Template {
  kind: NotificationKind;
  language: Language;
  channel: Channel;
  custom: boolean;
  updatedAt: string | null;
}

type Key = `${NotificationKind}/${Language}/${Channel}`;
const keyOf = (kind: NotificationKind, language: Language, channel: Channel): Key => `${kind}/${language}/${channel}`;

/** The templates in force: overrides from the database, defaults for the rest. */
export class TemplateSet {
  constructor(private readonly overrides: Map<Key, { subject: string | null; body: string; updatedAt: Date }>) {}

  static async load(db: Queryable): Promise<TemplateSet> {
    const r = await db.query<{ kind: NotificationKind; language: Language; channel: Channel; subject: string | null; body: string; updatedAt: Date }>(
      'SELECT kind, language, channel, subject, body, updated_at AS "updatedAt" FROM notification_template',
    );
    return new TemplateSet(new Map(r.rows.map((t) => [keyOf(t.kind, t.language, t.channel), t])));
  }

  get(kind: NotificationKind, language: Language, channel: Channel): Template {
    const o = this.overrides.get(keyOf(kind, language, channel));
    if (!o) return defaultTemplate(kind, language, channel);
    return { subject: channel === 'sms' ? null : (o.subject ?? defaultTemplate(kind, language, channel).subject), body: o.body };
  }

  all(): StoredTemplate[] {
    const out: StoredTemplate[] = [];
    for (const kind of NOTIFICATION_KINDS) {
      for (const language of LANGUAGES) {
        for (const channel of CHANNELS) {
          const o = this.overrides.get(keyOf(kind, language, channel));
          out.push({ kind, language, channel, ...this.get(kind, language, channel), custom: !!o, updatedAt: o ? new Date(o.updatedAt).toISOString() : null });
        }
      }
    }
    return out;
  }
}

export async function saveTemplate(
  db: Queryable, t: { kind: NotificationKind; language: Language; channel: Channel; subject: string | null; body: string; updatedBy: string | null },
): Promise<void> {
  await db.query(
    `INSERT INTO notification_template (kind, language, channel, subject, body, updated_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, now())
     ON CONFLICT (kind, language, channel) DO UPDATE
       SET subject = EXCLUDED.subject, body = EXCLUDED.body, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [t.kind, t.language, t.channel, t.channel === 'sms' ? null : t.subject, t.body, t.updatedBy],
  );
}

export async function resetTemplate(db: Queryable, kind: NotificationKind, language: Language, channel: Channel): Promise<boolean> {
  const r = await db.query('DELETE FROM notification_template WHERE kind = $1 AND language = $2 AND channel = $3', [kind, language, channel]);
  return r.rowCount > 0;
}
