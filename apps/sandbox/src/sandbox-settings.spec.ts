import { loadSandboxSettings } from './sandbox-settings';

describe('loadSandboxSettings', () => {
  it('has loopback defaults that work with no environment', () => {
    const settings = loadSandboxSettings({});
    expect(settings.baseUrl).toBeUndefined();
    expect(settings).toMatchObject({
      host: '127.0.0.1',
      port: 3100,
      graphVersion: 'v25.0',
      defaultMps: 80,
      sentDelayMs: 20,
      deliveredDelayMs: 50,
      sendRead: true,
      signWebhooks: true,
      messageLogCap: 200_000,
    });
  });

  it('reads every variable it is given', () => {
    const settings = loadSandboxSettings({
      SANDBOX_PORT: '4100',
      SANDBOX_BASE_URL: 'http://localhost:4100/',
      SANDBOX_GRAPH_VERSION: 'v26.0',
      SANDBOX_SEND_READ: 'false',
      SANDBOX_SIGN_WEBHOOKS: '0',
      SANDBOX_DEFAULT_MPS: '1000',
      SANDBOX_LOG_LEVEL: 'silent',
    });
    expect(settings).toMatchObject({
      port: 4100,
      baseUrl: 'http://localhost:4100',
      graphVersion: 'v26.0',
      sendRead: false,
      signWebhooks: false,
      defaultMps: 1000,
      logLevels: false,
    });
  });

  it('treats empty strings as unset', () => {
    expect(loadSandboxSettings({ SANDBOX_PORT: '' }).port).toBe(3100);
  });

  it.each([
    [{ SANDBOX_PORT: 'abc' }, /SANDBOX_PORT must be an integer/],
    [{ SANDBOX_PORT: '70000' }, /SANDBOX_PORT must be between/],
    [{ SANDBOX_GRAPH_VERSION: '25' }, /SANDBOX_GRAPH_VERSION/],
    [{ SANDBOX_SEND_READ: 'maybe' }, /SANDBOX_SEND_READ must be true or false/],
    [{ SANDBOX_BASE_URL: 'ftp://x' }, /SANDBOX_BASE_URL/],
    [{ SANDBOX_BASE_URL: 'not a url' }, /SANDBOX_BASE_URL/],
    [{ SANDBOX_SENT_DELAY_MS: '100', SANDBOX_DELIVERED_DELAY_MS: '50' }, /SANDBOX_DELIVERED_DELAY_MS/],
    [{ SANDBOX_LOG_LEVEL: 'verbose' }, /SANDBOX_LOG_LEVEL/],
    [{ SANDBOX_WEBHOOK_BATCH_MAX: '5000' }, /SANDBOX_WEBHOOK_BATCH_MAX/],
  ])('rejects %j naming the variable', (env, message) => {
    expect(() => loadSandboxSettings(env)).toThrow(message);
  });
});
