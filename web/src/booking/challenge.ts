/**
 * The anti-abuse check of a hold (docs/abuse-and-fair-access.md): the desk's proof-of-work
 * challenge, fetched and solved in the background while the citizen chooses a slot, sent with
 * the hold as the `X-Altcha` header. One solved challenge serves one hold.
 */
import { solveChallengeWorkers } from 'altcha-lib';
import { api, read } from '../api/client';

export interface SolvedChallenge {
  /** The `X-Altcha` header value: base64 of `{ challenge, solution }`. */
  payload: string;
  /** This device's clock, ms: past it the server refuses the challenge. */
  deadline: number;
}

/** Workers side by side: a phone has 4–8 cores; more would only slow the page down. */
const WORKERS = Math.max(1, Math.min(4, (typeof navigator !== 'undefined' && navigator.hardwareConcurrency) || 2));

function createWorker(): Worker {
  return new Worker(new URL('./pow.worker.ts', import.meta.url), { type: 'module' });
}

function toBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** Fetches the desk's challenge and solves it; null when aborted. */
export async function solveHoldChallenge(deskId: string, signal?: AbortSignal): Promise<SolvedChallenge | null> {
  const fetchedAt = Date.now();
  const { challenge, validSeconds } = await read((init) => api.GET('/api/desks/{id}/challenge', { params: { path: { id: deskId } }, ...init }), signal);
  const controller = new AbortController();
  signal?.addEventListener('abort', () => controller.abort());
  const solution = await solveChallengeWorkers({ challenge, concurrency: WORKERS, createWorker, controller, timeout: 120_000 });
  if (!solution || signal?.aborted) return null;
  return {
    payload: toBase64(JSON.stringify({ challenge, solution: { counter: solution.counter, derivedKey: solution.derivedKey } })),
    // Valid for validSeconds from the server's answer: counted on this device from the request, less a margin.
    deadline: fetchedAt + Math.max(0, validSeconds * 1000 - 30_000),
  };
}
