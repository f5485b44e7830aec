import { importOffices } from '../../src/catalog/import-offices.js';
import { parseOfficeFile } from '../../src/catalog/parse-office-file.js';
import type { Db } from '../../src/storage/db.js';

export interface TestDeskOptions {
  code?: string;
  key?: string;
  slotMinutes?: number;
  places?: number;
  horizonDays?: number;
  minNoticeMinutes?: number;
  weekly?: { weekday: number; from: string; to: string; places: number }[];
  exceptions?: unknown[];
  topics?: { key: string; it: string; en: string }[];
}

/**
 * A desk open every day of the week (08:00–18:00 by default), through the real import path,
 * for tests that need many bookable slots whatever today is.
 */
export async function createTestDesk(db: Db, o: TestDeskOptions = {}): Promise<{ deskId: string; officeCode: string }> {
  const code = o.code ?? 'TT01';
  const places = o.places ?? 2;
  const file = {
    region: { code: 'LOM', name: 'Lombardia' },
    provinces: [{ code: 'TT', name: 'Prova', capital: 'Provalandia' }],
    offices: [{
      province: 'TT', code, kind: 'agenzia', name: `Sede di prova ${code}`, town: 'Altrove',
      desks: [{
        key: o.key ?? 'prova', number: 1, name: 'Sportello di prova', nameEn: 'Test desk',
        slotMinutes: o.slotMinutes ?? 10, horizonDays: o.horizonDays ?? 365, minNoticeMinutes: o.minNoticeMinutes ?? 0,
        channels: ['phone', 'video'],
        topics: o.topics ?? [{ key: 'altro', it: 'Altro', en: 'Other' }],
        weekly: o.weekly ?? [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '08:00', to: '18:00', places })),
        exceptions: o.exceptions ?? [],
      }],
    }],
  };
  const parsed = parseOfficeFile(JSON.stringify(file), 'json');
  if (!parsed.content) throw new Error(JSON.stringify(parsed.problems));
  await importOffices(db, parsed.content);
  const r = await db.query<{ id: string }>(
    'SELECT d.id FROM desk d JOIN office o ON o.id = d.office_id WHERE o.code = $1 AND d.key = $2',
    [code, o.key ?? 'prova'],
  );
  return { deskId: r.rows[0]!.id, officeCode: code };
}

/** Valid tax codes (check letter right), distinct for i = 0…9999. */
export function taxCodeFor(i: number): string {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const consonants = 'BCDFGHJKLMNPQRSTVWXYZ';
  const a = consonants[Math.floor(i / 546) % 21]!;
  const b = consonants[Math.floor(i / 26) % 21]!;
  const c = letters[i % 26]!;
  const day = String(1 + (Math.floor(i / 11466) % 28)).padStart(2, '0');
  const body = `RSS${a}${b}${c}85T${day}F205`;
  return body + checkLetter(body);
}

const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];
function checkLetter(body15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const ch = body15[i]!;
    const v = /\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 65;
    sum += i % 2 === 0 ? ODD[v]! : v;
  }
  return String.fromCharCode(65 + (sum % 26));
}
