import { authorize, type Actor } from '../policy/index.js';
import type { Db } from '../storage/db.js';
import type { Channel, Language, NotificationKind } from './kinds.js';
import { buildMessage, sampleContextFor, sampleData } from './message.js';
import { TemplateSet } from './template-store.js';
import { MANAGE, validate } from './admin-shared.js';
import type { z } from 'zod';
import type { previewView } from './routes.schema.js';

export type Preview = z.output<typeof previewView>;

/** Renders a template (the one in force, or the text being edited) with sample data. */
export async function previewTemplate(
  db: Db, actor: Actor, input: { kind: NotificationKind; language: Language; channel: Channel; subject?: string | null | undefined; body?: string | undefined },
): Promise<Preview> {
  authorize(actor, MANAGE, {});
  const template = input.body !== undefined
    ? validate(input.channel, { subject: input.subject, body: input.body })
    : (await TemplateSet.load(db)).get(input.kind, input.language, input.channel);
  const ctx = sampleContextFor(input.kind, input.language);
  const m = buildMessage({ id: ctx.jobId, kind: input.kind, channel: input.channel, data: sampleData(input.kind) }, ctx, template, 'https://sportello.example');
  const sms = input.channel === 'sms';
  return {
    subject: m.subject,
    text: m.text,
    html: m.html ?? null,
    markdown: m.markdown ?? null,
    smsCharacters: sms ? m.text.length : null,
    smsSegments: sms ? (m.text.length <= 160 ? 1 : Math.ceil(m.text.length / 153)) : null,
    hasCalendarFile: !!m.ics,
  };
}
