import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import { startCallsServer, TODAY, type CallsServer, type Client } from './calls-support.js';
import { outcomeScene, type OutcomeScene } from './patronati-outcome-support.js';

/**
 * The call outcome a patronato gets back (issue 19 §1), through the real routes on both
 * databases: a patronato books two clients under a mandate for today's calls; the desk's
 * operator calls them from the console's routes and records "documents needed" for the first
 * and "second level" (a follow-up booked on a free slot) for the second; the patronato's list of
 * calls then shows each outcome and the follow-up's booking code, and another patronato sees
 * neither booking.
 */
describe.each(testDatabases)('the call outcome back to the patronato on $name', (database) => {
  let s: CallsServer;
  let scene: OutcomeScene;

  const mine = async (who: Client) => {
    const r = await who.get(`/api/staff/patronato/bookings?from=${TODAY}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.items as { code: string; call: { state: string; outcome: string | null; followUpCode: string | null } | null }[];
  };

  beforeAll(async () => {
    s = await startCallsServer(database);
    scene = await outcomeScene(s, 'esiti');
  });
  afterAll(async () => s?.close());

  it('before the calls: both planned, no outcome', async () => {
    const list = await mine(scene.patronato);
    expect(list.filter((b) => scene.made.some((m) => m.code === b.code)).map((b) => b.call?.outcome ?? null)).toEqual([null, null]);
  });

  it('"documents needed" recorded by the operator reaches the patronato', async () => {
    const [first] = scene.made;
    await scene.called(first!);
    await scene.outcome(first!, 'needs_documents');
    const b = (await mine(scene.patronato)).find((x) => x.code === first!.code)!;
    expect(b.call).toEqual({ state: 'done', outcome: 'needs_documents', followUpCode: null });
  });

  it('a follow-up booked by the operator reaches the patronato with its booking code', async () => {
    const [first, second] = scene.made;
    await scene.called(second!);
    const { followUpCode } = await scene.outcome(second!, 'second_level');
    expect(followUpCode).toMatch(/^TT01-1-/);
    const b = (await mine(scene.patronato)).find((x) => x.code === second!.code)!;
    expect(b.call).toEqual({ state: 'done', outcome: 'second_level', followUpCode });
    // The first keeps its own outcome.
    expect((await mine(scene.patronato)).find((x) => x.code === first!.code)!.call?.outcome).toBe('needs_documents');
  });

  it('another patronato sees neither booking nor outcome', async () => {
    const codes = (await mine(scene.other)).map((b) => b.code);
    for (const m of scene.made) expect(codes).not.toContain(m.code);
    for (const m of scene.made) expect((await scene.other.get(`/api/staff/bookings?code=${m.code}`)).body.items).toEqual([]);
  });
});
