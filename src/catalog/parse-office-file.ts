import { foldLookAlikes } from '../domain/booking/booking-code.js';
import { DEFAULT_OFFICE_HOURS } from '../domain/booking/offer-window.js';
import { municipalityNamed } from './municipalities.js';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import type { FieldProblem } from '../domain/errors.js';
import { DEFAULT_BOOKING_SETTINGS } from '../domain/catalog/types.js';
import type { Channel, DeskConfig, OfficeConfig, OfficeFileContent, ProvinceConfig } from '../domain/catalog/types.js';
import { normalisePhone } from '../domain/contact/phone.js';
import { validateSchedule } from '../domain/schedule/index.js';
import type { LocalHoliday } from '../domain/schedule/types.js';
import { zodProblems } from '../platform/zod-problems.js';
import { csvToOfficeFile } from './office-file-csv.js';
import { deskSchema, officeFileShellSchema, officeShellSchema, type DeskInput, type OfficeFileShell } from './office-file.schema.js';

export type OfficeFileFormat = 'json' | 'yaml' | 'csv';

export interface ParsedOfficeFile {
  content: OfficeFileContent | null;
  problems: FieldProblem[];
}

export function formatOfFileName(name: string): OfficeFileFormat | null {
  const ext = name.toLowerCase().split('.').pop();
  if (ext === 'json') return 'json';
  if (ext === 'yaml' || ext === 'yml') return 'yaml';
  if (ext === 'csv') return 'csv';
  return null;
}

/**
 * Reads an office file and checks all of it. Either `content` (normalised, every default
 * applied) with no problems, or null content and every problem found, each with its place.
 */
export function parseOfficeFile(text: string, format: OfficeFileFormat): ParsedOfficeFile {
  let raw: unknown;
  let lineOf: (path: string) => number | undefined = () => undefined;
  const early: FieldProblem[] = [];
  try {
    if (format === 'json') raw = JSON.parse(text);
    else if (format === 'yaml') raw = parseYaml(text);
    else {
      const csv = csvToOfficeFile(text);
      if (csv.file === null) return { content: null, problems: csv.problems };
      early.push(...csv.problems);
      raw = csv.file;
      lineOf = csv.lineOf;
    }
  } catch (err) {
    const line = err instanceof YAMLParseError ? err.linePos?.[0]?.line : undefined;
    const msg = err instanceof Error ? err.message : String(err);
    return {
      content: null,
      problems: [
        { path: '(file)', ...(line ? { line } : {}), code: 'syntax', it: `File non leggibile: ${msg}`, en: `Unreadable file: ${msg}` },
      ],
    };
  }
  const parsed = officeFileShellSchema.safeParse(raw);
  if (!parsed.success) return { content: null, problems: [...early, ...withLines(zodProblems(parsed.error as z.ZodError), lineOf)] };
  const problems: FieldProblem[] = [...early];
  const content = normalise(parsed.data, problems);
  return problems.length ? { content: null, problems: withLines(dedupe(problems), lineOf) } : { content, problems: [] };
}

function withLines(problems: FieldProblem[], lineOf: (path: string) => number | undefined): FieldProblem[] {
  return problems.map((p) => {
    const line = p.line ?? lineOf(p.path);
    return line ? { ...p, line } : p;
  });
}

/** Shared defaults are checked once per office that uses them: report each problem once. */
function dedupe(problems: FieldProblem[]): FieldProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}|${p.code}|${p.it}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function problem(path: string, code: string, it: string, en: string): FieldProblem {
  return { path, code, it, en };
}

function phoneOrProblem(value: string | undefined, path: string, problems: FieldProblem[]): string | null {
  if (value === undefined || value.trim() === '') return null;
  const e164 = normalisePhone(value);
  if (!e164) problems.push(problem(path, 'invalid_phone', `Numero di telefono non valido: ${value}`, `Invalid phone number: ${value}`));
  return e164;
}

function normalise(file: OfficeFileShell, problems: FieldProblem[]): OfficeFileContent {
  const provinces: ProvinceConfig[] = (file.provinces ?? []).map((p, i) => ({
    code: p.code,
    name: p.name,
    capital: p.capital,
    patron: p.patron ?? null,
    patronDay: p.patronDay ?? null,
    receptionPhone: phoneOrProblem(p.receptionPhone, `provinces[${i}].receptionPhone`, problems),
  }));
  const provinceByCode = new Map(provinces.map((p) => [p.code, p]));
  if (provinceByCode.size !== provinces.length) {
    problems.push(problem('provinces', 'duplicate', 'Provincia ripetuta nel file.', 'A province appears twice in the file.'));
  }

  const ordinal = new Map<string, number>();
  const codes = new Set<string>();
  // Booking codes start with the office code and are read with 0/O and 1/I/L alike.
  const folded = new Map<string, string>();
  const offices: OfficeConfig[] = file.offices.flatMap((rawOffice, i) => {
    const at = `offices[${i}]`;
    const checked = officeShellSchema.safeParse(rawOffice);
    if (!checked.success) {
      problems.push(...zodProblems(checked.error as z.ZodError, ['offices', i]));
      return [];
    }
    const o = checked.data;
    const n = (ordinal.get(o.province) ?? 0) + 1;
    ordinal.set(o.province, n);
    const code = o.code ?? `${o.province}${String(n).padStart(2, '0')}`;
    if (codes.has(code)) {
      problems.push(problem(`${at}.code`, 'duplicate', `Codice sede ripetuto: ${code}`, `Office code used twice: ${code}`));
    }
    codes.add(code);
    const twin = folded.get(foldLookAlikes(code));
    if (twin !== undefined && twin !== code) {
      problems.push(problem(`${at}.code`, 'look_alike', `Codice sede che si confonde con ${twin} (0/O, 1/I/L): ${code}`, `Office code that reads like ${twin} (0/O, 1/I/L): ${code}`));
    }
    folded.set(foldLookAlikes(code), code);

    const localHolidays: LocalHoliday[] = [...(o.localHolidays ?? [])];
    const province = provinceByCode.get(o.province);
    if (province?.patronDay && sameTown(province.capital, o.town) && !localHolidays.some((h) => h.date === province.patronDay)) {
      localHolidays.push({ date: province.patronDay, name: province.patron ?? 'Santo patrono' });
    }
    for (const p of validateSchedule({ slotMinutes: 8, weekly: [], exceptions: [], localHolidays })) {
      problems.push({ ...p, path: `${at}.${p.field}` });
    }

    const deskInputs: { input: DeskInput; at: string }[] = o.desks
      ? o.desks.flatMap((rawDesk, j) => {
          const desk = deskSchema.safeParse(rawDesk);
          if (desk.success) return [{ input: desk.data, at: `${at}.desks[${j}]` }];
          problems.push(...zodProblems(desk.error as z.ZodError, ['offices', i, 'desks', j]));
          return [];
        })
      : [
          ...(file.defaultDesks ?? []).map((d, j) => ({ input: d, at: `defaultDesks[${j}]` })),
          ...(o.extraDesks ?? []).flatMap((key, j) => {
            const type = file.extraDeskTypes?.[key];
            if (!type) {
              problems.push(problem(`${at}.extraDesks[${j}]`, 'unknown_desk_type', `Tipo di sportello sconosciuto: ${key}`, `Unknown desk type: ${key}`));
              return [];
            }
            return [{ input: { ...type, key }, at: `extraDeskTypes.${key}` }];
          }),
        ];
    if (deskInputs.length === 0 && !o.desks?.length) {
      problems.push(problem(`${at}.desks`, 'no_desks', 'La sede non ha sportelli.', 'The office has no desks.'));
    }
    const desks = deskInputs.map(({ input, at: deskAt }) => deskConfig(input, file, deskAt, problems));
    for (const [field, label] of [['key', { it: 'Chiave', en: 'Key' }], ['number', { it: 'Numero', en: 'Number' }]] as const) {
      const seen = new Set<string | number>();
      for (const d of desks) {
        if (seen.has(d[field])) {
          problems.push(problem(`${at}.desks`, 'duplicate', `${label.it} di sportello ripetuto nella sede ${code}: ${d[field]}`, `${label.en} of a desk used twice in office ${code}: ${d[field]}`));
        }
        seen.add(d[field]);
      }
    }

    if ((o.latitude === undefined) !== (o.longitude === undefined)) {
      const missing = o.latitude === undefined ? 'latitude' : 'longitude';
      problems.push(problem(`${at}.${missing}`, 'incomplete_location', 'Indica sia la latitudine sia la longitudine, o nessuna delle due.', 'Give both latitude and longitude, or neither.'));
    }

    const serves = (o.serves ?? []).flatMap((name, j) => {
      const found = municipalityNamed(o.province, name);
      if (!found) {
        problems.push(problem(`${at}.serves[${j}]`, 'unknown_municipality', `Comune sconosciuto nella provincia ${o.province}: ${name}`, `No such comune in province ${o.province}: ${name}`));
        return [];
      }
      return [found.name];
    });

    return [{
      code,
      provinceCode: o.province,
      kind: o.kind,
      name: o.name,
      town: o.town,
      address: o.address?.trim() ? o.address.trim() : null,
      receptionPhone: phoneOrProblem(o.receptionPhone, `${at}.receptionPhone`, problems),
      location: o.latitude !== undefined && o.longitude !== undefined ? { latitude: o.latitude, longitude: o.longitude } : null,
      serves: [...new Set(serves)],
      offerHours: {
        from: o.offerHours?.from ?? DEFAULT_OFFICE_HOURS.from,
        to: o.offerHours?.to ?? DEFAULT_OFFICE_HOURS.to,
        weekdays: [...new Set(o.offerHours?.weekdays ?? DEFAULT_OFFICE_HOURS.weekdays)].sort(),
      },
      localHolidays,
      desks,
    }];
  });
  return { region: file.region ?? null, provinces, offices };
}

function deskConfig(d: DeskInput, file: OfficeFileShell, at: string, problems: FieldProblem[]): DeskConfig {
  const defaults = file.deskDefaults ?? {};
  const desk: DeskConfig = {
    key: d.key,
    number: d.number,
    name: { it: d.name, en: d.nameEn },
    description: { it: d.description ?? '', en: d.descriptionEn ?? '' },
    channels: [...new Set<Channel>(d.channels ?? defaults.channels ?? ['phone'])],
    slotMinutes: d.slotMinutes ?? defaults.slotMinutes ?? 8,
    horizonDays: d.horizonDays ?? defaults.horizonDays ?? 30,
    minNoticeMinutes: d.minNoticeMinutes ?? defaults.minNoticeMinutes ?? 120,
    active: d.active ?? true,
    topics: d.topics ?? [],
    weekly: (d.weekly ?? defaults.weekly ?? []).map((w) => ({ ...w, weekday: w.weekday as 1 | 2 | 3 | 4 | 5 | 6 | 7 })),
    exceptions: (d.exceptions ?? []).map((e) => ({ ...e }) as DeskConfig['exceptions'][number]),
    booking: { ...DEFAULT_BOOKING_SETTINGS, ...stripUndefined(defaults.booking ?? {}), ...stripUndefined(d.booking ?? {}) },
  };
  const where = d.weekly ? at : 'deskDefaults';
  for (const p of validateSchedule({ slotMinutes: desk.slotMinutes, weekly: desk.weekly, exceptions: desk.exceptions, localHolidays: [] })) {
    const base = p.field.startsWith('weekly') ? where : at;
    problems.push({ ...p, path: `${base}.${p.field}` });
  }
  return desk;
}

/** Same town, ignoring case and accents ("Cantù" = "CANTU"). */
export function sameTown(a: string, b: string): boolean {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
  return fold(a) === fold(b);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
