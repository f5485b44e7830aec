import { describe, expect, it } from 'vitest';
import { UPLOAD_LINK_MS, uploadLinkState } from './upload-link.js';

describe('upload link state', () => {
  const t0 = Date.UTC(2027, 2, 1, 9);
  const link = { expiresAtMs: t0 + UPLOAD_LINK_MS, usedAtMs: null };
  it('is open until it expires, then expired', () => {
    expect(uploadLinkState(link, t0)).toBe('open');
    expect(uploadLinkState(link, t0 + UPLOAD_LINK_MS - 1)).toBe('open');
    expect(uploadLinkState(link, t0 + UPLOAD_LINK_MS)).toBe('expired');
  });
  it('once used it stays used, even after its expiry', () => {
    expect(uploadLinkState({ ...link, usedAtMs: t0 + 1 }, t0 + 2)).toBe('used');
    expect(uploadLinkState({ ...link, usedAtMs: t0 + 1 }, t0 + 2 * UPLOAD_LINK_MS)).toBe('used');
  });
  it('lasts seven days', () => {
    expect(UPLOAD_LINK_MS).toBe(7 * 24 * 3600_000);
  });
});
