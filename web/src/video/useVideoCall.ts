/**
 * The built-in 1:1 video call: camera and microphone, one RTCPeerConnection, and the signalling
 * through the server (Server-Sent Events in, POST out). The operator makes the offer; the
 * citizen answers. Protocol: each side says `hello` when its stream is ready; the citizen
 * answers the operator's `hello` with `here`; the operator offers on `hello`/`here`; network
 * candidates trickle both ways (kept until the other side's description is known); `bye` ends;
 * `phone` (to the citizen): the video failed and the operator is calling their phone instead.
 * Nothing is recorded.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { IceServer, Side, Signal } from './api';

export type CallState = 'idle' | 'media' | 'waiting' | 'connecting' | 'connected' | 'failed' | 'ended' | 'phone';

export interface VideoCallOptions {
  side: Side;
  /** The other side's messages (text/event-stream). */
  streamUrl: string;
  send: (s: Signal) => Promise<void>;
  iceServers: IceServer[];
  iceTransportPolicy: 'all' | 'relay';
  /** A camera/microphone stream already open (the waiting page's check), reused. */
  media?: MediaStream | null;
  enabled: boolean;
}

export function useVideoCall(o: VideoCallOptions) {
  const [state, setState] = useState<CallState>('idle');
  const [local, setLocal] = useState<MediaStream | null>(null);
  const [remote, setRemote] = useState<MediaStream | null>(null);
  const [mediaError, setMediaError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const opts = useRef(o);
  opts.current = o;

  useEffect(() => {
    if (!o.enabled) return;
    let closed = false;
    let pc: RTCPeerConnection | null = null;
    let pending: RTCIceCandidateInit[] = [];
    // The current negotiation: the operator numbers its offers, the citizen takes the number of the offer it answers.
    let n = 0;
    let held: Signal[] = [];
    let described = false;
    // The operator has moved to a phone call: the room stays closed on this side (its later `bye` too).
    let phoned = false;
    const sendDescription = async (s: Signal) => {
      await send(s);
      described = true;
      for (const c of held.splice(0)) void send(c).catch(() => undefined);
    };
    let stream: MediaStream | null = null;
    let es: EventSource | null = null;
    const { side, send } = opts.current;

    const newPeer = () => {
      pc?.close();
      pending = [];
      const p = new RTCPeerConnection({ iceServers: opts.current.iceServers as RTCIceServer[], iceTransportPolicy: opts.current.iceTransportPolicy });
      pc = p;
      for (const track of stream?.getTracks() ?? []) p.addTrack(track, stream!);
      // Candidates go after the description they belong to (held until it is sent).
      held = [];
      described = false;
      const m = n;
      p.onicecandidate = (e) => {
        if (!e.candidate || pc !== p) return;
        const c: Signal = { type: 'candidate', candidate: e.candidate.toJSON(), n: m };
        if (described) void send(c).catch(() => undefined);
        else held.push(c);
      };
      p.ontrack = (e) => {
        if (pc === p) setRemote(e.streams[0] ?? new MediaStream([e.track]));
      };
      p.onconnectionstatechange = () => {
        if (pc !== p || closed) return;
        if (p.connectionState === 'connected') setState('connected');
        else if (p.connectionState === 'failed') setState('failed');
        else if (p.connectionState === 'connecting') setState('connecting');
      };
      setState('connecting');
      return p;
    };
    const flush = async () => {
      const list = pending;
      pending = [];
      for (const c of list) await pc?.addIceCandidate(c).catch(() => undefined);
    };
    const offer = async () => {
      n += 1;
      const p = newPeer();
      await p.setLocalDescription(await p.createOffer());
      await sendDescription({ type: 'offer', sdp: p.localDescription!.sdp, n });
    };
    const onSignal = async (s: Signal) => {
      if (closed || phoned) return;
      switch (s.type) {
        case 'hello':
          if (side === 'operator') await offer();
          else await send({ type: 'here' });
          break;
        case 'here':
          if (side === 'operator') await offer();
          break;
        case 'offer': {
          if (side !== 'citizen' || !s.sdp) return;
          n = s.n ?? 0;
          const p = newPeer();
          await p.setRemoteDescription({ type: 'offer', sdp: s.sdp });
          await flush();
          await p.setLocalDescription(await p.createAnswer());
          await sendDescription({ type: 'answer', sdp: p.localDescription!.sdp, n });
          break;
        }
        case 'answer':
          if (side !== 'operator' || !s.sdp || !pc || (s.n ?? 0) !== n || pc.signalingState !== 'have-local-offer') return;
          await pc.setRemoteDescription({ type: 'answer', sdp: s.sdp });
          await flush();
          break;
        case 'candidate':
          if (!s.candidate || (s.n ?? 0) !== n) return;
          if (pc?.remoteDescription) await pc.addIceCandidate(s.candidate).catch(() => undefined);
          else pending.push(s.candidate);
          break;
        case 'phone':
          if (side !== 'citizen') return;
          phoned = true;
          pc?.close();
          pc = null;
          // The camera and microphone go off: the conversation continues on the phone.
          for (const tr of stream?.getTracks() ?? []) tr.stop();
          setLocal(null);
          setRemote(null);
          setState('phone');
          break;
        case 'bye':
          pc?.close();
          pc = null;
          setRemote(null);
          setState('waiting');
          break;
      }
    };

    (async () => {
      setState('media');
      try {
        stream = opts.current.media ?? (await navigator.mediaDevices.getUserMedia({ audio: true, video: true }));
        setMediaError(null);
      } catch (e) {
        // The call still goes on: the other side is seen and heard, this one is not.
        stream = null;
        setMediaError(e instanceof DOMException ? e.name : String(e));
      }
      if (closed) return;
      setLocal(stream);
      setState('waiting');
      es = new EventSource(opts.current.streamUrl);
      es.addEventListener('ready', () => void send({ type: 'hello' }).catch(() => undefined));
      es.addEventListener('signal', (e) => {
        try {
          void onSignal(JSON.parse((e as MessageEvent<string>).data) as Signal).catch(() => setState('failed'));
        } catch {
          /* ignored */
        }
      });
      es.addEventListener('closed', () => {
        es?.close();
        pc?.close();
        setState('ended');
      });
    })();

    return () => {
      closed = true;
      es?.close();
      if (pc) {
        void send({ type: 'bye' }).catch(() => undefined);
        pc.close();
      }
      if (stream && stream !== opts.current.media) for (const t of stream.getTracks()) t.stop();
    };
  }, [o.enabled, o.streamUrl, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, local, remote, mediaError, retry };
}
