import { useCallback, useEffect, useRef, useState } from 'react';
import { solveHoldChallenge, type SolvedChallenge } from './challenge';

export type ChallengeState = 'solving' | 'ready' | 'failed';

/**
 * The desk's anti-abuse check, solved in the background from the moment the slot step opens,
 * and again after each hold (one check per hold) or when it is about to expire. `take()`
 * gives a solved check — waiting for the one under way if needed — and starts the next.
 */
export function useHoldChallenge(deskId: string): { state: ChallengeState; take: () => Promise<string> } {
  const [state, setState] = useState<ChallengeState>('solving');
  const current = useRef<Promise<SolvedChallenge | null> | null>(null);
  const abort = useRef<AbortController | null>(null);

  const start = useCallback(() => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setState('solving');
    const p = solveHoldChallenge(deskId, controller.signal);
    current.current = p;
    p.then(
      (solved) => {
        if (current.current === p && solved) setState('ready');
      },
      () => {
        if (current.current === p && !controller.signal.aborted) setState('failed');
      },
    );
    return p;
  }, [deskId]);

  useEffect(() => {
    start();
    return () => abort.current?.abort();
  }, [start]);

  const take = useCallback(async () => {
    let solved = await (current.current ?? start()).catch(() => null);
    if (!solved || solved.deadline <= Date.now()) solved = await start();
    if (!solved) throw new Error('anti-abuse check not solved');
    start(); // the next hold needs a new one
    return solved.payload;
  }, [start]);

  return { state, take };
}
