/**
 * The citizen's upload link after a call ending in "documents needed", pure: how long it is
 * valid and what state it is in. One link per booking, used once (the first upload closes it).
 */

/** Days the link stays valid from the outcome of the call. */
export const UPLOAD_LINK_DAYS = 7;
export const UPLOAD_LINK_MS = UPLOAD_LINK_DAYS * 24 * 3600_000;

export type UploadLinkState = 'open' | 'used' | 'expired';

export function uploadLinkState(link: { expiresAtMs: number; usedAtMs: number | null }, nowMs: number): UploadLinkState {
  if (link.usedAtMs !== null) return 'used';
  return nowMs < link.expiresAtMs ? 'open' : 'expired';
}
