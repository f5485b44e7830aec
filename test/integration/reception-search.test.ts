import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchAnswers } from '../../src/reception/search-answers.js';
import { seedDemoAnswers } from '../../src/reception/seed-demo-answers.js';
import type { Db } from '../../src/storage/db.js';
import { testDatabases } from '../support/databases.js';

/** Italian full-text search over the 38 demo short answers: stemming and ranking. */
describe.each(testDatabases)('short-answer search on the demo set on $name', (database) => {
  let db: Db;
  const titles = async (q: string) => (await searchAnswers(db, q, 'all', 10)).map((a) => a.title);
  beforeAll(async () => {
    db = await database.open();
    await db.exec("INSERT INTO region VALUES ('LOM', 'Lombardia')");
    expect(await seedDemoAnswers(db)).toBe(38);
    expect(await seedDemoAnswers(db)).toBe(0); // idempotent
  });
  afterAll(async () => db.close());

  it('finds words whatever their form: plural, singular, verb forms', async () => {
    expect(await titles('pensioni')).toEqual(expect.arrayContaining(['Date di pagamento delle pensioni', 'Cedolino della pensione', 'Domanda di pensione di vecchiaia']));
    expect((await titles('pensione')).length).toBe((await titles('pensioni')).length);
    expect((await titles('pagamenti naspi'))[0]).toBe('NASpI: quando arriva il pagamento');
    expect(await titles('figlio')).toEqual(expect.arrayContaining(['Assegno unico: chi può chiederlo', 'Congedo parentale']));
    expect(await titles('certificazioni')).toContain('Certificazione Unica (CU) dei pensionati');
    expect(await titles('congedi')).toEqual(expect.arrayContaining(['Congedo di maternità', 'Congedo parentale']));
  });

  it('ranks the answer about the words asked first', async () => {
    expect((await titles('naspi pagamento'))[0]).toBe('NASpI: quando arriva il pagamento');
    expect((await titles('pagamento delle pensioni'))[0]).toBe('Date di pagamento delle pensioni');
    expect((await titles('cedolino'))[0]).toBe('Cedolino della pensione');
    expect((await titles('accompagnamento'))[0]).toBe('Indennità di accompagnamento');
    expect((await titles('isee'))[0]).toBe('ISEE: come ottenerlo');
    expect((await titles('iban'))[0]).toBe("Cambiare l'IBAN del pagamento");
  });

  it('matches the last word as typed so far, and ignores punctuation', async () => {
    expect(await titles('reversib')).toEqual(['Pensione ai superstiti (reversibilità)']);
    expect((await titles('invalidità civ'))[0]).toMatch(/^Invalidità civile/);
    expect(await titles('!!!')).toHaveLength(10); // no words: the most recent answers
    expect(await titles('parolachenonesiste')).toEqual([]);
    // No answer has every word: those with any of them, best first.
    expect((await titles('naspi bollo auto'))[0]).toMatch(/^NASpI/);
  });
});
