/** A write from an admin screen: busy while it runs, the server's problem or a confirmation after. */
import { useCallback, useState } from 'react';
import { AdminApiError } from './adminApi';

export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AdminApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = useCallback(async (what: () => Promise<unknown>, message: string): Promise<boolean> => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await what();
      setDone(message);
      return true;
    } catch (err) {
      setError(err instanceof AdminApiError ? err : new AdminApiError(0, null));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, done, run };
}
