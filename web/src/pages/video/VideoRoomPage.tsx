/**
 * /video/r/:token — the citizen's room. Before it opens: the appointment's time and a camera and
 * microphone check, and the page opens the room by itself at the right time. While open: the
 * built-in call (no third-party script), or the link to the office's Jitsi room. After: closed.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { AdminApiError, api, read, write, type ApiBody } from '../../api/client';
import { Loading } from '../../components/StateViews';
import { useTitle } from '../../components/useTitle';
import { currentLang } from '../../i18n';
import { formatLongDate, formatTime } from '../../lib/time';
import type { RoomView, Signal } from '../../video/api';
import { DeviceCheck } from '../../video/DeviceCheck';
import { useVideoCall } from '../../video/useVideoCall';
import { VideoStage } from '../../video/VideoStage';
import '../../video/i18n';

function BuiltinCall({ token, room, media, leave }: { token: string; room: RoomView; media: MediaStream | null; leave: () => void }) {
  const { t } = useTranslation();
  const entry = room.entry?.provider === 'builtin' ? room.entry : null;
  const post = useCallback(async (s: Signal) => {
    // The browser types a candidate's `candidate` as optional; the candidates it gives always carry it.
    await write((init) => api.POST('/api/video/rooms/{token}/signals', { params: { path: { token } }, body: s as ApiBody<'/api/video/rooms/{token}/signals'>, ...init }));
  }, [token]);
  const call = useVideoCall({
    side: 'citizen', streamUrl: `/api/video/rooms/${token}/signals`, send: post,
    iceServers: entry?.iceServers ?? [], iceTransportPolicy: entry?.iceTransportPolicy ?? 'all', media, enabled: !!entry,
  });
  return (
    <>
      <VideoStage side="citizen" {...call} leave={leave} />
      {call.state === 'failed' && <p className="mt-3">{t('video.call.failedCitizen')}</p>}
    </>
  );
}

export default function VideoRoomPage() {
  const { t } = useTranslation();
  const lang = currentLang();
  useTitle(t('video.room.title'));
  const { token = '' } = useParams();
  const [room, setRoom] = useState<RoomView | null>(null);
  const [error, setError] = useState<number | null>(null);
  const [media, setMedia] = useState<MediaStream | null>(null);
  const [left, setLeft] = useState(false);

  const load = useCallback(async () => {
    try {
      setRoom(await read((init) => api.GET('/api/video/rooms/{token}', { params: { path: { token } }, ...init })));
      setError(null);
    } catch (e) {
      setError(e instanceof AdminApiError ? (e.status ?? 0) : 0);
    }
  }, [token]);
  useEffect(() => void load(), [load]);
  // Waiting: open the room by itself when its time comes (server's clock), checking now and then.
  useEffect(() => {
    if (room?.state !== 'waiting') return;
    const skew = Date.parse(room.serverTime) - Date.now();
    const inMs = Date.parse(room.opensAt) - (Date.now() + skew);
    const timer = setTimeout(() => void load(), Math.max(500, Math.min(inMs + 500, 60_000)));
    return () => clearTimeout(timer);
  }, [room, load]);
  useEffect(() => () => media?.getTracks().forEach((tr) => tr.stop()), [media]);

  if (error === 404 || error === 400) {
    return (
      <div className="container py-4">
        <h1>{t('video.room.title')}</h1>
        <div className="alert alert-warning" role="alert">{t('video.room.notFound')}</div>
        <Link to="/video">{t('video.room.enterCode')}</Link>
      </div>
    );
  }
  if (error === 410 || room?.state === 'closed' || left) {
    return (
      <div className="container py-4">
        <h1>{t('video.room.title')}</h1>
        <p role="status" data-testid="video-state" data-state="ended">{left ? t('video.call.state.ended') : t('video.room.closed')}</p>
      </div>
    );
  }
  if (error !== null) return <div className="container py-4"><h1>{t('video.room.title')}</h1><div className="alert alert-danger" role="alert">{t('problem.server')}</div></div>;
  if (!room) return <Loading />;

  const opens = formatTime(room.opensAt, lang);
  return (
    <div className="container-xxl py-4">
      <h1>{t('video.room.title')}</h1>
      <p className="lead">{t('video.room.when', { desk: room.desk[lang], office: room.office, date: lang === 'it' ? formatLongDate(room.start, lang).toLocaleLowerCase('it') : formatLongDate(room.start, lang), time: formatTime(room.start, lang) })}</p>
      <p className="small text-secondary">{t('video.room.entryCode', { code: room.entryCode })} · {t('video.room.nothingRecorded')}</p>
      {room.state === 'waiting' && (
        <>
          <div className="callout">
            <div className="callout-title">{t('video.room.waitingTitle')}</div>
            <p data-testid="video-waiting">{t('video.room.waiting', { opens, minutes: Math.round((Date.parse(room.start) - Date.parse(room.opensAt)) / 60_000) })}</p>
          </div>
          <DeviceCheck stream={media} setStream={setMedia} />
        </>
      )}
      {room.state === 'open' && room.entry?.provider === 'builtin' && <BuiltinCall token={token} room={room} media={media} leave={() => setLeft(true)} />}
      {room.state === 'open' && room.entry?.provider === 'jitsi' && (
        <>
          <p>{t('video.room.jitsi')}</p>
          <a className="btn btn-primary" href={room.entry.url} rel="noreferrer">{t('video.room.jitsiEnter')}</a>
        </>
      )}
    </div>
  );
}
