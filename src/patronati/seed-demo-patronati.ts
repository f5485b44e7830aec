import { DEMO_PATRONATO_PROVINCES, demoPatronatoUsername } from '../users/index.js';
import type { Db } from '../storage/db.js';

/** Fictional organisations of the demo (no real patronato's name or number). */
const DEMO_NAMES = ['Patronato Lavoro e Previdenza', 'Patronato Tutela Famiglie'] as const;

/**
 * The demo's patronati: two per province (each with a local office in the province's capital
 * and a fictional number it calls from), the patronati's number of each province, and a 20 %
 * patronato share on the first desk of each office, released 48 hours before. The demo operators
 * (`patronato.<province>.<n>`, src/users/demo-users.ts) are linked to their organisation, and
 * `patronato.milano` to the first of Milan. Does nothing when a patronato exists already.
 */
export async function seedDemoPatronati(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    if ((await tx.query('SELECT 1 FROM patronato LIMIT 1')).rows.length) return 0;
    const provinces = await tx.query<{ code: string; name: string; regionCode: string }>(
      'SELECT code, name, region_code AS "regionCode" FROM province WHERE code = ANY ($1) ORDER BY code', [[...DEMO_PATRONATO_PROVINCES]]);
    let created = 0;
    for (const [i, p] of provinces.rows.entries()) {
      await tx.query('INSERT INTO patronato_line (province_code, phone) VALUES ($1, $2) ON CONFLICT DO NOTHING', [p.code, `+39028000${String(100 + i).padStart(4, '0')}`]);
      for (const [k, name] of DEMO_NAMES.entries()) {
        const n = k + 1;
        const org = await tx.query<{ id: string }>(
          'INSERT INTO patronato (name, accreditation_code, region_code) VALUES ($1, $2, $3) RETURNING id',
          [`${name} – ${p.name} (demo)`, `DEMO-${p.code}-${n}`, p.regionCode],
        );
        const id = org.rows[0]!.id;
        await tx.query(
          'INSERT INTO patronato_office (patronato_id, province_code, name, address, phone) VALUES ($1, $2, $3, $4, $5)',
          [id, p.code, `${name} – sede di ${p.name}`, `Via della Previdenza ${n}, ${p.name}`, `+39029000${String(i * 10 + n).padStart(4, '0')}`],
        );
        const usernames = [demoPatronatoUsername(p.code, n), ...(p.code === 'MI' && n === 1 ? ['patronato.milano'] : [])];
        await tx.query('UPDATE staff_user SET patronato_id = $1 WHERE lower(username) = ANY ($2) AND demo', [id, usernames]);
        created++;
      }
    }
    await tx.query(
      `UPDATE desk d SET patronato_percent = 20, patronato_release_hours = 48
        WHERE d.number = (SELECT min(x.number) FROM desk x WHERE x.office_id = d.office_id) AND d.priority_percent <= 80`,
    );
    return created;
  });
}
