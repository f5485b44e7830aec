import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { dayNumberOf } from './time.js';
import { isOffsetChangeDay, localTimeToUtcMs, offsetMinutesAt, toIsoWithOffset } from './zone.js';

const utc = (iso: string): number => Date.parse(iso);

describe('toIsoWithOffset', () => {
  it('formats summer and winter times in Europe/Rome', () => {
    expect(toIsoWithOffset(utc('2026-03-30T07:00:00Z'))).toBe('2026-03-30T09:00:00+02:00');
    expect(toIsoWithOffset(utc('2026-01-15T07:30:00Z'))).toBe('2026-01-15T08:30:00+01:00');
    expect(toIsoWithOffset(utc('2026-12-31T23:30:00Z'))).toBe('2027-01-01T00:30:00+01:00');
  });
  it('writes milliseconds only when not zero', () => {
    expect(toIsoWithOffset(utc('2026-01-15T07:30:00.250Z'))).toBe('2026-01-15T08:30:00.250+01:00');
  });
  it('switches offset at the exact change instants of 2026', () => {
    expect(toIsoWithOffset(utc('2026-03-29T00:59:59Z'))).toBe('2026-03-29T01:59:59+01:00');
    expect(toIsoWithOffset(utc('2026-03-29T01:00:00Z'))).toBe('2026-03-29T03:00:00+02:00');
    expect(toIsoWithOffset(utc('2026-10-25T00:59:59Z'))).toBe('2026-10-25T02:59:59+02:00');
    expect(toIsoWithOffset(utc('2026-10-25T01:00:00Z'))).toBe('2026-10-25T02:00:00+01:00');
  });
  it('handles other zones, negative offsets and UTC', () => {
    expect(toIsoWithOffset(utc('2026-07-01T12:00:00Z'), 'America/New_York')).toBe('2026-07-01T08:00:00-04:00');
    expect(toIsoWithOffset(utc('2026-07-01T12:00:00Z'), 'Asia/Kolkata')).toBe('2026-07-01T17:30:00+05:30');
    expect(toIsoWithOffset(utc('2026-07-01T12:00:00Z'), 'UTC')).toBe('2026-07-01T12:00:00+00:00');
  });
  it('rejects an invalid zone', () => {
    expect(() => toIsoWithOffset(0, 'Mars/Olympus')).toThrow(RangeError);
  });
  it('agrees with luxon on random instants', () => {
    const zones = ['Europe/Rome', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kathmandu'];
    fc.assert(
      fc.property(fc.integer({ min: utc('2020-01-01T00:00:00Z'), max: utc('2032-01-01T00:00:00Z') }), fc.constantFrom(...zones), (ms, zone) => {
        expect(toIsoWithOffset(ms, zone)).toBe(DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true }));
        expect(offsetMinutesAt(ms, zone)).toBe(DateTime.fromMillis(ms, { zone }).offset);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('localTimeToUtcMs', () => {
  it('detects the change days of 2026 in Europe/Rome', () => {
    expect(isOffsetChangeDay(dayNumberOf('2026-03-29'))).toBe(true);
    expect(isOffsetChangeDay(dayNumberOf('2026-10-25'))).toBe(true);
    expect(isOffsetChangeDay(dayNumberOf('2026-03-28'))).toBe(false);
    expect(isOffsetChangeDay(dayNumberOf('2026-03-30'))).toBe(false);
  });
  it('converts wall-clock times around the change days', () => {
    const d = dayNumberOf('2026-03-29');
    expect(localTimeToUtcMs(d, 0)).toBe(utc('2026-03-28T23:00:00Z'));
    expect(localTimeToUtcMs(d, 120)).toBe(utc('2026-03-29T01:00:00Z')); // 02:00 does not exist: forward to 03:00+02:00
    expect(localTimeToUtcMs(d, 14 * 60)).toBe(utc('2026-03-29T12:00:00Z'));
    expect(localTimeToUtcMs(d, 1440)).toBe(utc('2026-03-29T22:00:00Z'));
    const o = dayNumberOf('2026-10-25');
    expect(localTimeToUtcMs(o, 14 * 60)).toBe(utc('2026-10-25T13:00:00Z'));
    expect(localTimeToUtcMs(o, 1440)).toBe(utc('2026-10-25T23:00:00Z'));
  });
  it('agrees with luxon on random local times', () => {
    const zones = ['Europe/Rome', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago'];
    fc.assert(
      fc.property(
        fc.integer({ min: dayNumberOf('2020-01-01'), max: dayNumberOf('2031-12-31') }),
        fc.integer({ min: 0, max: 1439 }),
        fc.constantFrom(...zones),
        (day, min, zone) => {
          const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
          const [y, m, dd] = date.split('-').map(Number) as [number, number, number];
          const expected = DateTime.fromObject({ year: y, month: m, day: dd, hour: Math.floor(min / 60), minute: min % 60 }, { zone }).toMillis();
          expect(localTimeToUtcMs(day, min, zone)).toBe(expected);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
