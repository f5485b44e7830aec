import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Alert, Live } from './api';
import { exportUrl } from './api';
import {
  childLevel,
  daysInRange,
  formatClock,
  formatDuration,
  formatPercent,
  formatPeriod,
  parseScope,
  presetRange,
  rangeProblem,
  scopeParam,
  significantChanges,
  slotSentence,
  type Translate,
} from './format';
import { strings } from './strings';

const UUID = '0b6f3a52-8f3e-4d8e-9a51-6c1b0e2f7a10';

describe('scopes in the URL', () => {
  it('parses the four levels and refuses anything else', () => {
    expect(parseScope('region:LOM')).toEqual({ level: 'region', id: 'LOM' });
    expect(parseScope('province:CO')).toEqual({ level: 'province', id: 'CO' });
    expect(parseScope(`office:${UUID}`)).toEqual({ level: 'office', id: UUID });
    expect(parseScope(`desk:${UUID}`)).toEqual({ level: 'desk', id: UUID });
    for (const bad of [null, '', 'region', 'province:co', 'office:12', 'desk:', 'town:CO', `office:${UUID}x`, 'region:LOM:1']) {
      expect(parseScope(bad), String(bad)).toBeNull();
    }
  });
  it('writes a node back and knows the level below', () => {
    expect(scopeParam({ level: 'office', id: UUID })).toBe(`office:${UUID}`);
    expect([childLevel('region'), childLevel('province'), childLevel('office'), childLevel('desk')]).toEqual(['province', 'office', 'desk', null]);
  });
  it('builds export links with the scope and range being looked at', () => {
    expect(exportUrl('history', 'xlsx', { scope: 'province:CO', from: '2026-11-01', to: '2026-11-26', granularity: 'week' })).toBe(
      '/api/monitoring/export?table=history&format=xlsx&scope=province%3ACO&from=2026-11-01&to=2026-11-26&granularity=week',
    );
    expect(exportUrl('live', 'csv', { scope: null })).toBe('/api/monitoring/export?table=live&format=csv');
  });
});

describe('numbers, durations and times', () => {
  it('formats shares as percentages in each language', () => {
    expect(formatPercent(0.125, 'it')).toBe('12,5%');
    expect(formatPercent(0.125, 'en')).toBe('12.5%');
    expect(formatPercent(0, 'it')).toBe('0%');
    expect(formatPercent(1, 'en')).toBe('100%');
  });
  it('formats durations to the second', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(372.4)).toBe('6 min 12 s');
    expect(formatDuration(545)).toBe('9 min 05 s');
    expect(formatDuration(59.6)).toBe('1 min 00 s');
  });
  it('shows times in Europe/Rome whatever the zone of the device', () => {
    expect(formatClock('2026-11-26T13:05:09Z', 'it')).toBe('14:05:09'); // CET
    expect(formatClock('2026-07-01T06:00:00Z', 'en')).toBe('08:00:00'); // CEST
  });
  it('labels history periods by granularity', () => {
    expect(formatPeriod('2026-11-23', 'day', 'it')).toBe('23/11');
    expect(formatPeriod('2026-11-23', 'week', 'it')).toBe('23/11/26');
    expect(formatPeriod('2026-11-01', 'month', 'it')).toBe('nov 2026');
    expect(formatPeriod('2026-11-01', 'month', 'en')).toBe('Nov 2026');
  });
});

describe('date ranges', () => {
  it('computes the presets ending today, both ends included', () => {
    expect(presetRange('7d', '2026-11-26')).toEqual({ from: '2026-11-20', to: '2026-11-26', granularity: 'day' });
    expect(presetRange('30d', '2026-11-26')).toEqual({ from: '2026-10-28', to: '2026-11-26', granularity: 'day' });
    expect(presetRange('12m', '2026-11-26')).toEqual({ from: '2025-11-27', to: '2026-11-26', granularity: 'month' });
    expect(daysInRange('2026-11-20', '2026-11-26')).toBe(7);
    expect(daysInRange('2025-11-27', '2026-11-26')).toBe(365);
    // across the change to summer time
    expect(daysInRange('2026-03-28', '2026-03-30')).toBe(3);
  });
  it('refuses ranges the server would refuse', () => {
    expect(rangeProblem('2026-11-01', '2026-11-26')).toBeNull();
    expect(rangeProblem('2026-11-26', '2026-11-26')).toBeNull();
    expect(rangeProblem('', '2026-11-26')).toBe('missing');
    expect(rangeProblem('2026-11-27', '2026-11-26')).toBe('order');
    expect(rangeProblem('2025-10-22', '2026-11-25')).toBeNull(); // 400 days
    expect(rangeProblem('2025-10-21', '2026-11-25')).toBe('tooLong'); // 401 days
  });
});

describe('the slot-length sentence', () => {
  const tFor = (lang: 'it' | 'en'): Translate => {
    const inst = i18next.createInstance();
    void inst.init({ lng: lang, resources: { [lang]: { translation: { monitoring: strings[lang] } } }, interpolation: { escapeValue: false }, initAsync: false });
    return (key, opts) => inst.t(key, opts);
  };
  let it_: Translate;
  let en: Translate;
  beforeAll(() => {
    it_ = tFor('it');
    en = tFor('en');
  });
  it('says when the slot is too short, and by how much', () => {
    const desk = { calls: 200, slotMinutes: 8, minutesCovering90: 9, overrunShare: 0.235 };
    expect(slotSentence(desk, it_, 'it')).toBe('Il 90% delle chiamate dura al massimo 9 minuti: lo slot è di 8. Lo slot è corto: il 23,5% delle chiamate lo supera.');
    expect(slotSentence(desk, en, 'en')).toBe('90% of calls last at most 9 minutes: the slot is 8. The slot is too short: 23.5% of calls overrun it.');
  });
  it('says when the slot is enough', () => {
    expect(slotSentence({ calls: 10, slotMinutes: 8, minutesCovering90: 8, overrunShare: 0.1 }, it_, 'it')).toBe(
      'Il 90% delle chiamate dura al massimo 8 minuti: lo slot è di 8. Lo slot basta per almeno 9 chiamate su 10.',
    );
    expect(slotSentence({ calls: 3, slotMinutes: 8, minutesCovering90: 1, overrunShare: 0 }, en, 'en')).toBe(
      '90% of calls last at most 1 minute: the slot is 8. The slot is long enough for at least 9 calls out of 10.',
    );
  });
  it('says when there is nothing to judge', () => {
    expect(slotSentence({ calls: 0, slotMinutes: 10, minutesCovering90: null, overrunShare: 0 }, it_, 'it')).toBe(
      'Nessuna chiamata conclusa nel periodo: lo slot è di 10 minuti.',
    );
  });
});

describe('what the live region announces', () => {
  const zero = { offered: 0, booked: 0, served: 0, noAnswer: 0, cancelled: 0, fillRate: 0, noAnswerRate: 0, calls: 0, meanCallSec: null, p90CallSec: null, overrunRate: 0, contacts: 0 };
  const alert = (code: Alert['code'], id: string): Alert => ({
    code,
    level: 'warning',
    scope: { level: 'office', id, name: id },
    value: 0.4,
    threshold: 0.2,
    message: { it: `avviso ${code} ${id}`, en: `alert ${code} ${id}` },
  });
  const live = (over: { booked?: number; onDuty?: number; alerts?: Alert[]; scope?: string; generatedAt?: string }): Live => ({
    scope: { level: 'province', id: over.scope ?? 'CO', name: 'Como', parents: [{ level: 'region', id: 'LOM', name: 'Lombardia', open: true }] },
    day: '2026-11-26',
    generatedAt: over.generatedAt ?? '2026-11-26T10:00:00Z',
    figures: { ...zero, booked: over.booked ?? 0 },
    now: { callsInProgress: 0, operatorsOnDuty: over.onDuty ?? 2, operatorsOnCall: 0, operatorsIdle: 2, flaggedIdentityChecks: 0, slotMinutes: null },
    contactsByReason: [],
    children: [],
    alerts: over.alerts ?? [],
  });
  it('announces nothing on the first answer, on a new scope, or on routine ticks', () => {
    expect(significantChanges(null, live({ alerts: [alert('lead_time', 'a')] }), 'it')).toEqual([]);
    expect(significantChanges(live({}), live({ scope: 'MI', onDuty: 5, alerts: [alert('lead_time', 'a')] }), 'it')).toEqual([]);
    expect(significantChanges(live({ booked: 3 }), live({ booked: 4, generatedAt: '2026-11-26T10:00:05Z' }), 'it')).toEqual([]);
  });
  it('announces alerts that start or end and operators coming on duty', () => {
    const before = live({ alerts: [alert('lead_time', 'a'), alert('overrun_rate', 'b')] });
    const after = live({ onDuty: 3, alerts: [alert('overrun_rate', 'b'), alert('no_answer_rate', 'a')] });
    expect(significantChanges(before, after, 'it')).toEqual([
      { key: 'monitoring.announce.alertStarted', values: { message: 'avviso no_answer_rate a' } },
      { key: 'monitoring.announce.alertEnded', values: { message: 'avviso lead_time a' } },
      { key: 'monitoring.announce.onDuty', values: { count: 3 } },
    ]);
  });
});
