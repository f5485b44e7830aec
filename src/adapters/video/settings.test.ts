import { describe, expect, it } from 'vitest';
import { turnCredentials } from './builtin.js';
import { parseIceServers, videoAdapter, videoSettingsFromConfig } from './settings.js';

describe('video settings', () => {
  it('reads VIDEO_ICE_SERVERS and refuses what is not a list of ICE servers', () => {
    expect(parseIceServers('[{"urls":"stun:stun.example:3478"},{"urls":["turn:t.example:3478"],"username":"u","credential":"p"}]')).toEqual([
      { urls: 'stun:stun.example:3478' }, { urls: ['turn:t.example:3478'], username: 'u', credential: 'p' },
    ]);
    expect(parseIceServers(undefined)).toEqual([]);
    expect(() => parseIceServers('{')).toThrow(/not JSON/);
    expect(() => parseIceServers('[{"urls":"http://x"}]')).toThrow(/VIDEO_ICE_SERVERS/);
  });
  it('needs JITSI_URL for Jitsi, the app id and secret together, a TURN server to force relay', () => {
    expect(() => videoSettingsFromConfig({ VIDEO_PROVIDER: 'jitsi' })).toThrow(/JITSI_URL/);
    expect(() => videoSettingsFromConfig({ VIDEO_PROVIDER: 'jitsi', JITSI_URL: 'https://m.example', JITSI_APP_ID: 'x' })).toThrow(/together/);
    expect(() => videoSettingsFromConfig({ VIDEO_ICE_TRANSPORT_POLICY: 'relay' })).toThrow(/TURN/);
    expect(videoAdapter(videoSettingsFromConfig({})).kind).toBe('builtin');
  });
  it('gives TURN credentials of the REST kind: expiry:room, HMAC-SHA1 in base64', async () => {
    const c = turnCredentials('secret', 'sportello-room', 1_800_000_000_500);
    expect(c).toEqual({ username: '1800000000:sportello-room', credential: 'hn7HgHqngDG029rNdXKEpKtMfrU=' });
    const entry = await videoAdapter(videoSettingsFromConfig({ VIDEO_ICE_SERVERS: '[{"urls":"turn:t.example:3478"},{"urls":"turn:u.example","username":"fixed","credential":"pw"}]', VIDEO_TURN_SECRET: 'secret-of-sixteen-chars' }))
      .enter({ roomName: 'sportello-room', opensAtMs: 0, closesAtMs: 1_800_000_000_500 }, { side: 'citizen', displayName: 'x' }, 0);
    expect(entry).toMatchObject({ provider: 'builtin', iceTransportPolicy: 'all', iceServers: [{ urls: 'turn:t.example:3478', username: '1800000000:sportello-room' }, { username: 'fixed', credential: 'pw' }] });
  });
});
