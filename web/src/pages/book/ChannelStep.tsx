import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { useApiRead } from '../../api/useApiRead';
import { updateFlow, useFlow } from '../../booking/flow';
import { InlineError, Loading } from '../../components/StateViews';
import { currentLang } from '../../i18n';
import { FlowFrame, STEP_PATH } from './FlowFrame';

/** Step 1: the province. */

export function ChannelStep({ deskId }: { deskId: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const navigate = useNavigate();
  const flow = useFlow();
  const desk = useApiRead('/api/desks/{id}', { path: { id: deskId } });
  const groupId = useId();
  const channels: readonly string[] = desk.status === 'ready' ? desk.data.channels : [];
  const chosen = flow.channel && channels.includes(flow.channel) ? flow.channel : (channels[0] ?? null);

  return (
    <FlowFrame
      step="channel"
      title={t('book.channel.title')}
      lead={desk.status === 'ready' ? t('book.channel.lead', { desk: desk.data.name[lang], office: desk.data.office.name }) : null}
    >
      <p>
        <Link to={STEP_PATH.desk}>{t('book.changeDesk')}</Link>
      </p>
      {desk.status === 'loading' ? (
        <Loading inline />
      ) : desk.status === 'error' ? (
        <InlineError error={desk.error} retry={desk.retry} />
      ) : (
        <form
          className="sp-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!chosen) return;
            updateFlow({ channel: chosen, station: null });
            navigate(STEP_PATH.slot);
          }}
        >
          <fieldset className="mb-4">
            <legend className="h5" id={groupId}>
              {t('book.channel.legend')}
            </legend>
            {channels.map((c) => (
              <div className="form-check sp-radio" key={c}>
                <input
                  className="form-check-input"
                  type="radio"
                  name="channel"
                  id={`${groupId}-${c}`}
                  value={c}
                  checked={chosen === c}
                  onChange={() => updateFlow({ channel: c })}
                  aria-describedby={`${groupId}-${c}-hint`}
                />
                <label className="form-check-label" htmlFor={`${groupId}-${c}`}>
                  {t(`desk.channel.${c}`, { defaultValue: c })}
                </label>
                <p className="sp-hint mb-0" id={`${groupId}-${c}-hint`}>
                  {t(`book.channel.hint.${c}`, { defaultValue: '' })}
                </p>
              </div>
            ))}
          </fieldset>
          <fieldset className="mb-4">
            <legend className="h5">{t('book.priority.legend')}</legend>
            <div className="form-check sp-check">
              <input
                className="form-check-input"
                type="checkbox"
                id={`${groupId}-priority`}
                checked={flow.priority}
                onChange={(e) => updateFlow({ priority: e.target.checked })}
                aria-describedby={`${groupId}-priority-hint`}
              />
              <label className="form-check-label" htmlFor={`${groupId}-priority`}>
                {t('book.priority.label')}
              </label>
              <p className="sp-hint mb-0" id={`${groupId}-priority-hint`}>
                {t('book.priority.hint')}
              </p>
            </div>
          </fieldset>
          <button type="submit" className="btn btn-primary" disabled={!chosen}>
            {t('book.continue')}
          </button>
        </form>
      )}
    </FlowFrame>
  );
}
