import { describe, expect, it } from 'vitest';
import { formatRange, formatSigned, lastCompleteWeeks, whatIfProblem, whatIfQuery, type WhatIfForm } from './whatIf';

const form = (over: Partial<WhatIfForm> = {}): WhatIfForm => ({ target: 'office:x', from: '2026-11-02', to: '2026-11-29', slotMinutes: '', operators: '', seed: '1', ...over });

describe('the what-if panel helpers', () => {
  it('the last four complete weeks: Monday to Sunday, the week going on left out', () => {
    // Monday 7 December 2026: the weeks of 9 November … 6 December.
    expect(lastCompleteWeeks('2026-12-07')).toEqual({ from: '2026-11-09', to: '2026-12-06' });
    // Sunday 6 December: that week is not over yet.
    expect(lastCompleteWeeks('2026-12-06')).toEqual({ from: '2026-11-02', to: '2026-11-29' });
    expect(lastCompleteWeeks('2026-12-10', 1)).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    // Across a year's end.
    expect(lastCompleteWeeks('2027-01-05')).toEqual({ from: '2026-12-07', to: '2027-01-03' });
  });

  it('checks the form, the first problem first', () => {
    expect(whatIfProblem(form())).toBeNull();
    expect(whatIfProblem(form({ target: '' }))).toBe('target');
    expect(whatIfProblem(form({ from: '' }))).toBe('dates');
    expect(whatIfProblem(form({ to: '2026-02-30' }))).toBe('dates');
    expect(whatIfProblem(form({ from: '2026-12-01' }))).toBe('order');
    expect(whatIfProblem(form({ operators: '0' }))).toBe('operators');
    expect(whatIfProblem(form({ operators: '2.5' }))).toBe('operators');
    expect(whatIfProblem(form({ operators: '51' }))).toBe('operators');
    expect(whatIfProblem(form({ operators: '3' }))).toBeNull();
    expect(whatIfProblem(form({ seed: '' }))).toBe('seed');
    expect(whatIfProblem(form({ seed: '-1' }))).toBe('seed');
  });

  it('asks only for the changes chosen', () => {
    expect(whatIfQuery(form())).toStrictEqual({ scope: 'office:x', from: '2026-11-02', to: '2026-11-29', seed: 1 });
    // In the order the address had them (openapi-fetch writes the query in its keys' order).
    expect(Object.entries(whatIfQuery(form({ slotMinutes: '12', operators: '3', seed: '7' })))).toStrictEqual([
      ['scope', 'office:x'], ['from', '2026-11-02'], ['to', '2026-11-29'], ['slotMinutes', 12], ['operators', 3], ['seed', 7],
    ]);
  });

  it('signed differences and ranges in the reader’s language', () => {
    expect(formatSigned(0.43, 'it')).toBe('+0,4');
    expect(formatSigned(-1.25, 'en', 2)).toBe('−1.25');
    expect(formatSigned(0.01, 'it')).toBe('0');
    expect(formatRange([8, 8])).toBe('8');
    expect(formatRange([1, 3])).toBe('1–3');
    expect(formatRange(null)).toBe('—');
  });
});
