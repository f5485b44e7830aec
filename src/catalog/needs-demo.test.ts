import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_FILE } from '../app.js';
import { desksForNeed } from '../domain/catalog/needs.js';

type FileDesk = { key: string; name: string; nameEn: string; description: string; descriptionEn: string; topics: { it: string; en: string }[] };
const file = JSON.parse(readFileSync(DEMO_FILE, 'utf8')) as { defaultDesks: FileDesk[]; extraDeskTypes: Record<string, Omit<FileDesk, 'key'>> };
const asDesk = (d: Omit<FileDesk, 'key'> & { key: string }) => ({ key: d.key, name: { it: d.name, en: d.nameEn }, description: { it: d.description, en: d.descriptionEn }, topics: d.topics });
const everywhere = file.defaultDesks.map(asDesk);
const como = [...everywhere, ...Object.entries(file.extraDeskTypes).map(([key, d]) => asDesk({ ...d, key }))];
const best = (need: string, desks: typeof como) => desksForNeed(need, desks)[0]?.key ?? null;

describe('from a need to the desk of the demo offices', () => {
  it('pension, NASpI and civil invalidity lead to the right desk, in Italian and English', () => {
    for (const need of ['pensione', 'La mia pensione', 'domanda di pensione', 'pension', 'cedolino', 'estratto conto']) expect(best(need, everywhere), need).toBe('assicurato-pensionato');
    for (const need of ['NASpI', 'naspi', 'disoccupazione', 'unemployment benefit', 'assegno unico', 'maternità']) expect(best(need, everywhere), need).toBe('prestazioni');
    // Como has a civil-invalidity desk of its own; elsewhere the pensions desk deals with it.
    for (const need of ['invalidità civile', 'Invalidita', 'civil invalidity', 'legge 104', 'accompagnamento']) {
      expect(best(need, como), need).toBe('invalidita-civile');
      expect(best(need, everywhere), need).toBe('assicurato-pensionato');
    }
    expect(desksForNeed('xyz', everywhere)).toEqual([]);
  });
});
