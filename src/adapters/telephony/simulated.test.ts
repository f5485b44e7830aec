import { describe, expect, it } from 'vitest';
import type { CallUpdate } from './port.js';
import { SimulatedTelephony } from './simulated.js';

describe('SimulatedTelephony', () => {
  it('has a call\'s "answered" applied only after its "ringing", however slowly "ringing" is applied', async () => {
    const applied: string[] = [];
    const sink = async (u: CallUpdate) => {
      // "ringing" takes far longer to apply than the gap before "answered" (a busy database).
      if (u.kind === 'ringing') await new Promise((r) => setTimeout(r, 80));
      applied.push(u.kind);
    };
    const phone = new SimulatedTelephony({ odds: { answer: 1 }, ringAfterMs: 1, resultAfterMs: 5 }, sink);
    await phone.originate({ callId: 'c1' } as Parameters<SimulatedTelephony['originate']>[0]);
    await expect.poll(() => applied.length, { timeout: 2_000 }).toBe(2);
    expect(applied).toEqual(['ringing', 'answered']);
  });
});
