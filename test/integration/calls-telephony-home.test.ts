// Telephony for people working from home (issue 17 §3), on both databases: the office's
// settings validated against what each adapter reads; "test the connection" in plain words;
// the operator's extension checked against the PBX's user list (Wildix Colleagues, ARI
// endpoints) or refused clearly at the first call; one sign-on for every rostered desk of the
// day; manual mode's caller-ID instructions recorded on the call; incoming calls at a
// reception extension (Wildix webhooks, Asterisk StasisStart) opened on the reception console
// with the contact's duration from the call events.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapAriInbound } from '../../src/adapters/telephony/asterisk.js';
import { parseSettings } from '../../src/adapters/telephony/settings.js';
import { testDatabases } from '../support/databases.js';
import { atSlot, bookToday, eventually, operatorOf, staffClient, startCallsServer, TODAY, type CallsServer, type Client } from './calls-support.js';
import { fakeAriPbx, fakeWildixPbx } from './pbx-fakes.js';

const API_KEY = `wsk-v1-${'Zz9'.repeat(31)}`;
const WEBHOOK_SECRET = 'home-webhook-secret';
const ARI = { user: 'sportello', password: 'ari-home', app: 'sportello', version: '20.5.0', endpoints: ['4021', '4022', '300'] };
const sign = (body: string) => createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex');

describe('telephony settings: one schema per adapter kind', () => {
  it('refuses the keys an adapter does not read, and what it needs but lacks', () => {
    const wrong = parseSettings('wildix', { url: 'https://pbx.example', apiKeyEnv: 'K' });
    expect(wrong.ok).toBe(false);
    const paths = !wrong.ok ? wrong.error.fields.map((f) => f.path) : [];
    expect(paths).toEqual(expect.arrayContaining(['settings.baseUrl', 'settings']));
    expect(!wrong.ok && wrong.error.fields.find((f) => f.code === 'unrecognized_keys')?.it).toContain('url');
    const noKey = parseSettings('wildix', { baseUrl: 'https://pbx.example' });
    expect(!noKey.ok && noKey.error.fields.map((f) => f.path)).toEqual(['settings.apiKeyEnv']);
    const jwt = parseSettings('wildix', { baseUrl: 'https://pbx.example', auth: 'jwt', appId: 'a' });
    expect(!jwt.ok && jwt.error.fields.map((f) => f.path).sort()).toEqual(['settings.appName', 'settings.appSecretEnv']);
    expect(parseSettings('wildix', { baseUrl: 'https://pbx.example/api', apiKeyEnv: 'K' }).ok).toBe(false); // a path is not the PBX address
    expect(parseSettings('asterisk', { baseUrl: 'http://pbx:8088', passwordEnv: 'P', operatorEndpoint: 'PJSIP/201' }).ok).toBe(false); // no {ext}
    const ok = parseSettings('asterisk', { baseUrl: 'http://pbx:8088', passwordEnv: 'P' });
    expect(ok.ok && ok.value).toMatchObject({ username: 'sportello', app: 'sportello', operatorEndpoint: 'PJSIP/{ext}', receptionExtensions: [] });
    expect(parseSettings('manual', { anything: 1 }).ok).toBe(false);
  });

  it('maps an incoming ARI call: the caller entering the app, the agent answering, a leg going away', () => {
    const start = mapAriInbound({ type: 'StasisStart', args: ['reception', '300'], channel: { id: '1700.5', caller: { number: '+390311234567' }, creationtime: '2026-11-26T09:00:00.000+0000' } });
    expect(start).toMatchObject({ inbound: true, externalId: '1700.5', state: 'ringing', extension: '300', caller: '+390311234567' });
    expect(mapAriInbound({ type: 'StasisStart', args: ['other'], channel: { id: '1700.6' } })).toBeNull();
    expect(mapAriInbound({ type: 'Dial', peer: { id: 'rcp-1700.5' }, dialstatus: 'ANSWER' })).toMatchObject({ externalId: '1700.5', state: 'answered' });
    expect(mapAriInbound({ type: 'Dial', peer: { id: 'rcp-1700.5' }, dialstatus: 'RINGING' })).toBeNull();
    expect(mapAriInbound({ type: 'ChannelDestroyed', cause: 16, channel: { id: '1700.5' } })).toMatchObject({ state: 'ended' });
    expect(mapAriInbound({ type: 'ChannelDestroyed', cause: 16, channel: { id: 'cit-abc' } })).toBeNull(); // a callback's leg
  });
});

describe.each(testDatabases)('telephony from home on $name', (database) => {
  let s: CallsServer;
  let admin: Client;
  let op: Client;
  let agent: Client;
  let other: Client;
  let pbx: ReturnType<typeof fakeWildixPbx>;
  let ari: ReturnType<typeof fakeAriPbx>;
  let wildixUrl: string;
  let ariUrl: string;
  const env = { HOME_WILDIX_KEY: API_KEY, HOME_WILDIX_SECRET: WEBHOOK_SECRET, HOME_ARI_PASS: ARI.password, HOME_WRONG_KEY: 'wsk-v1-wrong' };
  const wildix = (extra: Record<string, unknown> = {}) => ({
    adapter: 'wildix', settings: { baseUrl: wildixUrl, apiKeyEnv: 'HOME_WILDIX_KEY', webhookSecretEnv: 'HOME_WILDIX_SECRET', receptionExtensions: ['300'], ...extra },
  });
  const put = (body: Record<string, unknown>) => admin.send('PUT', `/api/staff/telephony/offices/${s.officeId}`, body);
  const test = (body: Record<string, unknown> = {}) => admin.send('POST', `/api/staff/telephony/offices/${s.officeId}/test`, body);

  beforeAll(async () => {
    pbx = fakeWildixPbx({ apiKey: API_KEY, extensions: ['201', '202', '300'] });
    wildixUrl = await pbx.start();
    ari = fakeAriPbx(ARI);
    ariUrl = await ari.start();
    s = await startCallsServer(database, { calls: { env } });
    admin = await staffClient(s, 'home.admin', [{ role: 'office_admin', scope: { kind: 'office', code: 'TT01' } }]);
    op = await staffClient(s, 'home.op', [...operatorOf(), ...operatorOf('CO01')]);
    agent = await staffClient(s, 'home.agent', [{ role: 'reception_agent', scope: { kind: 'province', code: 'TT' } }]);
    other = await staffClient(s, 'home.agent2', [{ role: 'reception_agent', scope: { kind: 'province', code: 'TT' } }]);
    await bookToday(s, 2);
  });
  afterAll(async () => {
    await s?.close();
    await pbx?.close();
    await ari?.close();
  });

  it('saves only what the adapter reads: the form\'s old "url" key is refused, nothing is stored', async () => {
    const bad = await put({ adapter: 'wildix', settings: { url: wildixUrl, apiKeyEnv: 'HOME_WILDIX_KEY' } });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('invalid_settings');
    expect(bad.body.fields.map((f: any) => f.path)).toEqual(expect.arrayContaining(['settings.baseUrl']));
    expect((await s.db.query('SELECT 1 FROM office_telephony WHERE office_id = $1', [s.officeId])).rows).toEqual([]);
    expect((await put({ ...wildix(), manualDialPrefix: '31#' })).status).toBe(200);
    expect((await put({ ...wildix(), manualCallerLine: '031 123' })).status).toBe(400);
    const saved = await put({ ...wildix(), manualDialPrefix: '#31#' });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({ adapter: 'wildix', configured: true, manualDialPrefix: '#31#', settings: { baseUrl: wildixUrl, auth: 'apiKey' } });
  });

  it('tests the connection and reports in plain words: ok with the user count, unknown extension, refused, missing, unreachable', async () => {
    const ok = await test({ extension: '201' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ adapter: 'wildix', status: 'ok', users: 3, extension: { value: '201', status: 'known' } });
    expect(ok.body.message.it).toContain('3 utenti');
    expect((await test({ extension: '999' })).body).toMatchObject({ status: 'ok', extension: { status: 'unknown' } });
    expect((await test({ extension: '999' })).body.message.it).toContain('non esiste');

    await put(wildix({ apiKeyEnv: 'HOME_WRONG_KEY' }));
    expect((await test()).body).toMatchObject({ status: 'refused' });
    await put(wildix({ apiKeyEnv: 'HOME_NOT_SET' }));
    const missing = (await test()).body;
    expect(missing).toMatchObject({ status: 'not_configured' });
    expect(missing.message.en).toContain('HOME_NOT_SET');
    await put(wildix({ baseUrl: 'http://127.0.0.1:9' }));
    expect((await test()).body).toMatchObject({ status: 'unreachable' });
    expect((await test()).body.message.it).toContain('non è raggiungibile');

    await put({ adapter: 'asterisk', settings: { baseUrl: ariUrl, username: ARI.user, passwordEnv: 'HOME_ARI_PASS', app: ARI.app } });
    expect((await test({ extension: '4021' })).body).toMatchObject({ status: 'ok', version: '20.5.0', users: 3, extension: { status: 'known' } });
    expect((await test({ extension: '4999' })).body).toMatchObject({ extension: { status: 'unknown' } });
    await put({ adapter: 'manual', settings: {} });
    expect((await test()).body).toMatchObject({ status: 'nothing_to_reach' });
    await put({ ...wildix(), manualDialPrefix: '#31#' });
  });

  it('checks the extension at sign-on against the PBX user list; without a list, the first call says it plainly', async () => {
    const unknown = await op.send('POST', '/api/staff/operator/duty', { deskId: s.deskId, extension: '999' });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: 'extension_unknown' });
    expect((await s.db.query('SELECT 1 FROM duty WHERE desk_id = $1', [s.deskId])).rows).toEqual([]);

    // A PBX without a user list: accepted unchecked, and the first call names the extension.
    const bare = fakeWildixPbx({ apiKey: API_KEY, extensions: ['201'], userList: false });
    const bareUrl = await bare.start();
    try {
      await put(wildix({ baseUrl: bareUrl }));
      const signed = await op.send('POST', '/api/staff/operator/duty', { deskId: s.deskId, extension: '777' });
      expect(signed.status, JSON.stringify(signed.body)).toBe(200);
      expect(signed.body.desks[0]).toMatchObject({ extensionCheck: 'unchecked' });
      const item = (await op.get('/api/staff/operator/agenda')).body.items[0];
      atSlot(s, item); // calls start inside the booking's window
      const call = await op.send('POST', '/api/staff/calls', { bookingId: item.bookingId });
      expect(call.status).toBe(503);
      expect(call.body).toMatchObject({ code: 'telephony_unavailable', extensionRefused: true, manualAvailable: true });
      expect(call.body.messages.it).toContain('non riconosce il tuo interno 777');
      expect((await op.get('/api/staff/operator/agenda')).body.items[0]).toMatchObject({ attempts: 0, state: 'waiting' });
    } finally {
      await put({ ...wildix(), manualDialPrefix: '#31#' });
      await bare.close();
    }
    const good = await op.send('POST', '/api/staff/operator/duty', { deskId: s.deskId, extension: '201' });
    expect(good.body.desks[0]).toMatchObject({ extensionCheck: 'known' });
    const row = await s.db.query<{ extension: string; extension_verified_at: Date | null }>('SELECT extension, extension_verified_at FROM duty WHERE desk_id = $1', [s.deskId]);
    expect(row.rows[0]).toMatchObject({ extension: '201' });
    expect(row.rows[0]!.extension_verified_at).not.toBeNull();
  });

  it('one sign-on covers every desk the operator is rostered on today; the per-desk sign-on stays', async () => {
    const como = (await s.db.query<{ id: string }>("SELECT d.id FROM desk d JOIN office o ON o.id = d.office_id WHERE o.code = 'CO01' ORDER BY d.number LIMIT 1")).rows[0]!.id;
    expect((await op.send('POST', '/api/staff/operator/duty/day', { extension: '202' })).body).toMatchObject({ code: 'not_rostered' });
    for (const desk of [s.deskId, como]) {
      await s.db.query("INSERT INTO roster_shift (desk_id, user_id, day, opens, closes) VALUES ($1, $2, $3, '08:00', '14:00')", [desk, op.userId, TODAY]);
    }
    await op.send('DELETE', `/api/staff/operator/duty/${s.deskId}`);
    const before = (await op.get('/api/staff/operator/duty/day')).body;
    expect(before.desks).toHaveLength(2);
    expect(before.desks.find((d: any) => d.deskId === s.deskId)).toMatchObject({ status: 'off' });
    expect((await op.send('POST', '/api/staff/operator/duty/day', { extension: '999' })).body).toMatchObject({ code: 'extension_unknown' });
    const all = await op.send('POST', '/api/staff/operator/duty/day', { extension: '202' });
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    expect(all.body.desks).toHaveLength(2);
    const duty = await s.db.query<{ desk_id: string; status: string; extension: string }>('SELECT desk_id, status, extension FROM duty WHERE user_id = $1 AND day = $2 ORDER BY desk_id', [op.userId, TODAY]);
    expect(duty.rows.map((r) => [r.status, r.extension])).toEqual([['on', '202'], ['on', '202']]);
    const agenda = (await op.get('/api/staff/operator/agenda')).body;
    expect(agenda.desks.filter((d: any) => d.onDuty).map((d: any) => d.deskId).sort()).toEqual([s.deskId, como].sort());
    // An absence on one desk is kept as it is, and said.
    await s.db.query("UPDATE duty SET status = 'absent', source = 'supervisor' WHERE desk_id = $1 AND user_id = $2", [como, op.userId]);
    const again = await op.send('POST', '/api/staff/operator/duty/day', {});
    expect(again.body.skipped).toEqual([{ deskId: como, reason: 'absent' }]);
    expect(again.body.desks).toHaveLength(1);
  });

  it('manual mode: the office prefix hides the operator\'s number; the call records what was dialled and by whom', async () => {
    const item = (await op.get('/api/staff/operator/agenda')).body.items.find((i: any) => i.state === 'waiting');
    atSlot(s, item); // calls start inside the booking's window
    const r = await op.send('POST', '/api/staff/calls', { bookingId: item.bookingId, adapter: 'manual' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.dial).toBe(`#31#${item.citizen.phone}`);
    expect(r.body.manual).toMatchObject({ callerIdMode: 'prefix', prefix: '#31#', officeLine: null });
    const row = (await s.db.query<{ operator_id: string; dialled: string; caller_id_mode: string }>('SELECT operator_id, dialled, caller_id_mode FROM call WHERE id = $1', [r.body.call.id])).rows[0]!;
    expect(row).toEqual({ operator_id: op.userId, dialled: `#31#${item.citizen.phone}`, caller_id_mode: 'prefix' });
    const h = (await op.get(`/api/staff/agenda/bookings/${item.bookingId}/history`)).body;
    expect(h.steps.filter((x: any) => x.kind === 'call_started').at(-1)).toMatchObject({ detail: 'manual #1 · prefix' });
    expect((await op.send('POST', `/api/staff/calls/${r.body.call.id}/manual`, { mark: 'not_answered' })).status).toBe(200);
  });

  it('an incoming Wildix call at a reception extension opens on the console; its duration comes from the call events', async () => {
    s.clock.now = Date.now();
    const post = (body: string) => fetch(`${s.url}/api/telephony/wildix/${s.officeId}/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature': sign(body) }, body });
    const t0 = Date.now();
    const caller = '+390399887766';
    const flow = { flowIndex: 0, direction: 'INBOUND', caller: { type: 'REMOTE', phone: caller }, callee: { type: 'LOCAL', userExtension: '300', phone: '300' }, destination: '300' };
    const ringing = JSON.stringify({ id: 'in-wx-1', time: t0, type: 'call:live:progress', data: { eventTrigger: 'call.start', start: new Date(t0).toISOString(), flows: [{ ...flow, status: 'RINGING', talkTime: 0 }] } });
    expect(await (await post(ringing)).json()).toMatchObject({ status: 'applied' });
    expect(await (await post(ringing)).json()).toMatchObject({ status: 'duplicate' });
    // Another extension's inbound call is not the reception's.
    const elsewhere = JSON.stringify({ id: 'in-wx-2', time: t0, type: 'call:live:progress', data: { flows: [{ ...flow, callee: { type: 'LOCAL', userExtension: '555' }, destination: '555' }] } });
    expect(await (await post(elsewhere)).json()).toMatchObject({ status: 'ignored' });

    const listed = await agent.get('/api/staff/reception/calls?extension=300');
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(1);
    expect(listed.body.items[0]).toMatchObject({ state: 'ringing', extension: '300', taken: null });
    expect(JSON.stringify(listed.body)).not.toContain('9887766'); // no caller number before taking
    const id = listed.body.items[0].id;
    const taken = await agent.send('POST', `/api/staff/reception/calls/${id}/take`);
    expect(taken.status, JSON.stringify(taken.body)).toBe(200);
    expect(taken.body).toMatchObject({ caller, taken: 'me' });
    expect((await other.send('POST', `/api/staff/reception/calls/${id}/take`)).body).toMatchObject({ code: 'call_taken' });
    const audited = await s.db.query<{ office_id: string; province_code: string }>('SELECT office_id, province_code FROM audit_log WHERE actor_id = $1 AND resource_id = $2', [agent.userId, id]);
    expect(audited.rows).toEqual([{ office_id: s.officeId, province_code: 'TT' }]);

    const talking = JSON.stringify({ id: 'in-wx-1', time: t0 + 8000, type: 'call:live:progress', data: { eventTrigger: 'call.answer', flows: [{ ...flow, status: 'TALKING', talkTime: 1 }] } });
    await post(talking);
    expect((await agent.get('/api/staff/reception/calls?extension=300')).body.items[0]).toMatchObject({ state: 'answered', taken: 'me' });
    // The agent logs while the call goes on; the end arrives later and sets the contact's duration.
    const logged = await agent.send('POST', '/api/staff/contacts', { reason: 'other', durationSeconds: 3, inboundCallId: id });
    expect(logged.status, JSON.stringify(logged.body)).toBe(201);
    expect((await agent.send('POST', '/api/staff/contacts', { reason: 'other', durationSeconds: 3, inboundCallId: id })).body).toMatchObject({ code: 'call_already_logged' });
    expect((await other.send('POST', '/api/staff/contacts', { reason: 'other', durationSeconds: 3, inboundCallId: id })).status).toBe(422);
    const completed = JSON.stringify({
      id: 'in-wx-1', time: t0 + 104_000, type: 'call:completed',
      data: { endCause: '16', flows: [{ ...flow, startTime: t0, endTime: t0 + 103_000, duration: 103_000, talkTime: 95_000, waitTime: 8000, callStatus: 'COMPLETED' }] },
    });
    expect(await (await post(completed)).json()).toMatchObject({ status: 'applied' });
    const contact = (await s.db.query<{ duration_seconds: number; duration_source: string }>('SELECT duration_seconds, duration_source FROM reception_contact WHERE id = $1', [logged.body.id])).rows[0]!;
    expect(contact).toEqual({ duration_seconds: 95, duration_source: 'telephony' });
    expect((await agent.get('/api/staff/reception/calls?extension=300')).body.items).toEqual([]); // logged: off the list
  });

  it('an incoming Asterisk call (StasisStart) rings the agent, is bridged, answered and timed from the events', async () => {
    s.clock.now = Date.now();
    const put2 = await put({ adapter: 'asterisk', settings: { baseUrl: ariUrl, username: ARI.user, passwordEnv: 'HOME_ARI_PASS', app: ARI.app } });
    expect(put2.status, JSON.stringify(put2.body)).toBe(200);
    await eventually(async () => ari.connected() > 0);
    const chan = `${Date.now() / 1000}`;
    ari.emit({ type: 'StasisStart', args: ['reception', '300'], channel: { id: chan, state: 'Ring', caller: { name: '', number: '+390311112222' }, creationtime: new Date().toISOString().replace('Z', '+0000') } });
    const answered = await eventually(async () => (await agent.get('/api/staff/reception/calls?extension=300')).body.items.find((c: any) => c.state === 'answered'));
    expect(ari.seen.find((r) => r.path === '/ari/channels/create')!.query.get('endpoint')).toBe('PJSIP/300');
    expect(ari.seen.find((r) => r.path.endsWith('/addChannel'))!.query.get('channel')).toBe(`${chan},rcp-${chan}`);
    // The caller's channel is answered once the agent answered: a request of its own, which may
    // reach the PBX just after the call shows as answered.
    await eventually(async () => ari.seen.some((r) => r.path === `/ari/channels/${encodeURIComponent(chan)}/answer` || r.path === `/ari/channels/${chan}/answer`));
    const taken = await agent.send('POST', `/api/staff/reception/calls/${answered.id}/take`);
    expect(taken.body.caller).toBe('+390311112222');
    await new Promise((r) => setTimeout(r, 1100));
    ari.emit({ type: 'ChannelDestroyed', cause: 16, cause_txt: 'Normal Clearing', channel: { id: chan, state: 'Up' } });
    const ended = await eventually(async () => (await agent.get('/api/staff/reception/calls?extension=300')).body.items.find((c: any) => c.id === answered.id && c.state === 'ended'));
    expect(ended.talkSeconds).toBeGreaterThanOrEqual(1);
    // The caller hung up: the agent's leg and the bridge are freed.
    await eventually(async () => ari.seen.some((r) => r.method === 'DELETE' && r.path === `/ari/bridges/rbr-${chan}`));
    const logged = await agent.send('POST', '/api/staff/contacts', { reason: 'short_answer', durationSeconds: 0, inboundCallId: answered.id, shortAnswerId: undefined });
    expect(logged.status).toBe(422); // short answer without its answer: refused as before
    const ok = await agent.send('POST', '/api/staff/contacts', { reason: 'redirected', durationSeconds: 0, inboundCallId: answered.id });
    expect(ok.status).toBe(201);
    const contact = (await s.db.query<{ duration_seconds: number }>('SELECT duration_seconds FROM reception_contact WHERE id = $1', [ok.body.id])).rows[0]!;
    expect(contact.duration_seconds).toBe(ended.talkSeconds);
    await put({ ...wildix(), manualDialPrefix: '#31#' });
  });
});
