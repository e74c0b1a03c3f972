import { sessionStore } from './session-store';
import { refreshSession } from './auth';
import { ApiError, toApiError } from './errors';
import { t } from '../i18n';
import { splitEvents } from './sse';

/** fetch with the Bearer token (renewed once on 401), for what openapi-fetch cannot do: files, streams. */
export async function authorizedFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const call = () => {
    const headers = new Headers(init.headers);
    const token = sessionStore.accessToken();
    if (token) headers.set('Authorization', `Bearer ${token}`);
    return fetch(url, { ...init, headers });
  };
  let res: Response;
  try {
    res = await call();
    if (res.status === 401 && sessionStore.refreshToken() && (await refreshSession())) res = await call();
  } catch (err) {
    throw toApiError(err);
  }
  return res;
}

/** Downloads a file the API answers (with the token), through a temporary Blob link. */
export async function downloadFile(url: string, filename: string): Promise<void> {
  const res = await authorizedFetch(url);
  if (!res.ok) {
    const body: unknown = await res.json().catch(() => null);
    const b = body as { code?: string; message?: string } | null;
    throw new ApiError(res.status, b?.code ?? `HTTP_${res.status}`, b?.message ?? t('error.generic'));
  }
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 1000);
}

/**
 * Reads a Server-Sent Events stream with fetch (EventSource cannot send the Bearer header): calls
 * `onData` with every `data:` payload parsed as JSON. Resolves when the stream ends; rejects on failure.
 */
export async function readEventStream(url: string, onData: (data: unknown) => void, signal: AbortSignal): Promise<void> {
  const res = await authorizedFetch(url, { headers: { Accept: 'text/event-stream' }, signal });
  if (!res.ok || !res.body) throw new ApiError(res.status, `HTTP_${res.status}`, t('error.generic'));
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    const { events, rest } = splitEvents(buffer);
    buffer = rest;
    for (const data of events) {
      try {
        onData(JSON.parse(data));
      } catch {
        /* not JSON: ignored */
      }
    }
  }
}
