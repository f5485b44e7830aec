/**
 * A worker solving proof-of-work challenges (altcha v2, PBKDF2 with the browser's WebCrypto),
 * off the page's thread: altcha-lib's own worker loop with the browser's key derivation.
 */
import { handler } from 'altcha-lib/workers/shared';
import { deriveKey } from 'altcha-lib/algorithms/web/pbkdf2';

handler({ deriveKey });
