import { CloudApiErrorKind, CloudApiErrorScope } from './error-codes';

export interface CloudApiErrorInit {
  kind: CloudApiErrorKind;
  scope: CloudApiErrorScope;
  reasonIt: string;
  code?: number;
  httpStatus?: number;
  /** Meta's `error.message`, e.g. "(#131026) Message undeliverable". */
  title?: string;
  details?: string;
  fbtraceId?: string;
  retryAfterMs?: number;
  maybeDelivered?: boolean;
}

/**
 * A failed send. Carries Meta's facts (code, details, fbtrace_id for support tickets) and our decision
 * (kind, scope, retryAfterMs). The message never contains the access token.
 */
export class CloudApiError extends Error {
  override readonly name = 'CloudApiError';
  readonly kind: CloudApiErrorKind;
  readonly scope: CloudApiErrorScope;
  readonly reasonIt: string;
  readonly code?: number;
  readonly httpStatus?: number;
  readonly title?: string;
  readonly details?: string;
  readonly fbtraceId?: string;
  readonly retryAfterMs?: number;
  /** The request may have been accepted by Meta despite the error (timeout after sending). */
  readonly maybeDelivered: boolean;

  constructor(init: CloudApiErrorInit) {
    super(describe(init));
    this.kind = init.kind;
    this.scope = init.scope;
    this.reasonIt = init.reasonIt;
    this.code = init.code;
    this.httpStatus = init.httpStatus;
    this.title = init.title;
    this.details = init.details;
    this.fbtraceId = init.fbtraceId;
    this.retryAfterMs = init.retryAfterMs;
    this.maybeDelivered = init.maybeDelivered ?? false;
  }

  get retryable(): boolean {
    return this.kind === 'throttled' || this.kind === 'temporary';
  }
}

function describe(init: CloudApiErrorInit): string {
  const parts = [`WhatsApp Cloud API ${init.kind} error`];
  if (init.code !== undefined) parts.push(`code ${init.code}`);
  if (init.httpStatus !== undefined) parts.push(`HTTP ${init.httpStatus}`);
  const text = [init.title, init.details].filter(Boolean).join(' - ');
  return text ? `${parts.join(', ')}: ${text}` : parts.join(', ');
}
