import { useTranslation } from 'react-i18next';

export interface ShownMessage {
  channel: 'email' | 'sms' | 'appio';
  kind: string;
  to: string | null;
  at: string;
  subject: string | null;
  body: string;
  ics: string | null;
  code: string;
}

/** One message of the demo outbox, as the citizen would get it: who to, subject, text, calendar file. */
export function OutboxMessage({ m, headingLevel = 2 }: { m: ShownMessage; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article className="card-list-item outbox-message">
      <Heading className="h5 mb-1">
        {t(`outbox.channel.${m.channel}`)} — {t(`outbox.kind.${m.kind}`, { defaultValue: m.kind })}
      </Heading>
      <dl className="facts facts-inline mb-2">
        <dt>{t('outbox.to')}</dt>
        <dd>{m.to ?? '—'}</dd>
        <dt>{t('outbox.at')}</dt>
        <dd>{m.at}</dd>
        {m.subject && (
          <>
            <dt>{t('outbox.subject')}</dt>
            <dd>{m.subject}</dd>
          </>
        )}
      </dl>
      <pre className="outbox-body">{m.body}</pre>
      {m.ics && (
        <a className="btn btn-outline-primary btn-sm" href={`data:text/calendar;charset=utf-8,${encodeURIComponent(m.ics)}`} download={`${m.code}.ics`}>
          {t('outbox.ics')}
        </a>
      )}
    </article>
  );
}
