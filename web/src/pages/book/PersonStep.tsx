import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { checkHoldPerson } from '../../api/booking';
import { problemCode } from '../../api/client';
import { getFlow, useFlow } from '../../booking/flow';
import { HoldCountdown } from '../../booking/HoldCountdown';
import { useCitizenSession } from '../../api/citizenSession';
import { ErrorSummary, PersonFields, usePersonForm } from '../../booking/PersonFields';
import { ProblemAlert } from '../../booking/ProblemAlert';
import { personPayload, type PersonField } from '../../booking/validation';
import { InlineError } from '../../components/StateViews';
import { FlowFrame, STEP_PATH } from './FlowFrame';
import { dropHold, useDesk, useHoldExpired } from './holdShared';
import { HoldLost, HoldReleased } from './HoldNotices';

export function PersonStep({ deskId }: { deskId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const flow = useFlow();
  const desk = useDesk(deskId);
  const topics = desk.status === 'ready' ? desk.data.topics : [];
  const api = usePersonForm(topics);
  const [expired, expire] = useHoldExpired(flow.hold);
  const [showSummary, setShowSummary] = useState(false);
  // The early "already booked here" answer (POST /holds/{id}/person-check): the refusal, shown here.
  const [checking, setChecking] = useState(false);
  const [refused, setRefused] = useState<unknown>(null);
  const refusedRef = useRef<HTMLDivElement>(null);
  const { setServerErrors } = api;
  // Signed in with SPID/CIE: the tax code is the identity provider's (shown, not editable).
  const citizen = useCitizenSession();
  const { set } = api;
  const typedTaxCode = flow.person.taxCode;
  useEffect(() => {
    if (citizen && typedTaxCode !== citizen.taxCode) set({ taxCode: citizen.taxCode });
  }, [citizen, typedTaxCode, set]);

  // Problems the server found in the data at the summary step.
  useEffect(() => {
    const errors = (location.state as { serverErrors?: Partial<Record<PersonField, string>> } | null)?.serverErrors;
    if (errors) setServerErrors(errors);
  }, [location.state, setServerErrors]);

  const goOn = async () => {
    const s = getFlow();
    if (!s.hold) return;
    const taxCode = citizen ? citizen.taxCode : personPayload(s.person).taxCode;
    setChecking(true);
    try {
      await checkHoldPerson(s.hold.id, s.hold.token, taxCode);
    } catch (e) {
      if (problemCode(e) === 'already_booked') {
        setRefused(e);
        window.setTimeout(() => refusedRef.current?.focus(), 0);
        return;
      }
      // Any other answer (network, limits, checks used up): the confirmation applies the rule.
    } finally {
      setChecking(false);
    }
    navigate(STEP_PATH.summary);
  };

  const hold = flow.hold;
  if (!hold) return null;
  return (
    <FlowFrame step="person" title={t('book.person.title')} lead={t('book.person.lead')}>
      {expired ? <HoldLost reason="expired" /> : refused !== null ? <HoldReleased backToSlots /> : <HoldCountdown hold={hold} onExpire={expire} />}
      <p hidden={refused !== null}>
        <button
          type="button"
          className="btn btn-link p-0"
          onClick={() => {
            void dropHold();
            navigate(STEP_PATH.slot);
          }}
        >
          {t('book.person.otherTime')}
        </button>
      </p>
      {desk.status === 'error' && <InlineError error={desk.error} retry={desk.retry} />}
      <form
        className="sp-form person-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setShowSummary(true);
          if (expired || refused !== null || checking) return;
          if (api.validateAll()) void goOn();
        }}
      >
        {showSummary && <ErrorSummary api={api} />}
        <p className="text-muted-strong">{t('form.requiredNote')}</p>
        <PersonFields api={api} topics={topics} taxCodeFromIdentity={!!citizen} />
        <div ref={refusedRef} tabIndex={-1} className="focus-target">
          {refused !== null && (
            <ProblemAlert error={refused}>
              <p className="mb-0 mt-2">
                <Link to="/prenotazione">{t('book.summary.manageExisting')}</Link>
              </p>
            </ProblemAlert>
          )}
        </div>
        {!expired && refused === null && (
          <div className="d-flex flex-wrap gap-3 mt-4">
            <button type="submit" className="btn btn-primary" disabled={checking}>
              {t('book.person.next')}
            </button>
          </div>
        )}
      </form>
    </FlowFrame>
  );
}

/** Step 7: everything at a glance, then the booking itself. */
