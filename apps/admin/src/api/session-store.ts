import type { SessionDto, SessionUser } from './types';

/**
 * Where the staff session lives.
 *
 * - The access token (short-lived, 15 minutes) is kept in memory only: it is never written anywhere,
 *   so it disappears with the page and cannot be picked up later from storage.
 * - The refresh token goes to sessionStorage, not localStorage: it survives a reload of this tab (nobody
 *   is logged out by F5) but is not shared with other tabs and is gone when the tab or the browser is
 *   closed, which matters on the shared computers of a town office. A cookie would need the API to set
 *   it (it takes the token in the request body), and memory alone would log staff out at every reload.
 *   Script injected into the page could read it: the app loads no third-party script, and the token is
 *   single-use (rotated at each refresh; a reused one makes the API close the whole session family).
 */
const REFRESH_KEY = 'bacheca.refreshToken';

export type SessionStatus = 'restoring' | 'signed-in' | 'signed-out';
/** Why a session ended, so the login page can say it. */
export type EndReason = 'logout' | 'expired' | null;

export interface SessionState {
  status: SessionStatus;
  user: SessionUser | null;
  ended: EndReason;
}

function readRefresh(): string | null {
  try {
    return window.sessionStorage.getItem(REFRESH_KEY);
  } catch {
    return null; // storage disabled: the session lasts as long as the page
  }
}
function writeRefresh(token: string | null): void {
  try {
    if (token) window.sessionStorage.setItem(REFRESH_KEY, token);
    else window.sessionStorage.removeItem(REFRESH_KEY);
  } catch {
    /* storage disabled */
  }
}

let accessToken: string | null = null;
let memoryRefresh: string | null = readRefresh();
let state: SessionState = { status: memoryRefresh ? 'restoring' : 'signed-out', user: null, ended: null };
const listeners = new Set<() => void>();

function set(next: SessionState): void {
  state = next;
  listeners.forEach((l) => l());
}

export const sessionStore = {
  accessToken: (): string | null => accessToken,
  refreshToken: (): string | null => memoryRefresh,
  state: (): SessionState => state,

  /** A new or renewed session: tokens and user from login or refresh. */
  start(session: SessionDto): void {
    accessToken = session.accessToken;
    memoryRefresh = session.refreshToken;
    writeRefresh(session.refreshToken);
    set({ status: 'signed-in', user: session.user, ended: null });
  },

  end(reason: Exclude<EndReason, null>): void {
    accessToken = null;
    memoryRefresh = null;
    writeRefresh(null);
    set({ status: 'signed-out', user: null, ended: reason });
  },

  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
