/**
 * Built-in 1:1 WebRTC: the ICE servers of VIDEO_ICE_SERVERS, and for every TURN server listed
 * without credentials, credentials of the "TURN REST API" kind (coturn's `use-auth-secret`):
 * user name `<expiry in epoch seconds>:<room name>`, password base64(HMAC-SHA1(secret, user name)).
 * They expire when the room closes, and name no person.
 */
import { createHmac } from 'node:crypto';
import type { IceServer, Participant, RoomRef, VideoAdapter, VideoEntry } from './port.js';

export interface BuiltinSettings {
  iceServers: IceServer[];
  /** VIDEO_TURN_SECRET: the TURN server's static-auth-secret. */
  turnSecret?: string | undefined;
  /** VIDEO_ICE_TRANSPORT_POLICY=relay: media only through TURN (neither side learns the other's address). */
  iceTransportPolicy?: 'all' | 'relay' | undefined;
}

export function turnCredentials(secret: string, roomName: string, expiresAtMs: number): { username: string; credential: string } {
  const username = `${Math.floor(expiresAtMs / 1000)}:${roomName}`;
  return { username, credential: createHmac('sha1', secret).update(username).digest('base64') };
}

const isTurn = (urls: string | string[]) => (Array.isArray(urls) ? urls : [urls]).some((u) => /^turns?:/i.test(u));

export function builtinAdapter(settings: BuiltinSettings): VideoAdapter {
  return {
    kind: 'builtin',
    async enter(room: RoomRef, _who: Participant): Promise<VideoEntry> {
      const iceServers = settings.iceServers.map((s): IceServer => {
        if (!isTurn(s.urls) || s.username || !settings.turnSecret) return { ...s };
        return { urls: s.urls, ...turnCredentials(settings.turnSecret, room.roomName, room.closesAtMs) };
      });
      return { provider: 'builtin', iceServers, iceTransportPolicy: settings.iceTransportPolicy ?? 'all' };
    },
  };
}
