/** The video API's shapes (src/video/routes.schema.ts; the server's own, generated) and the signals the browser exchanges. */
import type { ApiData } from '../api/client';

export type RoomView = ApiData<'/api/video/rooms/{token}'>;
export type VideoEntry = NonNullable<RoomView['entry']>;
export type IceServer = Extract<VideoEntry, { provider: 'builtin' }>['iceServers'][number];
export type StaffRoomView = ApiData<'/api/staff/video/bookings/{id}'>;

export type Side = 'operator' | 'citizen';

export interface Signal {
  /** 'phone': the video failed and the operator is calling the citizen's phone (operator → citizen). */
  type: 'hello' | 'here' | 'offer' | 'answer' | 'candidate' | 'bye' | 'phone';
  sdp?: string;
  /** The negotiation (the operator's offer number) a description or candidate belongs to. */
  n?: number;
  candidate?: RTCIceCandidateInit | null;
}
