import { useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { login, logout, restoreSession } from '../api/auth';
import { sessionStore } from '../api/session-store';
import { SessionContext, type SessionValue } from './context';

/** The session as React state: follows the store (login, refresh, expiry, logout). */
export function SessionProvider({ children }: { children: ReactNode }) {
  const state = useSyncExternalStore(sessionStore.subscribe, sessionStore.state);
  useEffect(() => {
    void restoreSession();
  }, []);
  const value = useMemo<SessionValue>(() => ({ ...state, login, logout }), [state]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
