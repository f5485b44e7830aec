/**
 * Jitsi Meet: every Jitsi shape in this file. The room is `<JITSI_URL>/<room name>`; when the
 * deployment checks tokens (JITSI_APP_ID + JITSI_APP_SECRET, prosody's token authentication),
 * each participant gets a JWT (HS256) with the claims of Jitsi's token spec:
 *   aud  (JITSI_AUDIENCE, default "jitsi"), iss (the app id), sub (the tenant/domain: JITSI_SUB,
 *   default the host of JITSI_URL), room (the room name), nbf (room opens), exp (room closes),
 *   context.user { name, moderator } — the operator is the moderator, the citizen is not.
 */
import { SignJWT } from 'jose';
import type { Participant, RoomRef, VideoAdapter, VideoEntry } from './port.js';

export interface JitsiSettings {
  url: string;
  appId?: string | undefined;
  appSecret?: string | undefined;
  audience?: string | undefined;
  subject?: string | undefined;
}

export interface JitsiClaims {
  aud: string;
  iss: string;
  sub: string;
  room: string;
  nbf: number;
  exp: number;
  context: { user: { name: string; moderator: boolean } };
}

export function jitsiClaims(s: JitsiSettings & { appId: string }, room: RoomRef, who: Participant): JitsiClaims {
  return {
    aud: s.audience ?? 'jitsi',
    iss: s.appId,
    sub: s.subject ?? new URL(s.url).hostname,
    room: room.roomName,
    nbf: Math.floor(room.opensAtMs / 1000),
    exp: Math.ceil(room.closesAtMs / 1000),
    context: { user: { name: who.displayName, moderator: who.side === 'operator' } },
  };
}

export async function jitsiToken(s: JitsiSettings & { appId: string; appSecret: string }, room: RoomRef, who: Participant): Promise<string> {
  const { aud, iss, sub, nbf, exp, ...rest } = jitsiClaims(s, room, who);
  return new SignJWT({ ...rest })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setAudience(aud)
    .setIssuer(iss)
    .setSubject(sub)
    .setNotBefore(nbf)
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(s.appSecret));
}

export function jitsiAdapter(s: JitsiSettings): VideoAdapter {
  const base = s.url.replace(/\/+$/, '');
  return {
    kind: 'jitsi',
    async enter(room: RoomRef, who: Participant): Promise<VideoEntry> {
      const jwt = s.appId && s.appSecret ? await jitsiToken({ ...s, appId: s.appId, appSecret: s.appSecret }, room, who) : null;
      const url = `${base}/${encodeURIComponent(room.roomName)}${jwt ? `?jwt=${encodeURIComponent(jwt)}` : ''}`;
      return { provider: 'jitsi', url, roomName: room.roomName, jwt };
    },
  };
}
