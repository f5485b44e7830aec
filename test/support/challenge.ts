import { solveChallenge as solve, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';

/**
 * What an anonymous citizen's page does before a hold: asks the desk's challenge and solves it
 * (altcha-lib's own solver). Returns the `x-altcha` header value, and the session cookie the
 * server set (send it back to stay in the same browser session). `address` is sent as
 * X-Forwarded-For: the test server trusts loopback proxies, so the request counts as coming
 * from that client address.
 */
export async function solveChallenge(baseUrl: string, deskId: string, options: { address?: string; cookie?: string } = {}): Promise<{ altcha: string; cookie: string | undefined; counter: number }> {
  const headers: Record<string, string> = {};
  if (options.address) headers['x-forwarded-for'] = options.address;
  if (options.cookie) headers.cookie = options.cookie;
  const res = await fetch(`${baseUrl}/api/desks/${deskId}/challenge`, { headers });
  if (res.status !== 200) throw new Error(`challenge: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { challenge: Challenge; counter: number };
  const solution = await solve({ challenge: body.challenge, deriveKey });
  if (!solution) throw new Error('challenge: not solved');
  const setCookie = res.headers.get('set-cookie');
  return {
    altcha: Buffer.from(JSON.stringify({ challenge: body.challenge, solution })).toString('base64'),
    cookie: setCookie ? setCookie.split(';')[0] : options.cookie,
    counter: body.counter,
  };
}

/** The headers of a citizen's hold: JSON, the solved challenge, and the client address if given. */
export async function holdHeaders(baseUrl: string, deskId: string, options: { address?: string; cookie?: string } = {}): Promise<Record<string, string>> {
  const { altcha } = await solveChallenge(baseUrl, deskId, options);
  return { 'content-type': 'application/json', 'x-altcha': altcha, ...(options.address ? { 'x-forwarded-for': options.address } : {}) };
}
