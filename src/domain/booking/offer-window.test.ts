import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFICE_HOURS, inOfficeHours, lastOfficeMoment, offerDeadline } from './offer-window.js';

// Europe/Rome: UTC+1 in winter, UTC+2 in summer.
const rome = (iso: string) => new Date(iso).getTime();
const H = DEFAULT_OFFICE_HOURS; // Mon–Fri 08:30–17:00

describe('offerDeadline (office time only)', () => {
  it('inside office hours: plain minutes', () => {
    expect(offerDeadline(rome('2026-12-09T10:00:00+01:00'), 120, H)).toBe(rome('2026-12-09T12:00:00+01:00'));
  });
  it('an evening offer runs from the next morning', () => {
    expect(offerDeadline(rome('2026-12-09T21:30:00+01:00'), 120, H)).toBe(rome('2026-12-10T10:30:00+01:00'));
  });
  it('the rest of the day, then the next working day (a Friday afternoon ends on Monday)', () => {
    expect(offerDeadline(rome('2026-12-11T16:00:00+01:00'), 120, H)).toBe(rome('2026-12-14T09:30:00+01:00'));
  });
  it('skips national and local holidays (8 December, and a patron saint)', () => {
    expect(offerDeadline(rome('2026-12-07T16:30:00+01:00'), 60, H)).toBe(rome('2026-12-09T09:00:00+01:00'));
    expect(offerDeadline(rome('2026-12-09T16:30:00+01:00'), 60, H, [{ date: '12-10', name: 'Santo' }])).toBe(rome('2026-12-11T09:00:00+01:00'));
  });
  it('follows summer time', () => {
    expect(offerDeadline(rome('2027-07-06T22:00:00+02:00'), 30, H)).toBe(rome('2027-07-07T09:00:00+02:00'));
  });
  it('never lapses outside office hours, whatever the start', () => {
    for (let h = 0; h < 24 * 7; h += 1) {
      const start = rome('2026-12-14T00:17:00+01:00') + h * 3_600_000;
      for (const minutes of [5, 60, 120, 600]) expect(inOfficeHours(offerDeadline(start, minutes, H)!, H)).toBe(true);
    }
  });
  it('no office time at all: null', () => {
    expect(offerDeadline(0, 60, { weekdays: [], from: '08:30', to: '17:00' })).toBeNull();
  });
});

describe('lastOfficeMoment', () => {
  it('a cap at night moves back to the close of the last office day', () => {
    const now = rome('2026-12-09T10:00:00+01:00');
    expect(lastOfficeMoment(rome('2026-12-10T07:00:00+01:00'), now, H)).toBe(rome('2026-12-09T17:00:00+01:00'));
  });
  it('a cap inside office hours stays', () => {
    const now = rome('2026-12-09T10:00:00+01:00');
    expect(lastOfficeMoment(rome('2026-12-09T15:00:00+01:00'), now, H)).toBe(rome('2026-12-09T15:00:00+01:00'));
  });
  it('null when no office time lies between now and the cap', () => {
    expect(lastOfficeMoment(rome('2026-12-10T07:00:00+01:00'), rome('2026-12-09T20:00:00+01:00'), H)).toBeNull();
  });
});
