/**
 * /operatore/video/:bookingId — the operator in a video booking's room (from the agenda's
 * "Partecipa"): the built-in call, or the office's Jitsi room as moderator; and, when the video
 * fails, the phone call to the booking's number in one click (the console's own start-call path).
 */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTitle } from '../../components/useTitle';
import { currentLang } from '../../i18n';
import { formatTime } from '../../lib/time';
import type { ApiBody } from '../../api/client';
import { AdminApiError, staff, staffApi, useStaffData } from '../../staff/api';
import { ProblemMessage } from '../admin/ProblemMessage';
import type { Signal, StaffRoomView } from '../../video/api';
import { useVideoCall } from '../../video/useVideoCall';
import { VideoStage } from '../../video/VideoStage';
import '../../video/i18n';

function BuiltinCall({ room, leave }: { room: StaffRoomView; leave: () => void }) {
  const entry = room.entry?.provider === 'builtin' ? room.entry : null;
  const id = room.bookingId;
  const post = useCallback(async (s: Signal) => {
    await staff(staffApi.POST('/api/staff/video/bookings/{id}/signals', { params: { path: { id } }, body: s as ApiBody<'/api/staff/video/bookings/{id}/signals'> }));
  }, [id]);
  const c = useVideoCall({ side: 'operator', streamUrl: `/api/staff/video/bookings/${id}/signals`, send: post, iceServers: entry?.iceServers ?? [], iceTransportPolicy: entry?.iceTransportPolicy ?? 'all', enabled: !!entry });
  return <VideoStage side="operator" {...c} leave={leave} />;
}

export default function VideoJoinPage() {
  const { t } = useTranslation();
  const lang = currentLang();
  const { bookingId = '' } = useParams();
  const navigate = useNavigate();
  const { data: room, error, reload } = useStaffData(`/api/staff/video/bookings/${bookingId}`, () => staffApi.GET('/api/staff/video/bookings/{id}', { params: { path: { id: bookingId } } }));
  useTitle(t('video.operator.title', { code: room?.code ?? '' }));
  const [calling, setCalling] = useState<'idle' | 'busy' | 'done'>('idle');
  const [callError, setCallError] = useState<AdminApiError | null>(null);

  const fallBack = async () => {
    setCalling('busy');
    setCallError(null);
    try {
      await staff(staffApi.POST('/api/staff/calls', { body: { bookingId } }));
      // The citizen's room page (built-in) says the operator is phoning; the call goes on regardless.
      if (room?.state === 'open' && room.entry?.provider === 'builtin') {
        await staff(staffApi.POST('/api/staff/video/bookings/{id}/signals', { params: { path: { id: bookingId } }, body: { type: 'phone' } })).catch(() => undefined);
      }
      setCalling('done');
      navigate('/operatore');
    } catch (e) {
      setCallError(e instanceof AdminApiError ? e : new AdminApiError(0, null));
      setCalling('idle');
    }
  };

  return (
    <>
      <h1>{t('video.operator.title', { code: room?.code ?? '…' })}</h1>
      <p><Link to="/operatore">{t('video.operator.back')}</Link></p>
      {error && <ProblemMessage error={error} />}
      {room && (
        <>
          <p className="lead">
            {t('video.operator.citizen', { name: room.citizen.fullName ?? '—' })} · {formatTime(room.start, lang)}–{formatTime(room.end, lang)} · {room.desk[lang]}
          </p>
          {room.state === 'waiting' && (
            <div className="callout">
              <p data-testid="video-waiting">{t('video.operator.waiting', { opens: formatTime(room.opensAt, lang) })}</p>
              <button type="button" className="btn btn-outline-primary btn-sm" onClick={reload}>{t('video.call.retry')}</button>
            </div>
          )}
          {room.state === 'closed' && <p role="status">{t('video.room.closed')}</p>}
          {room.state === 'open' && room.entry?.provider === 'builtin' && <BuiltinCall room={room} leave={() => navigate('/operatore')} />}
          {room.state === 'open' && room.entry?.provider === 'jitsi' && (
            <p><a className="btn btn-primary" href={room.entry.url} target="_blank" rel="noreferrer">{t('video.room.jitsiEnter')}</a></p>
          )}
          {room.state !== 'closed' && room.citizen.phone && (
            <section className="mt-4" aria-labelledby="fallback-title">
              <h2 id="fallback-title" className="h5">{t('video.operator.fallback')}</h2>
              <p className="small">{t('video.operator.fallbackHelp', { phone: room.citizen.phone })}</p>
              <button type="button" className="btn btn-secondary" onClick={() => void fallBack()} disabled={calling !== 'idle'} data-testid="video-fallback">
                {t('video.operator.fallback')}
              </button>
              {calling === 'done' && <p role="status">{t('video.operator.calling')}</p>}
              {callError && <ProblemMessage error={callError} />}
            </section>
          )}
        </>
      )}
    </>
  );
}
