import { HttpException, HttpStatus } from '@nestjs/common';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
  requestId?: string;
}

const byStatus: Record<number, [string, string]> = {
  400: ['BAD_REQUEST', 'Richiesta non valida.'],
  401: ['UNAUTHORIZED', 'Accesso richiesto: effettua di nuovo il login.'],
  403: ['FORBIDDEN', 'Non hai i permessi per questa operazione.'],
  404: ['NOT_FOUND', 'La risorsa richiesta non esiste.'],
  405: ['METHOD_NOT_ALLOWED', 'Metodo non consentito.'],
  409: ['CONFLICT', 'La richiesta è in conflitto con lo stato attuale.'],
  413: ['PAYLOAD_TOO_LARGE', 'Il contenuto inviato è troppo grande.'],
  415: ['UNSUPPORTED_MEDIA_TYPE', 'Formato del contenuto non supportato: usa application/json.'],
  429: ['TOO_MANY_REQUESTS', 'Troppe richieste: riprova più tardi.'],
  503: ['SERVICE_UNAVAILABLE', 'Servizio momentaneamente non disponibile: riprova tra poco.'],
};

/** body-parser marks its errors with a `type`; they reach the filter before any controller runs. */
export function fromBodyParser(err: { type?: string; status?: number }): ErrorBody | undefined {
  switch (err.type) {
    case 'entity.parse.failed':
      return { statusCode: 400, code: 'MALFORMED_JSON', message: 'Il corpo della richiesta non è JSON valido.' };
    case 'entity.too.deep':
      return { statusCode: 400, code: 'JSON_TOO_DEEP', message: 'Il corpo della richiesta ha troppi livelli annidati.' };
    case 'entity.too.large':
      return { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: 'Il contenuto inviato è troppo grande.' };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Codifica del contenuto non supportata.' };
    default:
      return undefined;
  }
}

function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  // Connection refused/reset, too many clients, admin shutdown, cannot connect now.
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '53300'].includes(e?.code ?? '') ||
    /Connection terminated|timeout exceeded when trying to connect/i.test(e?.message ?? '')
  );
}

/** One JSON shape for every error the API answers. Unknown errors never leak their text. */
export function toErrorBody(err: unknown): ErrorBody {
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const response = err.getResponse();
    const [defaultCode, defaultMessage] = byStatus[status] ?? ['ERROR', 'Errore.'];
    if (typeof response === 'object' && response !== null && 'code' in response) {
      const r = response as { code: string; message: string; details?: unknown };
      return { statusCode: status, code: r.code, message: r.message, ...(r.details !== undefined ? { details: r.details } : {}) };
    }
    return { statusCode: status, code: defaultCode, message: defaultMessage };
  }
  const parsed = fromBodyParser(err as { type?: string });
  if (parsed) return parsed;
  if (isDatabaseUnavailable(err)) {
    return { statusCode: HttpStatus.SERVICE_UNAVAILABLE, code: 'SERVICE_UNAVAILABLE', message: byStatus[503][1] };
  }
  return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Errore interno: il problema è stato registrato.' };
}
