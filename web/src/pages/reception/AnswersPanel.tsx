import { forwardRef, useEffect, useImperativeHandle, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { staff, staffApi } from '../../staff/api';
import type { ShortAnswer } from './api';
import { useConsole } from './ConsoleContext';
import { Kbd } from './Kbd';

export interface AnswersPanelHandle {
  focus(): void;
}

/** Approved short answers: results as you type (best first), one opened to read out, marked as used. */
export const AnswersPanel = forwardRef<AnswersPanelHandle, { used: ShortAnswer | null }>(function AnswersPanel({ used }, ref) {
  const { t } = useTranslation();
  const consoleApi = useConsole();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<ShortAnswer[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [opened, setOpened] = useState<ShortAnswer | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  useImperativeHandle(ref, () => ({ focus: () => input.current?.focus() }));

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      const query = q.trim();
      staff(staffApi.GET('/api/staff/answers', { params: { query: { limit: 10, ...(query ? { q: query } : {}) } } })).then(
        (r) => {
          if (!live) return;
          setResults(r.items);
          setFailed(false);
        },
        () => live && setFailed(true),
      );
    }, 120);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q]);

  const open = (a: ShortAnswer) => {
    setOpened(a);
    consoleApi.answerOpened(a);
  };
  const onInputKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      if (results?.[0]) open(results[0]);
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      buttons.current[0]?.focus();
    }
  };
  const onListKey = (e: KeyboardEvent<HTMLButtonElement>, i: number) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = i + (e.key === 'ArrowDown' ? 1 : -1);
      if (next < 0) input.current?.focus();
      else buttons.current[Math.min(next, (results?.length ?? 1) - 1)]?.focus();
    }
  };
  const markUsed = async () => {
    if (!opened || busy) return;
    setBusy(true);
    try {
      await consoleApi.logAnswerUsed(opened);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="row g-3">
      <div className="col-12 col-md-5">
        <h2 className="h4 visually-hidden">{t('reception.tools.answers')}</h2>
        <label htmlFor="rc-answer-q" className="rc-label">
          {t('reception.answers.search')} <Kbd keys="Alt+A" />
        </label>
        <input
          ref={input}
          id="rc-answer-q"
          aria-keyshortcuts="Alt+A"
          type="search"
          className="form-control"
          autoComplete="off"
          value={q}
          aria-describedby="rc-answer-help rc-answer-count"
          onChange={(e) => {
            consoleApi.activity();
            setQ(e.target.value);
          }}
          onKeyDown={onInputKey}
        />
        <div id="rc-answer-help" className="form-text">
          {t('reception.answers.help')}
        </div>
        <p id="rc-answer-count" className="visually-hidden" aria-live="polite">
          {results ? t('reception.answers.count', { count: results.length }) : ''}
        </p>
        {failed && <p className="text-danger">{t('reception.answers.error')}</p>}
        {results && results.length === 0 && <p className="mt-2">{t('reception.answers.none')}</p>}
        <ol className="list-unstyled rc-answer-list mt-2" aria-label={t('reception.answers.results')}>
          {results?.map((a, i) => (
            <li key={a.id}>
              <button
                ref={(el) => {
                  buttons.current[i] = el;
                }}
                type="button"
                className={`rc-answer-item${opened?.id === a.id ? ' is-open' : ''}`}
                aria-current={opened?.id === a.id ? 'true' : undefined}
                onClick={() => open(a)}
                onKeyDown={(e) => onListKey(e, i)}
              >
                <span className="fw-semibold">{a.title}</span>
                {a.tags.length > 0 && <span className="rc-tags">{a.tags.join(' · ')}</span>}
              </button>
            </li>
          ))}
        </ol>
      </div>
      <div className="col-12 col-md-7">
        {opened ? (
          <article className="rc-answer-read" aria-labelledby="rc-answer-title">
            <h3 id="rc-answer-title" className="h4">
              {opened.title}
            </h3>
            <p className="rc-answer-body" data-testid="answer-body">
              {opened.body}
            </p>
            <p className="small mb-2">
              {opened.source === 'office' ? (
                t('reception.answers.fromOffice')
              ) : (
                <>
                  {opened.provinceCode ? t('reception.answers.province', { code: opened.provinceCode }) : t('reception.answers.allProvinces')}
                  {' · '}
                  {t('reception.answers.version', { version: opened.version })}
                </>
              )}
            </p>
            <button type="button" className="btn btn-primary btn-sm" aria-disabled={busy ? true : undefined} onClick={() => void markUsed()}>
              {t('reception.answers.used')}
            </button>
            {used?.id === opened.id && opened.source !== 'office' && <p className="small mt-2 mb-0">{t('reception.answers.logHint')}</p>}
          </article>
        ) : (
          <p className="rc-answer-empty">{t('reception.answers.pick')}</p>
        )}
      </div>
    </div>
  );
});
