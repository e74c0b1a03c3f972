import { CloudApiErrorKind, CloudApiErrorScope, ERROR_CODES, GENERIC_REASON_IT } from './error-codes';

export interface CloudApiErrorFacts {
  httpStatus?: number;
  code?: number;
  /** `error.error_data.details` */
  details?: string;
  /** `error.message`; only consulted where Graph puts the useful part there (unknown object). */
  message?: string;
}

export interface Classification {
  kind: CloudApiErrorKind;
  scope: CloudApiErrorScope;
  retryAfterMs?: number;
  reasonIt: string;
}

const SECOND = 1000;

// Graph answers a send to a phone_number_id the token cannot see with code 100 and this wording: a
// configuration problem of the number, not of the message, so every later send would fail the same way.
const UNKNOWN_OBJECT = /object with id .* does not exist|cannot be loaded due to missing permissions/i;

/**
 * Decides what a sender does with a failed Cloud API call. Meta says to build logic on `code` (+ details),
 * not on titles or HTTP status (WHATSAPP.md §3), so the HTTP status only decides when the code is unknown.
 */
export function classifyCloudApiError(facts: CloudApiErrorFacts): Classification {
  const { httpStatus, code } = facts;
  if (code !== undefined) {
    if (code === 100 && UNKNOWN_OBJECT.test(`${facts.message ?? ''} ${facts.details ?? ''}`)) {
      return {
        kind: 'credentials',
        scope: 'number',
        reasonIt: 'Identificativo del numero WhatsApp inesistente o non accessibile con questo token',
      };
    }
    const known = ERROR_CODES.get(code);
    if (known) return { ...known };
    if (code >= 200 && code <= 299) return { ...ERROR_CODES.get(200)! };
  }
  return classifyByHttpStatus(httpStatus);
}

function classifyByHttpStatus(httpStatus: number | undefined): Classification {
  // No status at all means no answer: nothing says the request was wrong, so retry it.
  if (httpStatus === undefined || httpStatus >= 500) {
    return { kind: 'temporary', scope: 'number', retryAfterMs: 5 * SECOND, reasonIt: GENERIC_REASON_IT.temporary };
  }
  if (httpStatus === 429) {
    return { kind: 'throttled', scope: 'number', retryAfterMs: 10 * SECOND, reasonIt: GENERIC_REASON_IT.throttled };
  }
  if (httpStatus === 401 || httpStatus === 403) {
    return { kind: 'credentials', scope: 'number', reasonIt: GENERIC_REASON_IT.credentials };
  }
  return { kind: 'permanent', scope: 'message', reasonIt: GENERIC_REASON_IT.permanent };
}

export interface TransportClassification extends Classification {
  kind: 'temporary';
  /**
   * True when the request may have reached Meta before the failure (timeouts, resets after connecting):
   * the message might have been accepted, so a blind retry can deliver it twice.
   */
  maybeDelivered: boolean;
  details: string;
}

// Failures that happen before a single byte of the request can have been processed by the server.
const BEFORE_SENDING = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
]);

/** Timeouts and connection errors: never the message's fault, always worth a retry. */
export function classifyTransportError(error: unknown): TransportClassification {
  const code = transportCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const maybeDelivered = code === undefined || !BEFORE_SENDING.has(code);
  return {
    kind: 'temporary',
    scope: 'number',
    retryAfterMs: 2 * SECOND,
    reasonIt: maybeDelivered
      ? 'Nessuna risposta da WhatsApp entro il tempo limite: esito incerto, verrà verificato'
      : 'Impossibile collegarsi a WhatsApp: verrà ritentato',
    maybeDelivered,
    details: code ? `${code}: ${message}` : message,
  };
}

function transportCode(error: unknown, depth = 0): string | undefined {
  // Bounded: a cause chain could be cyclic.
  if (typeof error !== 'object' || error === null || depth > 5) return undefined;
  const own = (error as { code?: unknown }).code;
  if (typeof own === 'string') return own;
  if ((error as { name?: unknown }).name === 'AbortError' || (error as { name?: unknown }).name === 'TimeoutError') {
    return 'UND_ERR_ABORTED';
  }
  return transportCode((error as { cause?: unknown }).cause, depth + 1);
}
