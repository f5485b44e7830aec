import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerOptions } from './logging.js';
import { maskDeep, maskPersonalData } from './masking.js';

describe('masking personal data', () => {
  it('masks tax codes (omocodia and TINIT- included), phones and e-mails in text', () => {
    expect(maskPersonalData('cf RSSMRA85T10A562S ok')).toBe('cf RSS************S ok');
    expect(maskPersonalData('TINIT-RSSMRA85T10A562S')).toBe('RSS************S');
    expect(maskPersonalData('rssmra85t10a56nh')).toBe('RSS************H');
    expect(maskPersonalData('call +39 333 123 4567 now')).toBe('call +**********67 now');
    expect(maskPersonalData('3331234567')).toBe('********67');
    expect(maskPersonalData('/api/bookings/lookup?taxCode=RSSMRA85T10A562S&phone=%2B393331234567')).toBe('/api/bookings/lookup?taxCode=RSS************S&phone=+**********67');
    expect(maskPersonalData('write to mario.rossi+x@example.it')).toBe('write to m***@example.it');
    expect(maskPersonalData('/api/x?email=mario.rossi%40example.it')).toBe('/api/x?email=m***@example.it');
  });

  it('leaves ids, dates, times and codes alone', () => {
    for (const text of [
      '/api/desks/5b09f727-d76d-4db7-9f3f-edb6dfbc692a/slots?from=2026-11-30&to=2026-12-13',
      '2026-11-26T11:32:23.123Z',
      'booking CO01-1-ABCDE at 10:30',
      'took 1234 ms',
    ]) expect(maskPersonalData(text)).toBe(text);
  });

  it('masks deep values', () => {
    expect(maskDeep({ a: ['RSSMRA85T10A562S', { b: 'x@y.it' }], n: 3 })).toEqual({ a: ['RSS************S', { b: 'x***@y.it' }], n: 3 });
  });

  it('keeps personal data out of the server logs', () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
    const options = loggerOptions('info') as pino.LoggerOptions;
    const log = pino(options, sink);
    log.info({ req: { method: 'GET', url: '/api/x?taxCode=RSSMRA85T10A562S', headers: { cookie: 'sportello_session=secret' } } }, 'incoming');
    log.info({ body: { taxCode: 'RSSMRA85T10A562S', phone: '+393331234567', password: 'hunter2hunter2' } }, 'body');
    log.warn('citizen RSSMRA85T10A562S wrote from mario@example.it');
    // Fastify's request is a class instance whose url is a getter: it reaches the serializer intact.
    class FakeRequest {
      method = 'POST';
      get url() {
        return '/api/bookings/lookup?taxCode=RSSMRA85T10A562S';
      }
    }
    log.info({ req: new FakeRequest() }, 'incoming request');
    expect(lines.at(-1)).toContain('"url":"/api/bookings/lookup?taxCode=RSS************S"');
    const out = lines.join('');
    expect(out).not.toMatch(/RSSMRA85T10A562S|393331234567|hunter2|mario@example|sportello_session=secret/);
    expect(out).toContain('RSS************S');
  });
});
