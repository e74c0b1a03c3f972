import { publicApi } from './public-client';
import { ApiError, unwrap } from './errors';
import { sessionStore } from './session-store';
import type { SessionUser } from './types';

export async function login(email: string, password: string): Promise<SessionUser> {
  const session = await unwrap(publicApi.POST('/api/v1/auth/login', { body: { email, password } }));
  sessionStore.start(session);
  return session.user;
}

let renewing: Promise<boolean> | null = null;

/**
 * Renews the session with the refresh token; true when it worked. Refresh tokens work once (a reused one
 * closes the whole session family), so concurrent callers share a single request.
 */
export function refreshSession(): Promise<boolean> {
  renewing ??= renew().finally(() => {
    renewing = null;
  });
  return renewing;
}

async function renew(): Promise<boolean> {
  const refreshToken = sessionStore.refreshToken();
  if (!refreshToken) return false;
  try {
    sessionStore.start(await unwrap(publicApi.POST('/api/v1/auth/refresh', { body: { refreshToken } })));
    return true;
  } catch (err) {
    // Refused (expired, revoked, reused): the session is over. Unreachable server: keep it for later.
    if (err instanceof ApiError && err.status >= 400 && err.status < 500) {
      sessionStore.end('expired');
    } else if (sessionStore.state().status === 'restoring') {
      sessionStore.end('expired');
    }
    return false;
  }
}

/** At start-up: a refresh token left by this tab (a reload) becomes a session again. */
export async function restoreSession(): Promise<void> {
  if (sessionStore.state().status === 'restoring') await refreshSession();
}

/** Closes the session on the server (its refresh token stops working) and forgets it here. */
export async function logout(): Promise<void> {
  const call = () =>
    publicApi.POST('/api/v1/auth/logout', {
      body: { refreshToken: sessionStore.refreshToken() ?? '' },
      headers: { Authorization: `Bearer ${sessionStore.accessToken() ?? ''}` },
    });
  try {
    if (sessionStore.refreshToken()) {
      const { response } = await call();
      if (response.status === 401 && (await refreshSession())) await call();
    }
  } catch {
    /* unreachable server: the tokens are forgotten anyway */
  } finally {
    sessionStore.end('logout');
  }
}
