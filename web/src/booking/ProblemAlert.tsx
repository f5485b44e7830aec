import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AdminApiError } from '../api/client';
import { currentLang } from '../i18n';

/**
 * What went wrong with a request, in plain language and with what to do next:
 * no connection (check it, then retry: nothing is lost), a server failure (retry in a
 * few minutes, or call the reception number), or the server's own reason.
 */
export function ProblemAlert({ error, children, id }: { error: unknown; children?: ReactNode; id?: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  let text: string;
  let color: 'warning' | 'danger' = 'danger';
  if (error instanceof AdminApiError && error.kind === 'network') {
    text = t('problem.network');
    color = 'warning';
  } else if (error instanceof AdminApiError && (error.kind === 'rejected' || error.kind === 'not_found') && error.problem?.messages?.[lang]) {
    text = error.problem.messages[lang]!;
  } else {
    text = t('problem.server');
  }
  return (
    <div className={`alert alert-${color} problem-alert`} role="alert" id={id}>
      <p className="mb-0">{text}</p>
      {children}
    </div>
  );
}
