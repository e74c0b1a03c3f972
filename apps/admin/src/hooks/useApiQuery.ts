import { useCallback, useEffect, useState, type DependencyList } from 'react';
import { toApiError, type ApiError } from '../api/errors';

export interface ApiQuery<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload(): void;
  setData(data: T): void;
}

/** Runs `load` when `deps` change (and on reload()); a stale answer never overwrites a newer one. */
export function useApiQuery<T>(load: () => Promise<T>, deps: DependencyList): ApiQuery<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);

  useEffect(() => {
    let current = true;
    setLoading(true);
    setError(null);
    load().then(
      (result) => {
        if (!current) return;
        setData(result);
        setLoading(false);
      },
      (err: unknown) => {
        if (!current) return;
        setError(toApiError(err));
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
    // `deps` say when `load` changes; `round` counts reloads.
  }, [...deps, round]);

  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { data, error, loading, reload, setData };
}
