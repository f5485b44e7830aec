// The Jitsi JWT against Jitsi's token spec (prosody token authentication): HS256 with the app
// secret; aud, iss, sub, room, nbf, exp and context.user { name, moderator } — verified with jose.
import { jwtVerify, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { jitsiAdapter, jitsiToken } from './jitsi.js';

const settings = { url: 'https://meet.inps.example/', appId: 'sportello', appSecret: 'a-long-jitsi-app-secret-0123456789' };
const room = { roomName: 'sportello-abcdefghij0123456789', opensAtMs: Date.UTC(2026, 11, 9, 8, 55), closesAtMs: Date.UTC(2026, 11, 9, 9, 25) };
const key = new TextEncoder().encode(settings.appSecret);

describe('Jitsi adapter', () => {
  it('signs the operator as moderator with the spec’s claims, valid only while the room is open', async () => {
    const token = await jitsiToken(settings, room, { side: 'operator', displayName: 'Operatore INPS' });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const during = new Date(Date.UTC(2026, 11, 9, 9, 0));
    const { payload } = await jwtVerify(token, key, { audience: 'jitsi', issuer: 'sportello', subject: 'meet.inps.example', currentDate: during, algorithms: ['HS256'] });
    expect(payload).toEqual({
      aud: 'jitsi', iss: 'sportello', sub: 'meet.inps.example', room: room.roomName,
      nbf: room.opensAtMs / 1000, exp: room.closesAtMs / 1000,
      context: { user: { name: 'Operatore INPS', moderator: true } },
    });
    await expect(jwtVerify(token, key, { currentDate: new Date(room.opensAtMs - 60_000) })).rejects.toThrow(/nbf/);
    await expect(jwtVerify(token, key, { currentDate: new Date(room.closesAtMs + 1000) })).rejects.toThrow(/exp/);
    await expect(jwtVerify(token, new TextEncoder().encode('another-secret-of-enough-length!'), { currentDate: during })).rejects.toThrow(/signature/);
  });

  it('gives the citizen a token that is not a moderator’s, in the room’s address', async () => {
    const entry = await jitsiAdapter({ ...settings, audience: 'inps', subject: 'meet.jitsi' }).enter(room, { side: 'citizen', displayName: 'Cittadino' }, room.opensAtMs);
    if (entry.provider !== 'jitsi') throw new Error('not jitsi');
    expect(entry.url).toBe(`https://meet.inps.example/${room.roomName}?jwt=${entry.jwt}`);
    const { payload } = await jwtVerify(entry.jwt!, key, { audience: 'inps', subject: 'meet.jitsi', currentDate: new Date(room.opensAtMs) });
    expect(payload.room).toBe(room.roomName);
    expect(payload.context).toEqual({ user: { name: 'Cittadino', moderator: false } });
  });

  it('sends no token to a deployment that asks none', async () => {
    const entry = await jitsiAdapter({ url: 'https://meet.example' }).enter(room, { side: 'operator', displayName: 'Operatore INPS' }, room.opensAtMs);
    expect(entry).toEqual({ provider: 'jitsi', url: `https://meet.example/${room.roomName}`, roomName: room.roomName, jwt: null });
  });
});
