import { useMemo, type ReactNode } from 'react';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import type { ComuneDto } from '../api/types';
import { useApiQuery } from '../hooks/useApiQuery';
import { OwnComuneContext, useUser, type OwnComuneValue } from './context';

const loadOwn = () => unwrap(api.GET('/api/v1/comune'));
const none = (): Promise<ComuneDto | null> => Promise.resolve(null);

/** Loads the town user's comune once, for the header and the pages that show it. */
export function OwnComuneProvider({ children }: { children: ReactNode }) {
  const user = useUser();
  const isTown = user.tenantId !== null;
  const query = useApiQuery<ComuneDto | null>(isTown ? loadOwn : none, [isTown, user.tenantId]);
  const value = useMemo<OwnComuneValue>(
    () => ({
      comune: query.data ?? null,
      error: query.error,
      loading: query.loading,
      reload: query.reload,
      replace: query.setData,
    }),
    [query.data, query.error, query.loading, query.reload, query.setData],
  );
  return <OwnComuneContext.Provider value={value}>{children}</OwnComuneContext.Provider>;
}
