/**
 * The subject tree of a region, kept by its regional administrator: areas (level 1) and their
 * subjects (level 2, with the SLA in working days and optionally the desk that answers). A new
 * SLA applies to the requests registered from then on (a deadline is set at registration). A
 * subject still named by a request cannot be deleted (409 `subject_in_use`): rename it instead.
 */
import { AppError, notFound } from '../domain/errors.js';
import { authorize, scopesFor, type Actor } from '../policy/index.js';
import { pgErrorCode, type Queryable } from '../storage/db.js';
import type { z } from 'zod';
import type { subjectView } from './routes.schema.js';

type Staff = Extract<Actor, { kind: 'staff' }>;

export type SubjectRow = z.output<typeof subjectView>;

export interface NewSubject {
  regionCode?: string | undefined;
  parentId?: string | undefined;
  key: string;
  it: string;
  en: string;
  slaDays?: number | undefined;
  deskKey?: string | null | undefined;
  position?: number | undefined;
}

export type SubjectChange = Partial<Pick<NewSubject, 'it' | 'en' | 'slaDays' | 'deskKey' | 'position'>>;

const subjectNotFound = () => notFound({ it: 'Argomento non trovato.', en: 'Subject not found.' });
const subjectInUse = () =>
  new AppError(409, 'subject_in_use', { it: 'Ci sono richieste con questo argomento: non si può eliminare, si può rinominare.', en: 'Requests name this subject: it cannot be deleted, it can be renamed.' });
const field = (path: string, code: string, it: string, en: string) =>
  new AppError(422, code, { it, en }, [{ path, code, it, en }]);

const SELECT = `SELECT s.id, s.level, s.parent_id AS "parentId", s.region_code AS "regionCode", s.key, s.name_it AS it, s.name_en AS en,
         s.desk_key AS "deskKey", s.sla_days AS "slaDays", s.position,
         (SELECT count(*)::int FROM drawer_thread t WHERE t.subject_id = s.id) AS threads
    FROM drawer_subject s`;

async function findSubject(db: Queryable, id: string): Promise<SubjectRow | null> {
  return (await db.query<SubjectRow>(`${SELECT} WHERE s.id = $1`, [id])).rows[0] ?? null;
}

/** The region the admin keeps (the one named, or the first of their grants). */
function regionOf(actor: Staff, named?: string): string {
  const regions = scopesFor(actor, 'staff.drawer.subjects').grants.map((g) => g.scope.regionCode);
  const region = named ?? regions[0];
  if (!region) authorize(actor, 'staff.drawer.subjects', { regionCode: '' });
  authorize(actor, 'staff.drawer.subjects', { regionCode: region! });
  return region!;
}

export async function listRegionSubjects(db: Queryable, actor: Staff): Promise<{ regionCode: string; items: SubjectRow[] }> {
  const regionCode = regionOf(actor);
  const r = await db.query<SubjectRow>(`${SELECT} WHERE s.region_code = $1 ORDER BY s.level, s.position, s.key`, [regionCode]);
  return { regionCode, items: r.rows };
}

export async function createSubject(db: Queryable, actor: Staff, n: NewSubject): Promise<SubjectRow> {
  let regionCode: string;
  if (n.parentId) {
    const parent = await findSubject(db, n.parentId);
    if (!parent) throw subjectNotFound();
    authorize(actor, 'staff.drawer.subjects', { regionCode: parent.regionCode });
    if (parent.level !== 1) throw field('parentId', 'invalid_parent', 'Un argomento sta sotto un’area (primo livello).', 'A subject goes under an area (first level).');
    if (n.slaDays === undefined) throw field('slaDays', 'sla_required', 'Indica in quanti giorni lavorativi si risponde.', 'Give the working days to answer within.');
    regionCode = parent.regionCode;
  } else {
    if (n.slaDays !== undefined || n.deskKey) throw field('slaDays', 'area_without_sla', 'Un’area non ha tempi né sportello: li hanno i suoi argomenti.', 'An area has no SLA nor desk: its subjects do.');
    regionCode = regionOf(actor, n.regionCode);
  }
  try {
    const r = await db.query<{ id: string }>(
      `INSERT INTO drawer_subject (region_code, level, parent_id, parent_level, key, name_it, name_en, desk_key, sla_days, position)
       VALUES ($1, $2, $3::uuid, $4, $5, $6, $7, $8, $9, COALESCE($10::int, (SELECT COALESCE(max(position), 0) + 1 FROM drawer_subject WHERE region_code = $1 AND parent_id IS NOT DISTINCT FROM $3::uuid)))
       RETURNING id`,
      [regionCode, n.parentId ? 2 : 1, n.parentId ?? null, n.parentId ? 1 : null, n.key, n.it, n.en, n.parentId ? (n.deskKey ?? null) : null, n.parentId ? n.slaDays : null, n.position ?? null],
    );
    return (await findSubject(db, r.rows[0]!.id))!;
  } catch (err) {
    if (pgErrorCode(err) === '23505') {
      throw new AppError(409, 'subject_exists', { it: 'Esiste già un argomento con questa chiave allo stesso livello.', en: 'A subject with this key already exists at the same level.' },
        [{ path: 'key', code: 'duplicate', it: 'Già presente.', en: 'Already present.' }]);
    }
    throw err;
  }
}

export async function changeSubject(db: Queryable, actor: Staff, id: string, c: SubjectChange): Promise<SubjectRow> {
  const s = await findSubject(db, id);
  if (!s) throw subjectNotFound();
  authorize(actor, 'staff.drawer.subjects', { regionCode: s.regionCode });
  if (s.level === 1 && (c.slaDays !== undefined || c.deskKey)) throw field('slaDays', 'area_without_sla', 'Un’area non ha tempi né sportello: li hanno i suoi argomenti.', 'An area has no SLA nor desk: its subjects do.');
  await db.query(
    `UPDATE drawer_subject SET name_it = COALESCE($2::text, name_it), name_en = COALESCE($3::text, name_en), sla_days = COALESCE($4::int, sla_days),
            desk_key = CASE WHEN $5::boolean THEN $6::text ELSE desk_key END, position = COALESCE($7::int, position)
      WHERE id = $1`,
    [id, c.it ?? null, c.en ?? null, c.slaDays ?? null, c.deskKey !== undefined, c.deskKey ?? null, c.position ?? null],
  );
  return (await findSubject(db, id))!;
}

export async function deleteSubject(db: Queryable, actor: Staff, id: string): Promise<void> {
  const s = await findSubject(db, id);
  if (!s) throw subjectNotFound();
  authorize(actor, 'staff.drawer.subjects', { regionCode: s.regionCode });
  const used = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM drawer_thread t JOIN drawer_subject x ON x.id = t.subject_id WHERE x.id = $1 OR x.parent_id = $1',
    [id],
  );
  if (used.rows[0]!.n > 0) throw subjectInUse();
  try {
    await db.query('DELETE FROM drawer_subject WHERE id = $1', [id]);
  } catch (err) {
    // A request registered meanwhile holds it (the foreign key): the same answer.
    if (pgErrorCode(err) === '23503') throw subjectInUse();
    throw err;
  }
}
