import { useTranslation } from 'react-i18next';
import type { ChallengeState } from './useHoldChallenge';

/**
 * Where the anti-abuse check stands, told to everyone (screen readers through a polite live
 * region): nothing to do, the page solves it by itself while the citizen chooses.
 */
export function ChallengeStatus({ state }: { state: ChallengeState }) {
  const { t } = useTranslation();
  return (
    <p className="small text-muted hold-challenge" role="status" aria-live="polite" data-state={state} data-testid="hold-challenge">
      {t(`book.challenge.${state}`)}
    </p>
  );
}
