import { describe, expect, it } from 'vitest';
import { appointmentIcs } from '../domain/booking/appointment-ics.js';
import { CHANNELS, LANGUAGES, NOTIFICATION_KINDS } from './kinds.js';
import { buildMessage, sampleContext, sampleContextFor, sampleData, staleReason } from './message.js';
import { checkTemplate, defaultTemplate, fill, render } from './templates.js';

describe('templates', () => {
  it('every built-in template is valid and renders within the channel limits', () => {
    for (const kind of NOTIFICATION_KINDS) {
      for (const language of LANGUAGES) {
        for (const channel of CHANNELS) {
          const t = defaultTemplate(kind, language, channel);
          expect(checkTemplate(t.body), `${kind}/${language}/${channel}`).toEqual([]);
          if (t.subject) expect(checkTemplate(t.subject)).toEqual([]);
          const ctx = sampleContextFor(kind, language);
          const m = buildMessage({ id: ctx.jobId, kind, channel, data: sampleData(kind) }, ctx, t, 'https://sportello.example');
          expect(m.text).not.toMatch(/\{\{|\}\}/);
          if (channel === 'sms') expect(m.text.length).toBeLessThanOrEqual(459);
          if (channel === 'appio') {
            expect(m.subject!.length).toBeGreaterThanOrEqual(10);
            expect(m.subject!.length).toBeLessThanOrEqual(120);
            expect(m.markdown!.length).toBeGreaterThanOrEqual(80);
          }
        }
      }
    }
  });

  it('knows only its placeholders, and checks sections', () => {
    expect(checkTemplate('{{code}} {{#link}}{{link}}{{/link}}')).toEqual([]);
    expect(checkTemplate('{{pin}}')[0]).toMatch(/unknown placeholder \{\{pin\}\}/);
    expect(checkTemplate('{{taxCode}}')[0]).toMatch(/unknown placeholder/);
    expect(checkTemplate('{{#video}} x')).toEqual(['section {{#video}} is never closed']);
    expect(checkTemplate('{{ code }')).toEqual(['stray {{ or }}: write placeholders as {{name}}']);
  });

  it("puts a follow-up's PIN only in the follow-up message, whatever a template asks", () => {
    const ctx = sampleContext('it');
    const tpl = { subject: 'S', body: 'PIN: [{{followUpPin}}]' };
    expect(buildMessage({ id: ctx.jobId, kind: 'follow_up_booked', channel: 'email', data: { pin: '305718' } }, ctx, tpl, undefined).text).toBe('PIN: [305718]');
    expect(buildMessage({ id: ctx.jobId, kind: 'reminder', channel: 'email', data: { pin: '305718' } }, ctx, tpl, undefined).text).toBe('PIN: []');
  });

  it('fills values and shows a section only when its value is set', () => {
    expect(fill('a{{#link}} see {{link}}{{/link}}.{{^video}} phone{{/video}}', { link: 'L' })).toBe('a see L. phone');
    expect(fill('a{{#link}} see {{link}}{{/link}}.{{^video}} phone{{/video}}', { video: 'yes' })).toBe('a.');
  });

  it('escapes values in HTML, and values cannot make bold text', () => {
    const r = render({ subject: 'S', body: '**{{office}}** <b>' }, { office: '<script>**x**</script>' }, 'email', 'it');
    expect(r.html).toContain('<strong>&lt;script&gt;&#42;&#42;x&#42;&#42;&lt;/script&gt;</strong> &lt;b&gt;');
    expect(r.text).toBe('<script>**x**</script> <b>');
  });
});

describe('calendar file', () => {
  it('writes UTC times, escapes text and folds long lines', () => {
    const ics = appointmentIcs({
      code: 'MI01-1-7KQ3X', startMs: Date.UTC(2027, 9, 31, 9), endMs: Date.UTC(2027, 9, 31, 9, 10), language: 'it',
      deskName: 'Sportello assicurato-pensionato, conto; e invalidità civile (sede di Milano, via Toscana)', officeName: 'Milano',
      video: false, cancelled: false, sequence: 2, stampMs: 0,
    });
    expect(ics).toContain('DTSTART:20271031T090000Z\r\n');
    expect(ics).toContain('SEQUENCE:2\r\n');
    expect(ics).toContain('conto\\; e');
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(ics.replace(/\r\n /g, '')).toContain('SUMMARY:Appuntamento INPS — Sportello assicurato-pensionato\\, conto\\; e invalidità civile (sede di Milano\\, via Toscana)');
  });
});

describe('stale messages', () => {
  const ctx = sampleContext('it');
  const start = ctx.startsAt;
  it('drop a reminder for another start, a cancelled booking, or after the start', () => {
    expect(staleReason({ kind: 'reminder', channel: 'email', startsAt: start }, ctx, start.getTime() - 1)).toBeNull();
    expect(staleReason({ kind: 'reminder', channel: 'email', startsAt: new Date(start.getTime() + 600_000) }, ctx, 0)).toBe('booking moved since');
    expect(staleReason({ kind: 'reminder', channel: 'email', startsAt: start }, { ...ctx, status: 'cancelled' }, 0)).toBe('booking is cancelled');
    expect(staleReason({ kind: 'reminder', channel: 'email', startsAt: start }, ctx, start.getTime())).toBe('appointment already started');
    expect(staleReason({ kind: 'booking_cancelled', channel: 'email', startsAt: start }, { ...ctx, status: 'cancelled' }, 0)).toBeNull();
    expect(staleReason({ kind: 'reminder', channel: 'appio', startsAt: start }, { ...ctx, taxCode: 'a1b2c3d4e5f6a7b8' }, 0)).toMatch(/no contact/);
  });
});
