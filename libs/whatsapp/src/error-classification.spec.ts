import { classifyCloudApiError, classifyTransportError } from './error-classification';
import { CloudApiErrorKind, CloudApiErrorScope, ERROR_CODES } from './error-codes';

describe('classifyCloudApiError', () => {
  // The table of WHATSAPP.md §5, with the HTTP status Meta documents for each code.
  const cases: [number, number, CloudApiErrorKind, CloudApiErrorScope][] = [
    [4, 400, 'throttled', 'number'],
    [80007, 400, 'throttled', 'number'],
    [130429, 400, 'throttled', 'number'],
    [131048, 400, 'throttled', 'number'],
    [131056, 400, 'throttled', 'recipient'],
    [133016, 400, 'throttled', 'number'],
    [1, 400, 'temporary', 'number'],
    [2, 503, 'temporary', 'number'],
    [131000, 500, 'temporary', 'message'],
    [131016, 500, 'temporary', 'number'],
    [133004, 503, 'temporary', 'number'],
    [131057, 500, 'temporary', 'number'],
    [131053, 400, 'temporary', 'message'],
    [0, 401, 'credentials', 'number'],
    [190, 401, 'credentials', 'number'],
    [3, 500, 'credentials', 'number'],
    [10, 403, 'credentials', 'number'],
    [200, 403, 'credentials', 'number'],
    [250, 403, 'credentials', 'number'],
    [299, 500, 'credentials', 'number'],
    [131042, 400, 'credentials', 'number'],
    [131031, 403, 'credentials', 'number'],
    [368, 403, 'credentials', 'number'],
    [133010, 400, 'credentials', 'number'],
    [130497, 403, 'credentials', 'number'],
    [100, 400, 'permanent', 'message'],
    [131008, 400, 'permanent', 'message'],
    [131009, 400, 'permanent', 'message'],
    [131021, 400, 'permanent', 'recipient'],
    [131026, 400, 'permanent', 'recipient'],
    [131047, 400, 'permanent', 'recipient'],
    [131049, 400, 'permanent', 'recipient'],
    [131050, 400, 'permanent', 'recipient'],
    [131051, 400, 'permanent', 'message'],
    [131052, 400, 'permanent', 'message'],
    [132000, 400, 'permanent', 'message'],
    [132001, 404, 'permanent', 'template'],
    [132005, 400, 'permanent', 'message'],
    [132007, 400, 'permanent', 'template'],
    [132012, 400, 'permanent', 'message'],
    [132015, 400, 'permanent', 'template'],
    [132016, 400, 'permanent', 'template'],
    [132018, 400, 'permanent', 'message'],
    [131062, 400, 'permanent', 'recipient'],
  ];

  it.each(cases)('code %i (HTTP %i) is %s with scope %s', (code, httpStatus, kind, scope) => {
    const result = classifyCloudApiError({ code, httpStatus });
    expect(result.kind).toBe(kind);
    expect(result.scope).toBe(scope);
    expect(result.reasonIt.length).toBeGreaterThan(10);
  });

  it('explains 131026 in Italian for staff', () => {
    expect(classifyCloudApiError({ code: 131026, httpStatus: 400 }).reasonIt).toBe(
      'Il numero non è su WhatsApp o non può ricevere messaggi',
    );
  });

  it('has its own table entry with an Italian explanation for every code of WHATSAPP.md §5', () => {
    const listed = cases.map(([code]) => code).filter((code) => code < 201 || code > 299);
    for (const code of listed) {
      const info = ERROR_CODES.get(code);
      expect({ code, explained: (info?.reasonIt.trim().length ?? 0) > 10 }).toEqual({ code, explained: true });
    }
  });

  it('suggests a backoff for every retryable code and a per-recipient wait for the pair limit', () => {
    for (const [code, info] of ERROR_CODES) {
      if (info.kind === 'throttled' || info.kind === 'temporary') {
        expect({ code, retry: typeof info.retryAfterMs }).toEqual({ code, retry: 'number' });
      }
    }
    expect(classifyCloudApiError({ code: 131056 }).retryAfterMs).toBe(6000);
  });

  it('decides by code, not HTTP status, when the code is known', () => {
    // A permanent code arriving with 500 stays permanent; a throttling code with 500 stays throttled.
    expect(classifyCloudApiError({ code: 131026, httpStatus: 500 }).kind).toBe('permanent');
    expect(classifyCloudApiError({ code: 130429, httpStatus: 500 }).kind).toBe('throttled');
  });

  it('treats code 100 for an unknown phone number id as a configuration problem', () => {
    const result = classifyCloudApiError({
      code: 100,
      httpStatus: 400,
      message: "(#100) Unsupported post request. Object with ID '123' does not exist, cannot be loaded due to missing permissions",
    });
    expect(result).toMatchObject({ kind: 'credentials', scope: 'number' });
  });

  it('keeps other code 100 errors permanent even when details mention objects', () => {
    expect(classifyCloudApiError({ code: 100, details: 'Param text cannot have new-line characters' }).kind).toBe('permanent');
  });

  const byStatus: [number | undefined, number | undefined, CloudApiErrorKind][] = [
    [500, undefined, 'temporary'],
    [502, undefined, 'temporary'],
    [503, undefined, 'temporary'],
    [undefined, undefined, 'temporary'],
    [429, undefined, 'throttled'],
    [401, undefined, 'credentials'],
    [403, undefined, 'credentials'],
    [400, undefined, 'permanent'],
    [404, undefined, 'permanent'],
    // Unknown codes: a server-side status means retry, a client-side one means do not.
    [500, 999999, 'temporary'],
    [400, 999999, 'permanent'],
  ];

  it.each(byStatus)('HTTP %s with code %s is %s', (httpStatus, code, kind) => {
    expect(classifyCloudApiError({ httpStatus, code }).kind).toBe(kind);
  });

  it('returns a copy, so callers cannot corrupt the table', () => {
    const result = classifyCloudApiError({ code: 131026 });
    result.reasonIt = 'changed';
    expect(classifyCloudApiError({ code: 131026 }).reasonIt).not.toBe('changed');
  });
});

describe('classifyTransportError', () => {
  const errorWithCode = (code: string) => Object.assign(new Error(`boom ${code}`), { code });

  it.each([
    ['ECONNREFUSED', false],
    ['ENOTFOUND', false],
    ['UND_ERR_CONNECT_TIMEOUT', false],
    ['ECONNRESET', true],
    ['UND_ERR_SOCKET', true],
    ['UND_ERR_HEADERS_TIMEOUT', true],
    ['UND_ERR_BODY_TIMEOUT', true],
    ['UND_ERR_ABORTED', true],
  ])('%s is temporary (maybe delivered: %s)', (code, maybeDelivered) => {
    const result = classifyTransportError(errorWithCode(code));
    expect(result.kind).toBe('temporary');
    expect(result.maybeDelivered).toBe(maybeDelivered);
    expect(result.details).toContain(code);
  });

  it('reads the code from a wrapped cause', () => {
    const wrapped = new Error('fetch failed', { cause: errorWithCode('ECONNREFUSED') });
    expect(classifyTransportError(wrapped)).toMatchObject({ kind: 'temporary', maybeDelivered: false });
  });

  it('treats an AbortError as a timeout that may have delivered', () => {
    const abort = new DOMException('This operation was aborted', 'AbortError');
    expect(classifyTransportError(abort)).toMatchObject({ kind: 'temporary', maybeDelivered: true });
  });

  it('survives a cyclic cause chain and non-errors', () => {
    const a: { cause?: unknown } = {};
    a.cause = a;
    expect(classifyTransportError(a).kind).toBe('temporary');
    expect(classifyTransportError('weird').kind).toBe('temporary');
    expect(classifyTransportError(null).kind).toBe('temporary');
  });
});
