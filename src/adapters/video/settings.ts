/**
 * The video settings from the environment (docs/video.md), and the adapter they choose.
 */
import { z } from 'zod';
import { DEFAULT_CLOSE_MARGIN_MINUTES, DEFAULT_OPEN_MINUTES } from '../../domain/video/room.js';
import { builtinAdapter } from './builtin.js';
import { jitsiAdapter, type JitsiSettings } from './jitsi.js';
import type { IceServer, VideoAdapter, VideoProviderKind } from './port.js';

export interface VideoSettings {
  provider: VideoProviderKind;
  iceServers: IceServer[];
  turnSecret?: string | undefined;
  iceTransportPolicy?: 'all' | 'relay' | undefined;
  jitsi?: JitsiSettings | undefined;
  /** Minutes before the slot the room opens, when the office sets none. */
  openMinutes: number;
  /** Minutes after the slot's end the room stays open. */
  closeMarginMinutes: number;
  /** PUBLIC_URL: the citizen's link is absolute when known. */
  publicUrl?: string | undefined;
}

const iceServerSchema = z.strictObject({
  urls: z.union([z.string().regex(/^(stun|stuns|turn|turns):/), z.array(z.string().regex(/^(stun|stuns|turn|turns):/)).min(1)]),
  username: z.string().optional(),
  credential: z.string().optional(),
});

export function parseIceServers(json: string | undefined): IceServer[] {
  if (!json?.trim()) return [];
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error('VIDEO_ICE_SERVERS: not JSON');
  }
  const r = z.array(iceServerSchema).safeParse(value);
  if (!r.success) throw new Error(`VIDEO_ICE_SERVERS: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data.map((s) => ({ urls: s.urls, ...(s.username ? { username: s.username } : {}), ...(s.credential ? { credential: s.credential } : {}) }));
}

export interface VideoEnv {
  VIDEO_PROVIDER?: VideoProviderKind | undefined;
  VIDEO_ICE_SERVERS?: string | undefined;
  VIDEO_TURN_SECRET?: string | undefined;
  VIDEO_ICE_TRANSPORT_POLICY?: 'all' | 'relay' | undefined;
  VIDEO_OPEN_MINUTES?: number | undefined;
  VIDEO_CLOSE_MARGIN_MINUTES?: number | undefined;
  JITSI_URL?: string | undefined;
  JITSI_APP_ID?: string | undefined;
  JITSI_APP_SECRET?: string | undefined;
  JITSI_AUDIENCE?: string | undefined;
  JITSI_SUB?: string | undefined;
  PUBLIC_URL?: string | undefined;
}

export function videoSettingsFromConfig(c: VideoEnv): VideoSettings {
  const provider = c.VIDEO_PROVIDER ?? 'builtin';
  if (provider === 'jitsi' && !c.JITSI_URL) throw new Error('VIDEO_PROVIDER=jitsi needs JITSI_URL');
  if (c.VIDEO_ICE_TRANSPORT_POLICY === 'relay' && !parseIceServers(c.VIDEO_ICE_SERVERS).some((s) => [s.urls].flat().some((u) => /^turns?:/.test(u)))) {
    throw new Error('VIDEO_ICE_TRANSPORT_POLICY=relay needs a TURN server in VIDEO_ICE_SERVERS');
  }
  if (!!c.JITSI_APP_ID !== !!c.JITSI_APP_SECRET) throw new Error('JITSI_APP_ID and JITSI_APP_SECRET go together');
  return {
    provider,
    iceServers: parseIceServers(c.VIDEO_ICE_SERVERS),
    turnSecret: c.VIDEO_TURN_SECRET,
    iceTransportPolicy: c.VIDEO_ICE_TRANSPORT_POLICY ?? 'all',
    jitsi: c.JITSI_URL ? { url: c.JITSI_URL, appId: c.JITSI_APP_ID, appSecret: c.JITSI_APP_SECRET, audience: c.JITSI_AUDIENCE, subject: c.JITSI_SUB } : undefined,
    openMinutes: c.VIDEO_OPEN_MINUTES ?? DEFAULT_OPEN_MINUTES,
    closeMarginMinutes: c.VIDEO_CLOSE_MARGIN_MINUTES ?? DEFAULT_CLOSE_MARGIN_MINUTES,
    publicUrl: c.PUBLIC_URL,
  };
}

export const defaultVideoSettings = (): VideoSettings => videoSettingsFromConfig({});

export function videoAdapter(s: VideoSettings): VideoAdapter {
  if (s.provider === 'jitsi') return jitsiAdapter(s.jitsi!);
  return builtinAdapter({ iceServers: s.iceServers, turnSecret: s.turnSecret, iceTransportPolicy: s.iceTransportPolicy });
}
