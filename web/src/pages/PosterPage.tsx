import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useProvinceDirectory } from '../api/useProvinceDirectory';
import { ErrorView, Loading, NotFoundView } from '../components/StateViews';
import { useTitle } from '../components/useTitle';
import { currentLang, langPrefix } from '../i18n';
import { summariseWeekly } from '../lib/hours';
import { displayPhone } from '../lib/phone';
import { qrPath } from '../lib/qr';
import { StationList } from '../components/StationList';

function Qr({ text, label }: { text: string; label: string }) {
  const { size, d } = useMemo(() => qrPath(text), [text]);
  const quiet = 4;
  return (
    <svg
      className="poster-qr"
      role="img"
      aria-label={label}
      viewBox={`${-quiet} ${-quiet} ${size + 2 * quiet} ${size + 2 * quiet}`}
      shapeRendering="crispEdges"
    >
      <rect x={-quiet} y={-quiet} width={size + 2 * quiet} height={size + 2 * quiet} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}

/** A printable A4 poster for a province: how it works, QR code to its page, numbers, offices. */
export default function PosterPage() {
  const { t } = useTranslation();
  const lang = currentLang();
  const { code = '' } = useParams();
  const upper = code.toUpperCase();
  const directory = useProvinceDirectory(upper);
  const name = directory.status === 'ready' && directory.data ? directory.data.province.name : upper;
  useTitle(t('poster.title', { name }));

  if (directory.status === 'loading') return <Loading />;
  if (directory.status === 'error') return <ErrorView error={directory.error} retry={directory.retry} />;
  if (!directory.data) return <NotFoundView />;
  const { province, offices } = directory.data;
  const url = `${window.location.origin}${langPrefix(currentLang())}/province/${encodeURIComponent(province.code)}`;

  return (
    <div className="container-xxl app-container py-4 poster-screen">
      <div className="d-flex flex-wrap gap-3 mb-4 d-print-none">
        <button type="button" className="btn btn-primary" onClick={() => window.print()}>
          {t('poster.print')}
        </button>
        <Link to={`/province/${encodeURIComponent(province.code)}`} className="btn btn-outline-primary">
          {t('poster.back', { name: province.name })}
        </Link>
      </div>
      <article className="poster" aria-labelledby="poster-title">
        <header className="poster-head">
          <p className="poster-owner mb-1">{t('app.owner')}</p>
          <h1 id="poster-title" className="poster-title">
            {t('poster.headline')}
          </h1>
          <p className="poster-sub mb-0">{t('poster.sub', { name: province.name })}</p>
        </header>
        <div className="poster-body">
          <div className="poster-main">
            <ol className="how-steps poster-steps" role="list">
              <li>{t('poster.step1')}</li>
              <li>{t('poster.step2')}</li>
              <li>{t('poster.step3')}</li>
            </ol>
            {province.receptionPhone && (
              <p className="poster-phone">
                {t('poster.phone')} <strong className="text-nowrap">{displayPhone(province.receptionPhone)}</strong>
              </p>
            )}
          </div>
          <figure className="poster-qr-box">
            <Qr text={url} label={t('poster.qrLabel', { url })} />
            <figcaption>
              {t('poster.scan')}
              <br />
              <span className="poster-url">{url.replace(/^https?:\/\//, '')}</span>
            </figcaption>
          </figure>
        </div>
        <section aria-labelledby="poster-offices">
          <h2 id="poster-offices" className="h4">
            {t('poster.offices', { name: province.name })}
          </h2>
          <ul className="poster-offices" role="list">
            {offices.map((o) => (
              <li key={o.id}>
                <p className="fw-bold mb-0">
                  {o.name}
                  {o.address ? <span className="fw-normal"> – {o.address}, {o.town}</span> : <span className="fw-normal"> – {o.town}</span>}
                </p>
                <ul className="list-unstyled mb-0">
                  {o.deskDetails.map((d) => (
                    <li key={d.id}>
                      {d.name[lang]}: {summariseWeekly(d.weekly, lang).join('; ') || t('desk.noWeekly')}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </section>
        <StationList query={{ province: province.code }} poster />
        <p className="poster-foot mb-0">{t('poster.free')}</p>
      </article>
    </div>
  );
}
