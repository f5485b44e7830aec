import { describe, expect, it } from 'vitest';
import { formatEntryCode, normaliseEntryCode, roomState, roomWindow } from './room.js';

describe('video room', () => {
  const slot = { startsAtMs: Date.UTC(2026, 11, 9, 9, 0), endsAtMs: Date.UTC(2026, 11, 9, 9, 20) };
  it('opens N minutes before the slot and closes after its end plus the margin', () => {
    const w = roomWindow(slot, 5, 15);
    expect(w.opensAtMs).toBe(Date.UTC(2026, 11, 9, 8, 55));
    expect(w.closesAtMs).toBe(Date.UTC(2026, 11, 9, 9, 35));
    expect(roomState(w, w.opensAtMs - 1)).toBe('waiting');
    expect(roomState(w, w.opensAtMs)).toBe('open');
    expect(roomState(w, w.closesAtMs - 1)).toBe('open');
    expect(roomState(w, w.closesAtMs)).toBe('closed');
  });
  it('reads an entry code as typed, and refuses what cannot be one', () => {
    expect(normaliseEntryCode(' abcd-2345 ')).toBe('ABCD2345');
    expect(normaliseEntryCode('ABCD 234')).toBeNull();
    expect(normaliseEntryCode('ABCD234O')).toBeNull();
    expect(normaliseEntryCode('ABCD2341')).toBeNull();
    expect(formatEntryCode('ABCD2345')).toBe('ABCD-2345');
  });
});
