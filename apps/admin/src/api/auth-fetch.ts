import { refreshSession } from './auth';
import { sessionStore } from './session-store';

function withToken(request: Request): Request {
  const token = sessionStore.accessToken();
  if (token) request.headers.set('Authorization', `Bearer ${token}`);
  return request;
}

/**
 * fetch with the access token. A 401 means the token expired (or was revoked): the session is renewed
 * once with the refresh token and the request repeated; if renewal fails the session ends and the app
 * goes back to the login page.
 */
export async function authFetch(request: Request): Promise<Response> {
  const again = request.clone(); // a body can be read once: keep a copy for the repeat
  const response = await fetch(withToken(request));
  if (response.status !== 401 || !sessionStore.refreshToken()) return response;
  const renewed = await refreshSession();
  return renewed ? fetch(withToken(again)) : response;
}
