import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Crumbs } from '../../components/Crumbs';
import { useTitle } from '../../components/useTitle';

export const STEPS = ['province', 'office', 'desk', 'channel', 'slot', 'person', 'summary', 'done'] as const;
export type Step = (typeof STEPS)[number];

export const STEP_PATH: Record<Step, string> = {
  province: '/prenota',
  office: '/prenota/sede',
  desk: '/prenota/sportello',
  channel: '/prenota/canale',
  slot: '/prenota/orario',
  person: '/prenota/dati',
  summary: '/prenota/riepilogo',
  done: '/prenota/conferma',
};

/** A step of the booking flow: breadcrumb, "step n of 8", title, content. */
export function FlowFrame({ step, title, children, lead }: { step: Step; title: string; children: ReactNode; lead?: ReactNode }) {
  const { t } = useTranslation();
  const n = STEPS.indexOf(step) + 1;
  useTitle(`${title} – ${t('book.title')}`);
  return (
    <div className="container-xxl app-container py-4 booking-flow" data-step={step}>
      <Crumbs items={[{ label: t('book.title') }]} />
      <p className="flow-progress mb-1" data-testid="flow-progress">
        {t('book.stepOf', { n, total: STEPS.length })}
      </p>
      <div className="flow-bar" aria-hidden="true">
        <div className="flow-bar-fill" style={{ width: `${(n / STEPS.length) * 100}%` }} />
      </div>
      <h1 className="mb-3">{title}</h1>
      {lead && <div className="lead mb-4">{lead}</div>}
      {children}
    </div>
  );
}
