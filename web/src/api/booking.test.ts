import createClient from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import { alternativesQuery, slotsQuery } from './booking';
import type { paths } from './schema';

/** The URL openapi-fetch sends for a GET (the one `useApiRead` and `read` make), caught before the network. */
async function urlOf(call: (client: ReturnType<typeof createClient<paths>>) => Promise<unknown>): Promise<string> {
  let url = '';
  const client = createClient<paths>({
    baseUrl: 'http://sportello.test',
    fetch: async (request) => {
      url = request.url.slice('http://sportello.test'.length);
      return new Response('{}', { headers: { 'content-type': 'application/json' } });
    },
  });
  await call(client);
  return url;
}

describe('the typed reads send the URLs the pages built by hand', () => {
  it('a desk\'s slots: from, to, channel, then priority only when asked', async () => {
    expect(await urlOf((c) => c.GET('/api/desks/{id}/slots', { params: { path: { id: 'd 1' }, query: slotsQuery('2026-12-08', '2027-01-07', 'video', false) } })))
      .toBe('/api/desks/d%201/slots?from=2026-12-08&to=2027-01-07&channel=video');
    expect(await urlOf((c) => c.GET('/api/desks/{id}/slots', { params: { path: { id: 'd1' }, query: slotsQuery('2026-12-08', '2027-01-07', 'phone', true) } })))
      .toBe('/api/desks/d1/slots?from=2026-12-08&to=2027-01-07&channel=phone&priority=true');
  });

  it('a desk\'s alternatives: channel, then priority only when asked', async () => {
    expect(await urlOf((c) => c.GET('/api/desks/{id}/alternatives', { params: { path: { id: 'd1' }, query: alternativesQuery('phone', false) } })))
      .toBe('/api/desks/d1/alternatives?channel=phone');
    expect(await urlOf((c) => c.GET('/api/desks/{id}/alternatives', { params: { path: { id: 'd1' }, query: alternativesQuery('video', true) } })))
      .toBe('/api/desks/d1/alternatives?channel=video&priority=true');
  });

  it('towns: the typed name as the built path sent it (through the same client), the province after it', async () => {
    const q = "Sant'Angelo d";
    // The old getJson(path): openapi-fetch's GET on the path the page built.
    const built = await urlOf((c) => c.GET(`/api/towns?q=${encodeURIComponent(q)}&province=CO` as never));
    expect(await urlOf((c) => c.GET('/api/towns', { params: { query: { q, province: 'CO' } } }))).toBe(built);
    expect(built).toBe('/api/towns?q=Sant%27Angelo%20d&province=CO');
  });
});
