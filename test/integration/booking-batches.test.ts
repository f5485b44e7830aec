import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bookOnce, bookPlace } from '../../src/booking/book-place.js';
import { claimBatches } from '../../src/booking/claim-batches.js';
import { bookingDeps, deriveBookingSecret, type BookingDeps } from '../../src/booking/deps.js';
import { holdPlace } from '../../src/booking/hold-place.js';
import { AppError } from '../../src/domain/errors.js';
import type { Db } from '../../src/storage/db.js';
import { toIsoWithOffset } from '../../src/domain/schedule/zone.js';
import { romeTime, workingDay } from '../support/clock.js';
import { testDatabases } from '../support/databases.js';
import { createTestDesk, taxCodeFor } from '../support/test-desk.js';

const MIN = 60_000;
const at = (iso: string) => Date.parse(iso);
/** Four working days in a row, weeks ahead of today (the test desk closes on holidays), and their times in Rome. */
const D3 = workingDay(40);
const D4 = workingDay(1, romeTime(D3, 12));
const D5 = workingDay(1, romeTime(D4, 12));
const D6 = workingDay(1, romeTime(D5, 12));
const rome = (day: string, hh: number, mm: number) => toIsoWithOffset(romeTime(day, hh, mm));
const outcome = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof AppError ? e.code : String(e)));

function person(i: number) {
  return {
    taxCode: taxCodeFor(i), fullName: `Persona ${i}`, phone: `+39 347 ${String(1000000 + i).slice(-7)}`,
    language: 'it' as const, consent: true, channel: 'phone' as const, source: 'web' as const, actor: 'citizen',
  };
}

describe.each(testDatabases)('holds and confirmations in batches on $name', (database) => {
  let db: Db;
  let deps: BookingDeps;

  beforeAll(async () => {
    db = await database.open();
  });
  afterAll(async () => db.close());
  beforeEach(() => {
    deps = bookingDeps(db, deriveBookingSecret('b'.repeat(40)), { claims: claimBatches(db, { size: 32, concurrency: 2 }) });
  });

  it('sends the holds arriving together as one call, each deciding alone: one place per slot, the others slot_full', async () => {
    const { deskId } = await createTestDesk(db, { code: 'BA01', places: 1 });
    const starts = [rome(D3, 9, 0), rome(D3, 9, 10), rome(D3, 9, 20)];
    // two people for each slot, all in the same turn of the event loop
    const attempts = [...starts, ...starts].map((s) => holdPlace(deps, { deskId, startMs: at(s), channel: 'phone' }));
    const results = await Promise.all(attempts.map(outcome));
    expect(deps.claims.stats.hold).toEqual({ batches: 1, calls: 6, largest: 6, split: 0 });
    expect(results.filter((r) => r === 'ok')).toHaveLength(3);
    expect(results.filter((r) => r === 'slot_full')).toHaveLength(3);
    const slots = await db.query<{ taken: number }>('SELECT taken FROM slot WHERE desk_id = $1 ORDER BY starts_at', [deskId]);
    expect(slots.rows.map((s) => s.taken)).toEqual([1, 1, 1]);
    const held = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM booking WHERE desk_id = $1 AND status = 'held'", [deskId]);
    expect(held.rows[0]!.n).toBe(3);
  });

  it('confirms together; the element that breaks a rule fails alone, with its own error, and writes nothing', async () => {
    const { deskId } = await createTestDesk(db, { code: 'BA02', places: 1 });
    const slotA = rome(D4, 9, 0);
    const slotB = rome(D4, 9, 10);
    const slotC = rome(D4, 9, 20);
    const holds = await Promise.all([slotA, slotB, slotC].map((s) => holdPlace(deps, { deskId, startMs: at(s), channel: 'phone' })));
    // the same person confirms two holds at once (one booking per person at this desk), another person the third
    const confirms = [person(1), person(1), person(2)].map((p, k) =>
      bookPlace(deps, { ...p, hold: { id: holds[k]!.holdId, token: holds[k]!.holdToken } }));
    const settled = await Promise.allSettled(confirms);
    expect(deps.claims.stats.confirm).toEqual({ batches: 1, calls: 3, largest: 3, split: 0 });
    const codes = settled.map((s) => (s.status === 'fulfilled' ? 'ok' : (s.reason as AppError).code));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(2);
    expect(codes.filter((c) => c === 'already_booked')).toHaveLength(1);
    expect(codes[2]).toBe('ok');
    // the refused one's confirmation (person, history) was rolled back alone, and its hold released at once
    const refused = holds[codes.indexOf('already_booked')]!;
    const row = await db.query<{ status: string; taxCode: string | null }>('SELECT status, tax_code AS "taxCode" FROM booking WHERE id = $1', [refused.holdId]);
    expect(row.rows[0]).toEqual({ status: 'expired', taxCode: null });
    const events = await db.query<{ kind: string }>('SELECT kind FROM booking_event WHERE booking_id = $1 ORDER BY id', [refused.holdId]);
    expect(events.rows.map((e) => e.kind)).toEqual(['held', 'expired']);
    const booked = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM booking WHERE desk_id = $1 AND status = 'booked'", [deskId]);
    expect(booked.rows[0]!.n).toBe(2);
    // and the citizen's answer names no booking, office or desk
    const err = settled.find((s) => s.status === 'rejected') as PromiseRejectedResult;
    expect(JSON.stringify((err.reason as AppError).messages)).not.toMatch(/BA02|•••/);
    expect((err.reason as AppError).extra).toEqual({});
  });

  it('confirms with Idempotency-Keys in one batch: each key keeps its own answer, a refused one keeps nothing, a lapsed hold takes the ordinary path', async () => {
    let clock = Date.now();
    deps = bookingDeps(db, deriveBookingSecret('b'.repeat(40)), { now: () => clock, claims: claimBatches(db, { size: 32, concurrency: 2 }) });
    const { deskId } = await createTestDesk(db, { code: 'BA04', places: 1 });
    const starts = [rome(D6, 9, 0), rome(D6, 9, 10), rome(D6, 9, 20)];
    const holds = await Promise.all(starts.map((s) => holdPlace(deps, { deskId, startMs: at(s), channel: 'phone' })));
    const people = [person(11), person(11), person(12)];
    const request = (k: number) => ({ hold: { id: holds[k]!.holdId, token: holds[k]!.holdToken }, taxCode: people[k]!.taxCode });
    const once = (k: number) => bookOnce(deps, { ...people[k]!, hold: request(k).hold }, `batch-key-${k}-xyz`, 'bookings.create', request(k));
    const first = await Promise.allSettled([0, 1, 2].map(once));
    expect(deps.claims.stats.confirm).toEqual({ batches: 1, calls: 3, largest: 3, split: 0 });
    const codes = first.map((s) => (s.status === 'fulfilled' ? 'ok' : (s.reason as AppError).code));
    expect([...codes].sort()).toEqual(['already_booked', 'ok', 'ok']);
    const refusedK = codes.indexOf('already_booked');
    const kept = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM idempotency_record WHERE scope = 'bookings.create' AND status = 201");
    expect(kept.rows[0]!.n).toBe(2);
    // retries: the booked ones get their first answer again (same code and PIN), the refused one runs again
    for (const k of [0, 1, 2]) {
      const again = once(k);
      if (k === refusedK) {
        // its hold was released when it was refused: the retry finds no hold (and books nothing)
        expect(await outcome(again)).toBe('hold_not_found');
        continue;
      }
      const r = await again;
      const firstAnswer = (first[k] as PromiseFulfilledResult<Awaited<ReturnType<typeof bookOnce>>>).value;
      expect(r.replayed).toBe(true);
      expect([r.body.booking.code, r.body.pin]).toEqual([firstAnswer.body.booking.code, firstAnswer.body.pin]);
      expect(firstAnswer.replayed).toBe(false);
    }
    // a lapsed hold with a key: the ordinary path claims the place again, and keeps the answer for the key
    const lateHold = await holdPlace(deps, { deskId, startMs: at(rome(D6, 9, 30)), channel: 'phone' });
    clock += 30 * MIN;
    const late = { hold: { id: lateHold.holdId, token: lateHold.holdToken }, taxCode: person(13).taxCode };
    const r = await bookOnce(deps, { ...person(13), hold: late.hold }, 'batch-key-late-xyz', 'bookings.create', late);
    expect([r.status, r.replayed, r.body.booking.start]).toEqual([201, false, rome(D6, 9, 30)]);
    const replay = await bookOnce(deps, { ...person(13), hold: late.hold }, 'batch-key-late-xyz', 'bookings.create', late);
    expect([replay.replayed, replay.body.pin]).toEqual([true, r.body.pin]);
  });

  it("keeps a batch's answers each by its key: the idempotency table is never scanned, however large and unanalysed", async () => {
    // A release morning's table: thousands of keys written in the last seconds, no statistics yet.
    // The join this replaced (UPDATE … FROM unnest … ON scope, key_hash) read the whole table for
    // every batch; keep_idempotent_responses (migration 0043) writes each row by its primary key.
    await db.transaction(async (tx) => {
      await tx.query(
        "INSERT INTO idempotency_record (scope, key_hash, request_hash, status, response) SELECT 'probe', md5(i::text), 'r', 0, '\\x' FROM generate_series(1, 3000) i",
      );
      const keys = Array.from({ length: 32 }, (_, k) => String(k * 90 + 7));
      const hashes = (await tx.query<{ h: string }>('SELECT md5(k) AS h FROM unnest($1::text[]) k', [keys])).rows.map((r) => r.h);
      await tx.query('SELECT keep_idempotent_responses($1, $2, $3, $4)', [hashes.map(() => 'probe'), hashes, hashes.map(() => 201), hashes.map((_, k) => k.toString(16).padStart(2, '0'))]);
      const kept = await tx.query<{ key_hash: string; status: number; response: string }>(
        "SELECT key_hash, status, encode(response, 'hex') AS response FROM idempotency_record WHERE scope = 'probe' AND status = 201 ORDER BY key_hash",
      );
      expect(kept.rows).toEqual(hashes.map((h, k) => ({ key_hash: h, status: 201, response: k.toString(16).padStart(2, '0') })).sort((a, b) => (a.key_hash < b.key_hash ? -1 : 1)));
      const scans = await tx.query<{ seq_scan: string | number | null }>("SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relname = 'idempotency_record'");
      // On PostgreSQL the transaction's own scans of the table (the inserts above count none).
      if (database.name === 'postgres') expect(scans.rows.map((r) => Number(r.seq_scan))).toEqual([0]);
      await tx.query("DELETE FROM idempotency_record WHERE scope = 'probe'");
    });
  });

  it('a batch the database refuses as a whole (one poisoned element) is sent again element by element: every honest confirmation books', async () => {
    const { deskId } = await createTestDesk(db, { code: 'BA05', places: 1 });
    const starts = Array.from({ length: 12 }, (_, k) => new Date(romeTime(D5, 9) + k * 10 * MIN).toISOString());
    const holds = await Promise.all(starts.map((s) => holdPlace(deps, { deskId, startMs: Date.parse(s), channel: 'phone' })));
    // A NUL or a lone surrogate makes PostgreSQL refuse the whole JSON array of the batch;
    // the edge validation refuses them before they get here, this is the second line.
    const poison = (k: number) => (k === 3 ? 'Nome\u0000Cognome' : k === 7 ? 'Nome \ud800' : null);
    const confirms = holds.map((h, k) => bookPlace(deps, { ...person(40 + k), ...(poison(k) ? { fullName: poison(k)! } : {}), hold: { id: h.holdId, token: h.holdToken } }));
    const results = await Promise.all(confirms.map(outcome));
    expect(deps.claims.stats.confirm.split).toBeGreaterThanOrEqual(1);
    expect(results.filter((r, k) => !poison(k) && r === 'ok')).toHaveLength(10);
    expect(results.filter((r, k) => poison(k) && r === 'ok')).toHaveLength(0);
    const booked = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM booking WHERE desk_id = $1 AND status = 'booked'", [deskId]);
    expect(booked.rows[0]!.n).toBe(10);
  });

  it('hold_places: every element in its own block; a refused element comes back as its error, the rest commit asynchronously', async () => {
    const { deskId } = await createTestDesk(db, { code: 'BA03', places: 1 });
    const version = (await db.query<{ v: number }>('SELECT calendar_version AS v FROM desk WHERE id = $1', [deskId])).rows[0]!.v;
    const element = (minute: number, code: string, booking: Record<string, unknown>) => ({
      desk: deskId, version, starts: rome(D5, 9, minute), ends: rome(D5, 9, minute + 10),
      capacity: 1, reserved: 0, reservedUntil: rome(D4, 9, 0), now: new Date().toISOString(), actor: 'citizen', codes: [code],
      booking: { status: 'held', hold_expires_at: new Date(Date.now() + 10 * MIN).toISOString(), hold_token_hash: 'x'.repeat(64), channel: 'phone', source: 'web', ...booking },
    });
    const batch = [
      element(10, 'BA03-1-AAAAA', {}),
      element(20, 'BA03-1-AAAAB', { status: 'booked', tax_code: taxCodeFor(7), full_name: 'P', phone: '+393471234567' }), // not a hold
      element(30, 'BA03-1-AAAAC', {}),
    ];
    const r = await db.transaction(async (tx) => {
      const rows = await tx.query<{ i: number; id: string | null; state: string | null; message: string | null }>(
        'SELECT i, booking_id AS id, err_state AS state, err_message AS message FROM hold_places($1)', [JSON.stringify(batch)]);
      const commit = (await tx.query<{ c: string }>("SELECT current_setting('synchronous_commit') AS c")).rows[0]!.c;
      return { rows: rows.rows, commit };
    });
    expect(r.rows.map((x) => [x.i, x.id !== null, x.state])).toEqual([[0, true, null], [1, false, '22023'], [2, true, null]]);
    expect(r.rows[1]!.message).toMatch(/citizen's hold only/);
    expect(r.commit).toBe('off');
    const stored = await db.query<{ code: string }>('SELECT code FROM booking WHERE desk_id = $1 ORDER BY code', [deskId]);
    expect(stored.rows.map((x) => x.code)).toEqual(['BA03-1-AAAAA', 'BA03-1-AAAAC']);
    // confirmations stay durable: confirm_holds leaves synchronous_commit as it was
    const c = await db.transaction(async (tx) => {
      await tx.query('SELECT * FROM confirm_holds($1)', [JSON.stringify([{ id: r.rows[0]!.id, tokenHash: 'y'.repeat(64), actor: 'citizen', now: new Date().toISOString(), booking: {} }])]);
      return (await tx.query<{ c: string }>("SELECT current_setting('synchronous_commit') AS c")).rows[0]!.c;
    });
    expect(c).not.toBe('off');
  });
});
