import { weekdayOf } from '../domain/schedule/time.js';
import type { Db } from '../storage/db.js';

/** The open past days of a desk, for the demo's refusals. */
export interface DeskDays {
  deskId: string;
  dates: string[];
}

/**
 * Demo refusals because the desk was full (desk_refusal_day, docs/planning.md): on each past
 * day a desk was open, 0–5 requests through the web refused (0–2 late in the week), one through
 * the reception line on about one day in four and one from a patronato on about one day in eight
 * — the pressure of Monday mornings. Days that already have a row keep it (running it again adds
 * nothing). `rand` is the demo's deterministic sequence. Returns the refusals written.
 */
export async function seedDemoRefusals(db: Db, desks: DeskDays[], rand: () => number): Promise<number> {
  const rows = { desk: [] as string[], day: [] as string[], source: [] as string[], n: [] as number[] };
  const add = (deskId: string, day: string, source: string, n: number) => {
    if (n < 1) return;
    rows.desk.push(deskId);
    rows.day.push(day);
    rows.source.push(source);
    rows.n.push(n);
  };
  for (const d of desks) {
    for (const day of d.dates) {
      const early = weekdayOf(day) <= 2;
      add(d.deskId, day, 'web', Math.floor(rand() * (early ? 6 : 3)));
      add(d.deskId, day, 'reception', rand() < 0.25 ? 1 : 0);
      add(d.deskId, day, 'patronato', rand() < 0.125 ? 1 : 0);
    }
  }
  if (rows.desk.length === 0) return 0;
  const r = await db.query<{ refusals: number }>(
    `INSERT INTO desk_refusal_day (desk_id, day, source, refusals)
     SELECT * FROM unnest($1::uuid[], $2::date[], $3::text[], $4::int[])
     ON CONFLICT (desk_id, day, source) DO NOTHING RETURNING refusals`,
    [rows.desk, rows.day, rows.source, rows.n],
  );
  return r.rows.reduce((s, x) => s + x.refusals, 0);
}
