import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app.js';
import { answerCaller, weekHours } from '../../src/reception/office-answers.js';
import { seedDemoAnswers } from '../../src/reception/seed-demo-answers.js';
import type { Db } from '../../src/storage/db.js';
import { evaluateAnswers } from '../../bench/answers-eval.js';
import { testDatabases } from '../support/databases.js';

/**
 * The reception line's answers to real caller questions (bench/answers-questions.json) on the
 * demo offices and answers: the expected answer first for at least 80 % of them, among the first
 * three for at least 95 %; office hours and addresses from the office's own data.
 */
describe.each(testDatabases)('answers to caller questions on $name', (database) => {
  let db: Db;
  const keys = async (q: string, provinces: string[] | 'all' = ['CO']) =>
    (await answerCaller(db, q, provinces, 10)).map((a) => (a.source === 'office' ? a.id : a.title));
  beforeAll(async () => {
    db = await database.open();
    await seedDemo(db);
    await seedDemoAnswers(db);
  });
  afterAll(async () => db.close());

  it('ranks the expected answer first for ≥ 80 % of the question set, in the first three for ≥ 95 %', async () => {
    const score = await evaluateAnswers(db);
    expect(score.questions).toBeGreaterThanOrEqual(40);
    expect(score.top1, JSON.stringify(score.misses, null, 1)).toBeGreaterThanOrEqual(0.8);
    expect(score.top3, JSON.stringify(score.misses, null, 1)).toBeGreaterThanOrEqual(0.95);
  });

  it("answers the issue's cases: pension payment dates first, the office's hours for 'orari sede'", async () => {
    expect((await keys('quando arriva la pensione'))[0]).toBe('Date di pagamento delle pensioni');
    const hours = await answerCaller(db, 'orari sede', ['CO'], 10);
    expect(hours[0]).toMatchObject({ id: 'office:CO01', source: 'office', provinceCode: 'CO' });
    // The agent's province's offices, the provincial directorate first.
    expect(hours.filter((a) => a.source === 'office').map((a) => a.id)).toEqual(['office:CO01', 'office:CO02', 'office:CO03']);
  });

  it("builds the hours from the office's calendar, and follows it when it changes", async () => {
    const cantu = (await answerCaller(db, "dove si trova l'ufficio di Cantù", ['CO'], 10))[0]!;
    expect(cantu.id).toBe('office:CO02');
    expect(cantu.body).toContain("via Salvo D'Acquisto, Cantù");
    await db.query(
      `INSERT INTO desk_opening (desk_id, weekday, opens, closes, places)
       SELECT d.id, 6, '09:00', '11:00', 1 FROM desk d JOIN office o ON o.id = d.office_id WHERE o.code = 'CO02' ORDER BY d.number LIMIT 1`,
    );
    const after = (await answerCaller(db, 'orari cantu', ['CO'], 10))[0]!;
    expect(after.id).toBe('office:CO02');
    expect(after.body).toContain('sabato 09:00–11:00');
    expect(after.body).not.toBe(cantu.body);
  });

  it("does not take the caller's own address for an office's", async () => {
    expect((await keys('cambiare indirizzo di residenza'))[0]).toBe('Indirizzo e recapiti');
    expect((await keys('cambiare indirizzo di residenza')).some((k) => k.startsWith('office:'))).toBe(false);
  });

  it('names another province\'s office by its town, and every directorate for a region-wide agent', async () => {
    expect((await keys('orario apertura sede di varese'))[0]).toBe('office:VA01');
    const region = (await keys('orari sede', 'all')).filter((k) => k.startsWith('office:'));
    expect(region.length).toBe(10);
    expect(region.every((k) => k.endsWith('01'))).toBe(true);
  });
});

describe('weekHours', () => {
  it('merges the desks\' openings of a day and groups days with the same hours', () => {
    expect(weekHours([
      { weekday: 1, from: '08:30', to: '12:30' }, { weekday: 1, from: '10:00', to: '13:00' }, { weekday: 2, from: '08:30', to: '13:00' },
      { weekday: 3, from: '08:30', to: '13:00' }, { weekday: 3, from: '14:00', to: '16:00' },
    ])).toBe('lunedì e martedì 08:30–13:00; mercoledì 08:30–13:00, 14:00–16:00; giovedì–domenica chiuso');
    expect(weekHours([])).toBe('');
  });
});
