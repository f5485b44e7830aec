/**
 * Development-only stand-in for the public read API, so the web app can be
 * worked on without the server. Loaded by web/vite.config.ts only when
 * SPORTELLO_FIXTURES=1 and only by the dev server: never bundled.
 * Shapes follow the API contract; the data is Lombardy's demo file.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';

interface DemoFile {
  provinces: { code: string; name: string; capital: string; patronDay: string; patron: string; receptionPhone?: string }[];
  offices: { province: string; kind: string; name: string; town: string; address?: string; extraDesks?: string[] }[];
  defaultDesks: { key: string; name: string; nameEn: string; number: number }[];
  extraDeskTypes: Record<string, { name: string; nameEn: string; number: number }>;
}

const demo = JSON.parse(
  readFileSync(new URL('../../data/demo/lombardia-offices.json', import.meta.url), 'utf8'),
) as DemoFile;

const uuid = (seed: string): string => {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

const descriptions: Record<string, { it: string; en: string }> = {
  prestazioni: {
    it: 'Domande e pagamenti di prestazioni: NASpI, assegno unico, maternità, malattia, cassa integrazione.',
    en: 'Applications and payments of benefits: unemployment (NASpI), child allowance, maternity, sickness, wage guarantee.',
  },
  'assicurato-pensionato': {
    it: 'Pensioni, estratto conto contributivo, riscatti, ricongiunzioni e posizione assicurativa.',
    en: 'Pensions, contribution statement, redemptions, transfers and your insurance record.',
  },
  'invalidita-civile': {
    it: 'Domande di invalidità civile, accompagnamento, stato delle pratiche e pagamenti.',
    en: 'Civil invalidity applications, attendance allowance, application status and payments.',
  },
};

const offices = demo.offices.map((o, i) => {
  const province = demo.provinces.find((p) => p.code === o.province)!;
  const id = uuid(`office:${o.province}:${o.name}`);
  const deskTypes = [
    ...demo.defaultDesks,
    ...(o.extraDesks ?? []).map((key) => ({ key, ...demo.extraDeskTypes[key]! })),
  ];
  const desks = deskTypes.map((d) => ({
    id: uuid(`desk:${id}:${d.key}`),
    officeId: id,
    key: d.key,
    number: d.number,
    name: { it: d.name, en: d.nameEn },
    description: descriptions[d.key] ?? { it: d.name, en: d.nameEn },
    channels: d.number === 1 ? ['phone', 'video'] : ['phone'],
    slotMinutes: 8,
    horizonDays: 30,
    minNoticeMinutes: 120,
    active: true,
    topics: [],
  }));
  return {
    id,
    code: `${o.province}${String(i + 1).padStart(2, '0')}`,
    name: o.name,
    kind: o.kind,
    town: o.town,
    address: o.address ?? null,
    provinceCode: o.province,
    receptionPhone: province.receptionPhone ?? null,
    deskCount: desks.length,
    desks,
    localHolidays: o.town === province.capital ? [{ date: province.patronDay, name: province.patron }] : [],
  };
});

const weekly = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '08:30', to: '12:30', places: 2 }));
const national: Record<string, string> = {
  '01-01': 'Capodanno', '01-06': 'Epifania', '04-25': 'Festa della Liberazione', '05-01': 'Festa del Lavoro',
  '06-02': 'Festa della Repubblica', '08-15': 'Ferragosto', '11-01': 'Ognissanti', '12-08': 'Immacolata Concezione',
  '12-25': 'Natale', '12-26': 'Santo Stefano',
};

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Offset of Europe/Rome at a UTC instant, as "+01:00". */
function romeOffset(utc: Date): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Rome', timeZoneName: 'longOffset' })
    .formatToParts(utc)
    .find((p) => p.type === 'timeZoneName')!.value; // "GMT+01:00"
  return name.slice(3) || '+00:00';
}

function slotsFor(deskId: string, from: string, to: string) {
  const desk = offices.flatMap((o) => o.desks.map((d) => ({ d, o }))).find((x) => x.d.id === deskId);
  if (!desk) return null;
  const days = [];
  const now = Date.now();
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    const date = new Date(t).toISOString().slice(0, 10);
    const md = date.slice(5);
    const weekday = new Date(t).getUTCDay() || 7;
    const local = desk.o.localHolidays.find((h) => h.date === md);
    if (national[md]) { days.push({ date, open: false, closedReason: 'national_holiday', holidayName: national[md], slots: [] }); continue; }
    if (local) { days.push({ date, open: false, closedReason: 'local_holiday', holidayName: local.name, slots: [] }); continue; }
    const w = weekly.find((x) => x.weekday === weekday);
    if (!w) { days.push({ date, open: false, closedReason: 'weekend_or_no_opening', slots: [] }); continue; }
    const noon = new Date(`${date}T12:00:00Z`);
    const off = romeOffset(noon);
    const slots = [];
    for (let m = 8 * 60 + 30; m + 8 <= 12 * 60 + 30; m += 8) {
      const hhmm = (x: number) => `${String(Math.floor(x / 60)).padStart(2, '0')}:${String(x % 60).padStart(2, '0')}:00`;
      const start = `${date}T${hhmm(m)}${off}`;
      if (Date.parse(start) < now + 120 * 60_000) continue;
      const booked = (m * 7 + t / 86_400_000) % 5 === 0 ? 2 : (m + t / 86_400_000) % 3 === 0 ? 1 : 0;
      slots.push({ start, end: `${date}T${hhmm(m + 8)}${off}`, capacity: 2, booked, remaining: 2 - booked });
    }
    const full = slots.every((s) => s.remaining === 0);
    days.push({ date, open: true, full, slots });
  }
  return { deskId, timeZone: 'Europe/Rome', from, to, days };
}

function problem(res: ServerResponse, status: number, code: string, it: string, en: string) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/problem+json');
  res.end(JSON.stringify({ type: 'about:blank', title: en, status, detail: en, code, messages: { it, en } }));
}

function handle(req: IncomingMessage, res: ServerResponse): boolean {
  const url = new URL(req.url ?? '/', 'http://x');
  if (!url.pathname.startsWith('/api/')) return false;
  const send = (body: unknown) => {
    res.setHeader('Content-Type', 'application/json');
    setTimeout(() => res.end(JSON.stringify(body)), 150);
  };
  const path = url.pathname;
  let m: RegExpMatchArray | null;
  if (path === '/api/provinces') {
    send({
      items: demo.provinces.map((p) => ({
        code: p.code, name: p.name, capital: p.capital, receptionPhone: p.receptionPhone ?? null,
        officeCount: offices.filter((o) => o.provinceCode === p.code).length,
      })),
    });
  } else if (path === '/api/offices') {
    const province = url.searchParams.get('province');
    const q = fold(url.searchParams.get('q') ?? '');
    send({
      items: offices
        .filter((o) => !province || o.provinceCode === province)
        .filter((o) => !q || fold(o.name).includes(q) || fold(o.town).includes(q))
        .map(({ desks: _d, localHolidays: _l, ...o }) => o),
    });
  } else if ((m = path.match(/^\/api\/offices\/([^/]+)$/))) {
    const office = offices.find((o) => o.id === m![1]);
    if (office) send(office);
    else problem(res, 404, 'office_not_found', 'Sede non trovata.', 'Office not found.');
  } else if ((m = path.match(/^\/api\/desks\/([^/]+)$/))) {
    const office = offices.find((o) => o.desks.some((d) => d.id === m![1]));
    const desk = office?.desks.find((d) => d.id === m![1]);
    if (office && desk) {
      const { id, code, name, town, provinceCode } = office;
      send({ ...desk, office: { id, code, name, town, provinceCode }, weekly });
    } else problem(res, 404, 'desk_not_found', 'Sportello non trovato.', 'Desk not found.');
  } else if ((m = path.match(/^\/api\/desks\/([^/]+)\/slots$/))) {
    const body = slotsFor(m[1]!, url.searchParams.get('from') ?? '', url.searchParams.get('to') ?? '');
    if (body) send(body);
    else problem(res, 404, 'desk_not_found', 'Sportello non trovato.', 'Desk not found.');
  } else {
    problem(res, 404, 'not_found', 'Risorsa non trovata.', 'Resource not found.');
  }
  return true;
}

export function fixtureApi(): Plugin {
  return {
    name: 'sportello:fixture-api',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (!handle(req, res)) next();
      });
    },
  };
}
