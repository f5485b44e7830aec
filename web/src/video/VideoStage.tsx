/** The two videos of a built-in call, its state and controls (microphone, camera, leave, retry). */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Side } from './api';
import type { CallState } from './useVideoCall';

function Video({ stream, label, muted, testId }: { stream: MediaStream | null; label: string; muted: boolean; testId: string }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (ref.current && ref.current.srcObject !== stream) ref.current.srcObject = stream;
  }, [stream]);
  return (
    <figure className="mb-0 position-relative">
      <video ref={ref} autoPlay playsInline muted={muted} data-testid={testId} aria-label={label}
        style={{ width: '100%', aspectRatio: '4 / 3', background: '#1a1a1a', borderRadius: 4, objectFit: 'cover' }} />
      <figcaption className="small mt-1">{label}</figcaption>
    </figure>
  );
}

export function VideoStage({ side, state, local, remote, retry, leave, mediaError }: {
  side: Side; state: CallState; local: MediaStream | null; remote: MediaStream | null; retry: () => void; leave: () => void; mediaError: string | null;
}) {
  const { t } = useTranslation();
  const [micOn, setMicOn] = useState(true);
  const [camOn, setCamOn] = useState(true);
  useEffect(() => {
    for (const tr of local?.getAudioTracks() ?? []) tr.enabled = micOn;
  }, [local, micOn]);
  useEffect(() => {
    for (const tr of local?.getVideoTracks() ?? []) tr.enabled = camOn;
  }, [local, camOn]);
  const stateText = state === 'waiting' ? t(`video.call.state.waiting.${side}`) : t(`video.call.state.${state}`);
  return (
    <section aria-labelledby="video-stage-title">
      <h2 id="video-stage-title" className="visually-hidden">{t('video.room.title')}</h2>
      <p role="status" aria-live="polite" data-testid="video-state" data-state={state} className={state === 'failed' ? 'text-danger fw-semibold' : state === 'phone' ? 'fw-semibold' : undefined}>{stateText}</p>
      {mediaError && <div className="alert alert-warning" role="alert">{mediaError === 'NotAllowedError' ? t('video.check.denied') : t('video.check.unavailable', { reason: mediaError })}</div>}
      <div className="row g-3">
        <div className="col-12 col-md-8"><Video stream={remote} label={t(`video.call.other.${side}`)} muted={false} testId="remote-video" /></div>
        <div className="col-8 col-md-4"><Video stream={local} label={t('video.call.you')} muted testId="local-video" /></div>
      </div>
      <div className="d-flex flex-wrap gap-2 mt-3">
        <button type="button" className="btn btn-outline-primary" aria-pressed={!micOn} onClick={() => setMicOn((v) => !v)} disabled={!local}>
          {micOn ? t('video.call.mute') : t('video.call.unmute')}
        </button>
        <button type="button" className="btn btn-outline-primary" aria-pressed={!camOn} onClick={() => setCamOn((v) => !v)} disabled={!local}>
          {camOn ? t('video.call.cameraOff') : t('video.call.cameraOn')}
        </button>
        {state === 'failed' && <button type="button" className="btn btn-primary" onClick={retry}>{t('video.call.retry')}</button>}
        <button type="button" className="btn btn-outline-danger" onClick={leave}>{t('video.call.leave')}</button>
      </div>
    </section>
  );
}
