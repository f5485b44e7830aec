import { describe, expect, it } from 'vitest';
import type { Actor } from '../policy/index.js';
import { RefusalMemory, refusalSourceOf } from './record-refusal.js';

describe('RefusalMemory', () => {
  it('remembers a requester for the day, forgets everyone on a new day', () => {
    const m = new RefusalMemory();
    expect(m.first('2026-04-01', 'a|desk|web')).toBe(true);
    expect(m.first('2026-04-01', 'a|desk|web')).toBe(false);
    expect(m.first('2026-04-01', 'b|desk|web')).toBe(true);
    expect(m.first('2026-04-02', 'a|desk|web')).toBe(true);
    expect(m.first('2026-04-02', 'a|desk|web')).toBe(false);
  });

  it('is bounded: when full it starts again', () => {
    const m = new RefusalMemory(3);
    for (const k of ['a', 'b', 'c']) expect(m.first('d', k)).toBe(true);
    expect(m.first('d', 'a')).toBe(true); // forgotten: the memory was full
    expect(m.first('d', 'a')).toBe(false);
    expect(m.first('d', 'b')).toBe(true);
  });
});

describe('refusalSourceOf', () => {
  const staff = (role: string): Actor => ({ kind: 'staff', userId: 'u', username: 'u', grants: [{ role, scope: { kind: 'region', regionCode: 'LOM' } }] } as unknown as Actor);
  it('web for anyone without a staff account; staff by role; staff who may not book are not counted', () => {
    expect(refusalSourceOf({ kind: 'anonymous' } as Actor, false)).toBe('web');
    expect(refusalSourceOf(staff('reception_agent'), true)).toBe('reception');
    expect(refusalSourceOf(staff('patronato_operator'), true)).toBe('patronato');
    expect(refusalSourceOf(staff('desk_operator'), true)).toBe('staff');
    expect(refusalSourceOf(staff('urp_monitor'), false)).toBeNull();
  });
});
