import { createContext, useContext } from 'react';
import type { SessionState } from '../api/session-store';
import type { ComuneDto, SessionUser } from '../api/types';
import type { ApiError } from '../api/errors';

export interface SessionValue extends SessionState {
  login(email: string, password: string): Promise<SessionUser>;
  logout(): Promise<void>;
}

export const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user; only under RequireSession. */
export function useUser(): SessionUser {
  const { user } = useSession();
  if (!user) throw new Error('useUser without a session');
  return user;
}

/** The comune of the signed-in town user (null for provider staff). */
export interface OwnComuneValue {
  comune: ComuneDto | null;
  error: ApiError | null;
  loading: boolean;
  reload(): void;
  replace(comune: ComuneDto): void;
}

export const OwnComuneContext = createContext<OwnComuneValue>({
  comune: null,
  error: null,
  loading: false,
  reload: () => undefined,
  replace: () => undefined,
});

export const useOwnComune = (): OwnComuneValue => useContext(OwnComuneContext);
