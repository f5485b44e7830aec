import { describe, expect, it } from 'vitest';
import { AppError } from '../domain/errors.js';
import { guardInput, hasForbiddenCharacters, MAX_DEPTH } from './input-guard.js';

const refusal = (value: unknown, where = 'body'): AppError => {
  try {
    guardInput(value, where);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('not refused');
};

describe('the edge guard', () => {
  it('refuses U+0000, lone surrogates and controls other than tab, newline and carriage return', () => {
    for (const bad of ['\u0000', 'a\u0000b', '\ud800', 'x\udbffy', '\udc00', 'a\udfff', '\u0001', '\u0008', '\u000b', '\u000c', '\u001b[31m', '\u007f']) {
      expect(hasForbiddenCharacters(bad), JSON.stringify(bad)).toBe(true);
    }
    for (const good of ['', 'Mario Rossi', 'riga\nriga', 'a\tb', 'a\r\nb', '🙂 (a surrogate pair)', 'Perché', '\u00a0', '\u200b']) {
      expect(hasForbiddenCharacters(good), JSON.stringify(good)).toBe(false);
    }
  });

  it('names every field with a forbidden character, keys included, with a stable code', () => {
    const err = refusal({ fullName: 'Mario\u0000', person: { notes: ['ok', 'x\ud800'] }, ['k\u0000']: 1 });
    expect([err.status, err.code]).toEqual([400, 'invalid_characters']);
    expect(err.fields.map((f) => [f.path, f.code])).toEqual([
      ['body.fullName', 'invalid_characters'],
      ['body.person.notes[1]', 'invalid_characters'],
      ['body.k\\u0000', 'invalid_characters'],
    ]);
    expect(err.messages.it).toMatch(/caratteri non ammessi/);
    expect(err.fields[0]!.en).toMatch(/not allowed/);
  });

  it('normalises strings and keys to NFC and leaves other values alone', () => {
    const nfd = 'e\u0301';
    const out = guardInput({ [nfd]: [nfd, 1, true, null], n: 2.5 }, 'body') as Record<string, unknown>;
    expect(out).toEqual({ '\u00e9': ['\u00e9', 1, true, null], n: 2.5 });
    const buffer = Buffer.from('\u0000raw');
    expect(guardInput(buffer, 'body')).toBe(buffer);
  });

  it('keeps "__proto__" a plain member and does not touch Object.prototype', () => {
    const parsed = JSON.parse('{"__proto__":{"polluted":true},"a":1}') as unknown;
    const out = guardInput(parsed, 'body') as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it(`refuses nesting deeper than ${MAX_DEPTH} levels with too_deep`, () => {
    let ok: unknown = 'x';
    for (let i = 0; i < MAX_DEPTH; i++) ok = [ok];
    expect(() => guardInput(ok, 'body')).not.toThrow();
    const err = refusal([ok]);
    expect([err.status, err.code]).toEqual([400, 'too_deep']);
  });
});
