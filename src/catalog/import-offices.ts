import type { Db, Queryable } from '../storage/db.js';
import { AppError, type FieldProblem } from '../domain/errors.js';
import type { DeskConfig, OfficeConfig, OfficeFileContent } from '../domain/catalog/types.js';

export interface ImportSummary {
  provinces: number;
  offices: { created: number; updated: number };
  desks: { created: number; updated: number };
  openings: number;
  exceptions: number;
}

/**
 * Creates or updates the offices, desks, opening patterns and exceptions of a checked
 * office file, in one transaction: everything or nothing. Offices are matched by code,
 * desks by office and key; an office's holidays and a desk's patterns and exceptions are
 * replaced by the file's. Offices and desks that the file does not name are left alone.
 */
export async function importOffices(db: Db, file: OfficeFileContent): Promise<ImportSummary> {
  return db.transaction(async (tx) => {
    const summary: ImportSummary = { provinces: 0, offices: { created: 0, updated: 0 }, desks: { created: 0, updated: 0 }, openings: 0, exceptions: 0 };
    const regionCode = await upsertRegion(tx, file);
    for (const p of file.provinces) {
      await tx.query(
        `INSERT INTO province (code, region_code, name, capital, patron, patron_day, reception_phone)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (code) DO UPDATE SET region_code = EXCLUDED.region_code, name = EXCLUDED.name,
           capital = EXCLUDED.capital, patron = EXCLUDED.patron, patron_day = EXCLUDED.patron_day,
           reception_phone = EXCLUDED.reception_phone`,
        [p.code, regionCode, p.name, p.capital, p.patron, p.patronDay, p.receptionPhone],
      );
      summary.provinces++;
    }
    await checkProvincesExist(tx, file.offices);
    for (const office of file.offices) {
      const { id, inserted } = await upsertOffice(tx, office);
      summary.offices[inserted ? 'created' : 'updated']++;
      await tx.query('DELETE FROM office_holiday WHERE office_id = $1', [id]);
      for (const h of office.localHolidays) {
        await tx.query('INSERT INTO office_holiday (office_id, day, name) VALUES ($1, $2, $3)', [id, h.date, h.name]);
      }
      for (const desk of office.desks) {
        const d = await upsertDesk(tx, id, desk);
        summary.desks[d.inserted ? 'created' : 'updated']++;
        summary.openings += await replaceCalendar(tx, d.id, desk);
        summary.exceptions += desk.exceptions.length;
      }
    }
    return summary;
  });
}

async function upsertRegion(tx: Queryable, file: OfficeFileContent): Promise<string | null> {
  if (file.region) {
    await tx.query('INSERT INTO region (code, name) VALUES ($1, $2) ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name', [
      file.region.code,
      file.region.name,
    ]);
    return file.region.code;
  }
  if (file.provinces.length === 0) return null;
  const regions = await tx.query<{ code: string }>('SELECT code FROM region');
  if (regions.rows.length === 1) return regions.rows[0]!.code;
  throw new AppError(422, 'invalid_office_file', {
    it: 'Il file elenca province ma non la regione a cui appartengono.',
    en: 'The file lists provinces but not the region they belong to.',
  }, [{ path: 'region', code: 'required', it: 'Indica la regione (code, name).', en: 'Give the region (code, name).' }]);
}

async function checkProvincesExist(tx: Queryable, offices: OfficeConfig[]): Promise<void> {
  const wanted = [...new Set(offices.map((o) => o.provinceCode))];
  const found = await tx.query<{ code: string }>('SELECT code FROM province WHERE code = ANY($1::text[])', [wanted]);
  const known = new Set(found.rows.map((r) => r.code));
  const problems: FieldProblem[] = offices.flatMap((o, i) =>
    known.has(o.provinceCode)
      ? []
      : [{
          path: `offices[${i}].province`,
          code: 'unknown_province',
          it: `Provincia sconosciuta: ${o.provinceCode} (aggiungila al file o importala prima)`,
          en: `Unknown province: ${o.provinceCode} (add it to the file or import it first)`,
        }],
  );
  if (problems.length) {
    throw new AppError(422, 'invalid_office_file', { it: 'Il file delle sedi contiene errori.', en: 'The office file has errors.' }, problems);
  }
}

async function upsertOffice(tx: Queryable, o: OfficeConfig): Promise<{ id: string; inserted: boolean }> {
  const r = await tx.query<{ id: string; inserted: boolean }>(
    `INSERT INTO office (code, province_code, kind, name, town, address, reception_phone, serves, offer_hours_from, offer_hours_to, offer_weekdays,
       latitude, longitude)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text[], $9, $10, $11::int[], $12, $13)
     ON CONFLICT (code) DO UPDATE SET province_code = EXCLUDED.province_code, kind = EXCLUDED.kind,
       name = EXCLUDED.name, town = EXCLUDED.town, address = EXCLUDED.address,
       reception_phone = EXCLUDED.reception_phone, serves = EXCLUDED.serves, offer_hours_from = EXCLUDED.offer_hours_from,
       offer_hours_to = EXCLUDED.offer_hours_to, offer_weekdays = EXCLUDED.offer_weekdays,
       latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude, updated_at = now()
     RETURNING id, (xmax = 0) AS inserted`,
    [o.code, o.provinceCode, o.kind, o.name, o.town, o.address, o.receptionPhone, o.serves, o.offerHours.from, o.offerHours.to, o.offerHours.weekdays,
      o.location?.latitude ?? null, o.location?.longitude ?? null],
  );
  return r.rows[0]!;
}

async function upsertDesk(tx: Queryable, officeId: string, d: DeskConfig): Promise<{ id: string; inserted: boolean }> {
  const r = await tx.query<{ id: string; inserted: boolean }>(
    `INSERT INTO desk (office_id, key, number, name_it, name_en, description_it, description_en, channels,
       slot_minutes, horizon_days, min_notice_minutes, topics, active, hold_minutes, max_active_per_person,
       release_weekday, release_time, release_weeks_ahead, priority_percent, priority_release_hours, waitlist_offer_minutes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text[], $9, $10, $11, $12::jsonb, $13, $14, $15, $16, $17, $18, $19, $20, $21)
     ON CONFLICT (office_id, key) DO UPDATE SET number = EXCLUDED.number, name_it = EXCLUDED.name_it,
       name_en = EXCLUDED.name_en, description_it = EXCLUDED.description_it, description_en = EXCLUDED.description_en,
       channels = EXCLUDED.channels, slot_minutes = EXCLUDED.slot_minutes, horizon_days = EXCLUDED.horizon_days,
       min_notice_minutes = EXCLUDED.min_notice_minutes, topics = EXCLUDED.topics, active = EXCLUDED.active,
       hold_minutes = EXCLUDED.hold_minutes, max_active_per_person = EXCLUDED.max_active_per_person,
       release_weekday = EXCLUDED.release_weekday, release_time = EXCLUDED.release_time,
       release_weeks_ahead = EXCLUDED.release_weeks_ahead, priority_percent = EXCLUDED.priority_percent,
       priority_release_hours = EXCLUDED.priority_release_hours, waitlist_offer_minutes = EXCLUDED.waitlist_offer_minutes,
       updated_at = now()
     RETURNING id, (xmax = 0) AS inserted`,
    [officeId, d.key, d.number, d.name.it, d.name.en, d.description.it, d.description.en, d.channels,
      d.slotMinutes, d.horizonDays, d.minNoticeMinutes, JSON.stringify(d.topics), d.active, d.booking.holdMinutes,
      d.booking.maxActivePerPerson, d.booking.release?.weekday ?? null, d.booking.release?.time ?? null,
      d.booking.release?.weeksAhead ?? 1, d.booking.priorityPercent, d.booking.priorityReleaseHours, d.booking.waitlistOfferMinutes],
  );
  return r.rows[0]!;
}

async function replaceCalendar(tx: Queryable, deskId: string, d: DeskConfig): Promise<number> {
  await tx.query('DELETE FROM desk_opening WHERE desk_id = $1', [deskId]);
  await tx.query('DELETE FROM desk_exception WHERE desk_id = $1', [deskId]);
  for (const w of d.weekly) {
    await tx.query('INSERT INTO desk_opening (desk_id, weekday, opens, closes, places) VALUES ($1, $2, $3, $4, $5)', [
      deskId, w.weekday, w.from, w.to, w.places,
    ]);
  }
  for (const e of d.exceptions) {
    await tx.query(
      'INSERT INTO desk_exception (desk_id, day, kind, opens, closes, places, reason) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [deskId, e.date, e.kind, e.from ?? null, e.to ?? null, 'places' in e ? e.places : null, e.reason ?? null],
    );
  }
  return d.weekly.length;
}

/**
 * Whether the region and provinces a file carries would change anything: an office file
 * exported from this database repeats them as they are, and re-importing it touches only
 * its office. A region or province that is new or different is a decision for the region.
 */
export async function changesRegionOrProvinces(q: Queryable, file: OfficeFileContent): Promise<boolean> {
  if (file.region) {
    const r = await q.query<{ name: string }>('SELECT name FROM region WHERE code = $1', [file.region.code]);
    if (r.rows[0]?.name !== file.region.name) return true;
  }
  for (const p of file.provinces) {
    const r = await q.query<{ regionCode: string; name: string; capital: string; patron: string | null; patronDay: string | null; receptionPhone: string | null }>(
      `SELECT region_code AS "regionCode", name, capital, patron, patron_day AS "patronDay", reception_phone AS "receptionPhone"
         FROM province WHERE code = $1`,
      [p.code],
    );
    const row = r.rows[0];
    if (!row) return true;
    if (file.region && row.regionCode !== file.region.code) return true;
    if (row.name !== p.name || row.capital !== p.capital || row.patron !== p.patron || row.patronDay !== p.patronDay || row.receptionPhone !== p.receptionPhone) return true;
  }
  return false;
}
