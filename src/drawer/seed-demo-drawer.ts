/**
 * Demo data for the drawer (a demo database only): companies of Milano delegated to the demo
 * consultants, and requests in every state — open (one past its deadline), in charge with
 * replies and an internal note, closed with an outcome — written through the use cases, at
 * past times, so that they are what the system would have recorded.
 */
import { loadGrants } from '../users/index.js';
import type { Actor } from '../policy/index.js';
import type { Db } from '../storage/db.js';
import { assignThread } from './assign-thread.js';
import { closeThread } from './close-thread.js';
import type { DrawerDeps } from './deps.js';
import { postConsultantMessage, postStaffMessage } from './post-message.js';
import { registerThread } from './register-thread.js';
import { createHash } from 'node:crypto';

type Staff = Extract<Actor, { kind: 'staff' }>;

const DAY = 86_400_000;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const pdf = (name: string) => ({ name, mediaType: 'application/pdf' as const, size: PDF.length, sha256: createHash('sha256').update(PDF).digest('hex'), scannedBy: 'none' as const, bytes: PDF });

async function staffActor(db: Db, username: string): Promise<Staff | null> {
  const r = await db.query<{ id: string }>('SELECT id FROM staff_user WHERE lower(username) = lower($1)', [username]);
  const id = r.rows[0]?.id;
  return id ? { kind: 'staff', userId: id, username, grants: await loadGrants(db, id) } : null;
}

/** Seeds once (nothing when companies exist or the demo accounts are missing). Returns the threads made. */
export async function seedDemoDrawer(db: Db, nowMs: number): Promise<number> {
  const any = await db.query('SELECT 1 FROM drawer_company LIMIT 1');
  if (any.rows.length) return 0;
  const rossi = await staffActor(db, 'consulente.milano');
  const bianchi = await staffActor(db, 'consulente.bianchi');
  const op = await staffActor(db, 'operatore.milano');
  if (!rossi || !bianchi || !op) return 0;
  const office = await db.query<{ id: string }>("SELECT id FROM office WHERE code = 'MI01'");
  if (!office.rows[0]) return 0;
  const companies: Record<string, string> = {};
  for (const [matricola, name, consultant] of [
    ['4900112233', 'Officine Meccaniche Lambro srl', rossi],
    ['4900445566', 'Panificio Navigli snc', rossi],
    ['4900778899', 'Logistica Certosa spa', rossi],
    ['4900990011', 'Studio Grafico Brera srl', bianchi],
  ] as const) {
    const c = await db.query<{ id: string }>('INSERT INTO drawer_company (matricola, name, office_id) VALUES ($1, $2, $3) RETURNING id', [matricola, name, office.rows[0].id]);
    companies[matricola] = c.rows[0]!.id;
    await db.query('INSERT INTO drawer_delegation (company_id, consultant_id, granted_at) VALUES ($1, $2, $3)', [c.rows[0]!.id, consultant.userId, new Date(nowMs - 90 * DAY)]);
  }
  const subject = async (key: string) => (await db.query<{ id: string }>("SELECT id FROM drawer_subject WHERE region_code = 'LOM' AND key = $1 AND level = 2", [key])).rows[0]!.id;
  let clock = nowMs;
  const deps: DrawerDeps = { db, now: () => clock, documents: { maxBytes: 10 * 1024 * 1024 } };
  const at = (daysAgo: number, hour = 10) => {
    clock = nowMs - daysAgo * DAY + (hour - 10) * 3_600_000;
  };
  let made = 0;
  const open = async (who: Staff, matricola: string, key: string, title: string, body: string, daysAgo: number, files = 0) => {
    at(daysAgo);
    made++;
    return (await registerThread(deps, who, { companyId: companies[matricola]!, subjectId: await subject(key), title, body }, files ? [pdf('denuncia.pdf')] : [])).id;
  };

  // In the order it happened (protocol numbers follow registration times).
  // Closed as not competent, 20 days ago.
  const t6 = await open(bianchi, '4900990011', 'conguagli', 'Conguaglio assegni familiari', 'Chiediamo se è possibile conguagliare gli assegni di un dipendente cessato.', 20);
  at(18);
  await closeThread(deps, op, t6, { outcome: 'not_competent', note: 'La richiesta riguarda la sede competente per la residenza del dipendente: inviatela a quella sede.' });
  // Open and past its deadline.
  await open(rossi, '4900445566', 'durc', 'DURC irregolare per contributi già versati', 'Il DURC risulta irregolare per il periodo di luglio, ma il versamento è stato fatto: alleghiamo la quietanza F24.', 15, 1);
  // Answered and closed as resolved.
  const t5 = await open(rossi, '4900112233', 'iscrizione-variazioni', 'Variazione della sede operativa', 'Comunichiamo il trasferimento della sede operativa dal 1° del mese.', 12);
  at(11);
  await assignThread(deps, op, t5);
  at(10);
  await postStaffMessage(deps, op, t5, { body: 'Variazione registrata nella posizione aziendale.', internal: false }, []);
  await closeThread(deps, op, t5, { outcome: 'resolved', note: 'Variazione acquisita.' });
  // In charge, not answered yet.
  const t4 = await open(bianchi, '4900990011', 'rateazioni', 'Richiesta di rateazione di un avviso di addebito', 'Chiediamo la rateazione in 24 rate dell’avviso di addebito notificato il mese scorso.', 6);
  at(5);
  await assignThread(deps, op, t4);
  // In charge: an internal note, an answer, the consultant's reply.
  const t3 = await open(rossi, '4900778899', 'uniemens', 'Denuncia UniEmens di agosto scartata', 'La denuncia UniEmens di agosto è stata scartata con errore di quadratura. Potete verificare?', 4, 1);
  at(3, 9);
  await assignThread(deps, op, t3);
  at(3, 11);
  await postStaffMessage(deps, op, t3, { body: 'Controllare il flusso con l’ufficio contributi prima di rispondere.', internal: true }, []);
  at(2, 15);
  await postStaffMessage(deps, op, t3, { body: 'Lo scarto dipende dal codice contratto indicato per due dipendenti. Correggetelo e reinviate la denuncia.', internal: false }, []);
  at(1, 9);
  await postConsultantMessage(deps, rossi, t3, 'Abbiamo corretto il codice contratto e reinviato la denuncia stamattina.', []);
  // Open: new this morning.
  await open(rossi, '4900112233', 'cassa-integrazione', 'Pagamento diretto CIG di settembre', 'I lavoratori non hanno ricevuto il pagamento diretto della cassa integrazione di settembre. Chiediamo lo stato della domanda.', 0);
  return made;
}
