import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Db, QueryResult } from './db.js';
import { lsnBytes, readRoute } from './replica.js';

/** A Db answering the two WAL questions from variables, and any other statement with its own name. */
function fakeDb(name: string, state: { lsn?: string; replay?: string | null; recovery?: boolean; down?: boolean }): Db {
  const answer = async <T>(sql: string): Promise<QueryResult<T>> => {
    if (state.down) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    if (sql.includes('pg_current_wal_lsn')) return { rows: [{ lsn: state.lsn }] as T[], rowCount: 1 };
    if (sql.includes('pg_last_wal_replay_lsn')) return { rows: [{ recovery: state.recovery ?? true, replay: state.replay ?? null }] as T[], rowCount: 1 };
    return { rows: [{ served: name }] as T[], rowCount: 1 };
  };
  return {
    kind: 'postgres', query: answer, exec: async () => undefined,
    transaction: async (fn) => fn({ query: answer, exec: async () => undefined }), close: async () => undefined,
  };
}

afterEach(() => vi.useRealTimers());

describe('the read route to a replica', () => {
  it('reads LSNs as byte positions', () => {
    expect(lsnBytes('0/0')).toBe(0n);
    expect(lsnBytes('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
  });

  it('measures the lag on WAL positions: 0 when caught up (idle or not), the age of the oldest position not replayed otherwise', async () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['Date'] });
    const p = { lsn: '0/100' };
    const r = { replay: '0/100' as string | null };
    const route = readRoute(fakeDb('primary', p), fakeDb('replica', r), { maxLagSeconds: 5, checkMs: 1000 });
    expect(route.status().inUse).toBe(false); // not checked yet
    expect(await route.check()).toEqual({ up: true, lagSeconds: 0, lagBytes: 0, inUse: true });
    vi.setSystemTime(1_060_000); // a minute of an idle primary: still no lag
    expect((await route.check()).lagSeconds).toBe(0);

    p.lsn = '0/200'; // a write the replica has not replayed
    expect(await route.check()).toEqual({ up: true, lagSeconds: 0, lagBytes: 0x100, inUse: true });
    vi.setSystemTime(1_063_000);
    p.lsn = '0/300';
    expect(await route.check()).toMatchObject({ lagSeconds: 3, lagBytes: 0x200, inUse: true });
    vi.setSystemTime(1_066_000);
    expect(await route.check()).toMatchObject({ lagSeconds: 6, inUse: false }); // past the bound
    expect((await route.reads.query<{ served: string }>('SELECT 1')).rows[0]!.served).toBe('primary');

    r.replay = '0/200'; // replayed the first write: the lag is the second's age
    expect(await route.check()).toMatchObject({ lagSeconds: 3, lagBytes: 0x100, inUse: true });
    expect((await route.reads.query<{ served: string }>('SELECT 1')).rows[0]!.served).toBe('replica');
    r.replay = '0/300';
    expect(await route.check()).toMatchObject({ lagSeconds: 0, lagBytes: 0 });
    expect(route.served).toEqual({ replica: 1, primary: 1 });
    await route.close();
  });

  it('goes to the primary at once when the replica does not answer, and when it is no longer a standby', async () => {
    const r: { replay: string; down?: boolean; recovery?: boolean } = { replay: '0/100' };
    const route = readRoute(fakeDb('primary', { lsn: '0/100' }), fakeDb('replica', r), { maxLagSeconds: 5, checkMs: 1000 });
    await route.check();
    expect((await route.reads.query<{ served: string }>('SELECT 1')).rows[0]!.served).toBe('replica');
    r.down = true;
    expect((await route.reads.query<{ served: string }>('SELECT 1')).rows[0]!.served).toBe('primary');
    expect(route.status()).toEqual({ up: false, lagSeconds: null, lagBytes: null, inUse: false });
    r.down = false;
    expect((await route.check()).inUse).toBe(true);
    r.recovery = false; // promoted: it follows this primary no more
    expect((await route.check()).inUse).toBe(false);
    await route.close();
  });

  it('keeps transactions and scripts on the primary', async () => {
    const route = readRoute(fakeDb('primary', { lsn: '0/1' }), fakeDb('replica', { replay: '0/1' }), { maxLagSeconds: 5, checkMs: 1000 });
    await route.check();
    const inTx = await route.reads.transaction((tx) => tx.query<{ served: string }>('SELECT 1'));
    expect(inTx.rows[0]!.served).toBe('primary');
    await route.close();
  });
});
