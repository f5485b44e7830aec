/**
 * The waiting page's camera and microphone check: a preview and a level meter, all in the
 * browser (nothing is sent anywhere). The stream is handed to the call when the room opens.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export function DeviceCheck({ stream, setStream }: { stream: MediaStream | null; setStream: (s: MediaStream | null) => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [level, setLevel] = useState(0);
  const video = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    if (video.current) video.current.srcObject = stream;
    if (!stream?.getAudioTracks().length || typeof AudioContext !== 'function') return;
    const ctx = new AudioContext();
    const analyser = ctx.createAnalyser();
    ctx.createMediaStreamSource(stream).connect(analyser);
    const data = new Uint8Array(analyser.fftSize);
    const timer = setInterval(() => {
      analyser.getByteTimeDomainData(data);
      let peak = 0;
      for (const v of data) peak = Math.max(peak, Math.abs(v - 128));
      setLevel(Math.min(100, Math.round((peak / 128) * 100)));
    }, 200);
    return () => {
      clearInterval(timer);
      void ctx.close();
    };
  }, [stream]);

  const start = async () => {
    try {
      setStream(await navigator.mediaDevices.getUserMedia({ audio: true, video: true }));
      setError(null);
    } catch (e) {
      setError(e instanceof DOMException ? e.name : String(e));
    }
  };
  const has = (kind: 'audio' | 'video') => !!stream?.getTracks().some((tr) => tr.kind === kind && tr.readyState === 'live');

  return (
    <section aria-labelledby="device-check-title" className="mt-4">
      <h2 id="device-check-title" className="h4">{t('video.check.title')}</h2>
      <p>{t('video.check.lead')}</p>
      {!stream && <button type="button" className="btn btn-primary" onClick={() => void start()}>{t('video.check.start')}</button>}
      {error && <div className="alert alert-warning mt-2" role="alert">{error === 'NotAllowedError' ? t('video.check.denied') : t('video.check.unavailable', { reason: error })}</div>}
      {stream && (
        <div className="row g-3 align-items-start">
          <div className="col-12 col-md-5">
            <video ref={video} autoPlay playsInline muted aria-label={t('video.check.preview')} data-testid="check-video"
              style={{ width: '100%', aspectRatio: '4 / 3', background: '#1a1a1a', borderRadius: 4, objectFit: 'cover' }} />
          </div>
          <div className="col-12 col-md-7">
            <ul className="list-unstyled" data-testid="device-check">
              <li>{t('video.check.camera')}: <strong>{has('video') ? t('video.check.ok') : t('video.check.missing')}</strong></li>
              <li>{t('video.check.microphone')}: <strong>{has('audio') ? t('video.check.ok') : t('video.check.missing')}</strong></li>
            </ul>
            <label htmlFor="mic-level" className="form-label">{t('video.check.level')}</label>
            <progress id="mic-level" className="w-100" max={100} value={level} />
          </div>
        </div>
      )}
    </section>
  );
}
