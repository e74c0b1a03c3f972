import { t } from '../i18n';

/** One field the API refused, as `VALIDATION_FAILED` lists them in `details`. */
export interface FieldProblem {
  field: string;
  problems: string[];
}

/**
 * An error answered by the API (`{statusCode, code, message, details?}`, message in Italian, for people),
 * or status 0 when the server could not be reached.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get fieldProblems(): FieldProblem[] {
    return Array.isArray(this.details)
      ? this.details.filter((d): d is FieldProblem => typeof d === 'object' && d !== null && 'field' in d)
      : [];
  }
}

function fromBody(status: number, body: unknown): ApiError {
  if (typeof body === 'object' && body !== null && 'code' in body && 'message' in body) {
    const b = body as { code: unknown; message: unknown; details?: unknown };
    return new ApiError(status, String(b.code), String(b.message), b.details);
  }
  return new ApiError(status, `HTTP_${status}`, t('error.generic'));
}

/** Any thrown value as an ApiError, for showing to the user. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof TypeError) return new ApiError(0, 'NETWORK', t('error.network'));
  return new ApiError(0, 'UNKNOWN', t('error.generic'));
}

interface Result<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/** The data of an openapi-fetch call, or an ApiError thrown with the API's own code and message. */
export async function unwrap<D>(call: Promise<Result<D>>): Promise<D> {
  let result: Result<D>;
  try {
    result = await call;
  } catch (err) {
    throw toApiError(err);
  }
  if (!result.response.ok) throw fromBody(result.response.status, result.error);
  return result.data as D;
}
