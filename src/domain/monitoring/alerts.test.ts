import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_SETTINGS, deskAlerts, type DeskDay } from './alerts.js';

const day = (o: Partial<DeskDay>): DeskDay => ({
  deskName: 'Sportello prestazioni', leadTimeWorkingDays: 1, full: false, horizonWorkingDays: 20,
  served: 0, noAnswer: 0, calls: 0, overrun: 0, ...o,
});

describe('deskAlerts', () => {
  it('writes shares with a decimal comma in Italian and a point in English', () => {
    const [overrun] = deskAlerts(day({ calls: 13, served: 13, overrun: 4 }), DEFAULT_ALERT_SETTINGS);
    expect(overrun?.code).toBe('overrun_rate');
    expect(overrun?.message.it).toContain('30,8 % delle chiamate');
    expect(overrun?.message.it).toContain('(soglia 30 %)');
    expect(overrun?.message.en).toContain('30.8 % of today');
  });

  it('judges rates only on enough calls, and not at all under the threshold', () => {
    expect(deskAlerts(day({ calls: 4, served: 2, noAnswer: 2, overrun: 4 }), DEFAULT_ALERT_SETTINGS)).toEqual([]);
    expect(deskAlerts(day({ calls: 10, served: 9, noAnswer: 1, overrun: 3 }), DEFAULT_ALERT_SETTINGS)).toEqual([]);
  });
});
