/** The video API's shapes (src/video/routes.schema.ts). */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

export type VideoEntry =
  | { provider: 'builtin'; iceServers: IceServer[]; iceTransportPolicy: 'all' | 'relay' }
  | { provider: 'jitsi'; url: string; roomName: string; jwt: string | null };

export interface RoomView {
  state: 'waiting' | 'open' | 'closed';
  provider: 'builtin' | 'jitsi';
  serverTime: string;
  opensAt: string;
  closesAt: string;
  start: string;
  end: string;
  desk: { it: string; en: string };
  office: string;
  entryCode: string;
  entry: VideoEntry | null;
}

export interface StaffRoomView extends RoomView {
  bookingId: string;
  code: string;
  citizen: { fullName: string | null; phone: string | null; language: string };
}

export type Side = 'operator' | 'citizen';

export interface Signal {
  /** 'phone': the video failed and the operator is calling the citizen's phone (operator → citizen). */
  type: 'hello' | 'here' | 'offer' | 'answer' | 'candidate' | 'bye' | 'phone';
  sdp?: string;
  /** The negotiation (the operator's offer number) a description or candidate belongs to. */
  n?: number;
  candidate?: RTCIceCandidateInit | null;
}
