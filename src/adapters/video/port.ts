/**
 * The video port: how a participant enters a booking's room. Two adapters:
 *  - builtin (default): 1:1 WebRTC between the two browsers, signalled through the server
 *    itself (src/video); this port gives the ICE servers, with per-room TURN credentials;
 *  - jitsi: the room on a Jitsi Meet deployment, with a signed JWT when it requires one.
 * The adapter never sees personal data beyond the display name it is given.
 */
export const VIDEO_PROVIDERS = ['builtin', 'jitsi'] as const;
export type VideoProviderKind = (typeof VIDEO_PROVIDERS)[number];

export type Side = 'operator' | 'citizen';

export interface RoomRef {
  /** Unguessable name of the room (what the video service sees). */
  roomName: string;
  opensAtMs: number;
  closesAtMs: number;
}

export interface Participant {
  side: Side;
  /** Shown to the other side (operator: "Operatore INPS"; citizen: their first name). */
  displayName: string;
}

/** An RTCIceServer as the browser takes it. */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

export type VideoEntry =
  | { provider: 'builtin'; iceServers: IceServer[]; iceTransportPolicy: 'all' | 'relay' }
  | { provider: 'jitsi'; url: string; roomName: string; jwt: string | null };

export interface VideoAdapter {
  readonly kind: VideoProviderKind;
  /** What the participant's browser needs to enter the room now (credentials expire with the room). */
  enter(room: RoomRef, who: Participant, nowMs: number): Promise<VideoEntry>;
}
