import { CloudApiClient } from './cloud-api-client';
import { CloudApiError } from './cloud-api-error';

// Pure checks that fail before any socket is opened (the pool connects lazily).
describe('CloudApiClient (no network)', () => {
  let client: CloudApiClient;
  beforeEach(() => {
    client = new CloudApiClient({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 1000 });
  });
  afterEach(() => client.close());

  it('rejects bad construction options', () => {
    expect(() => new CloudApiClient({ baseUrl: 'ftp://x', timeoutMs: 1 })).toThrow(/http/);
    expect(() => new CloudApiClient({ baseUrl: 'http://x', timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => new CloudApiClient({ baseUrl: 'http://x', timeoutMs: 1, graphVersion: '25' })).toThrow(/graphVersion/);
  });

  it.each(['393330000001', '+39 333 0000001', '+0123456789', '+39', ''])('refuses recipient %j as permanent', async (to) => {
    const error = await client.sendText({ phoneNumberId: '1', accessToken: 't' }, to, 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudApiError);
    expect(error).toMatchObject({ kind: 'permanent', scope: 'recipient', retryable: false });
  });

  it('refuses missing credentials as a credentials error', async () => {
    const error = await client.sendText({ phoneNumberId: '1', accessToken: '' }, '+393330000001', 'x').catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'credentials', name: 'CloudApiError' });
  });

  it('describes an error without leaking the token', () => {
    const error = new CloudApiError({ kind: 'permanent', scope: 'recipient', code: 131026, httpStatus: 400, title: '(#131026) Message undeliverable', reasonIt: 'x' });
    expect(error.message).toBe('WhatsApp Cloud API permanent error, code 131026, HTTP 400: (#131026) Message undeliverable');
    expect(error).toBeInstanceOf(Error);
    expect(error.maybeDelivered).toBe(false);
  });
});
