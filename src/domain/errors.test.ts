import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';

describe('AppError', () => {
  const m = { it: 'Posto esaurito.', en: 'Slot full.' };

  it('makes an expected failure (below 500) without a stack trace, and leaves the limit as it was', () => {
    const limit = Error.stackTraceLimit;
    const e = new AppError(409, 'slot_full', m);
    expect(e.stack?.split('\n').filter((l) => l.trim().startsWith('at '))).toEqual([]);
    expect(e.message).toBe('Slot full.');
    expect(e).toBeInstanceOf(Error);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('x').stack).toMatch(/\n\s+at /);
  });

  it('keeps the stack of a server failure (5xx)', () => {
    expect(new AppError(503, 'unavailable', m).stack).toMatch(/\n\s+at /);
  });
});
