import { loadSettings, logFormatOf, previousEncryptionKeysOf, SettingsError } from './settings';

const valid = {
  DATABASE_URL: 'postgres://bacheca_app@127.0.0.1:5432/bacheca',
  DATABASE_OWNER_URL: 'postgres://bacheca_owner@127.0.0.1:5432/bacheca',
  JWT_SECRET: 'x'.repeat(40),
  ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
  BLIND_INDEX_KEY: Buffer.alloc(32, 2).toString('base64'),
};

describe('loadSettings', () => {
  it('accepts a complete environment and applies defaults', () => {
    const s = loadSettings(valid);
    expect(s.DATABASE_URL).toBe(valid.DATABASE_URL);
    expect(s.API_PORT).toBe(3000);
    expect(s.JWT_ACCESS_TTL_S).toBe(900);
    expect(s.REDIS_URL).toBe('redis://127.0.0.1:6379');
  });

  it('converts numeric variables', () => {
    expect(loadSettings({ ...valid, API_PORT: '8080' }).API_PORT).toBe(8080);
  });

  it('ignores variables that are not settings', () => {
    expect(loadSettings({ ...valid, PATH: '/usr/bin' })).not.toHaveProperty('PATH');
  });

  it.each([
    ['DATABASE_URL', undefined, /DATABASE_URL \(missing\)/],
    ['DATABASE_URL', 'mysql://x@y/z', /DATABASE_URL \(malformed\)/],
    ['JWT_SECRET', 'short', /JWT_SECRET \(malformed\).*at least 32/],
    ['ENCRYPTION_KEY', Buffer.alloc(16).toString('base64'), /ENCRYPTION_KEY \(malformed\)/],
    ['API_PORT', 'eighty', /API_PORT \(malformed\)/],
    ['API_PORT', '70000', /API_PORT \(malformed\)/],
    ['NODE_ENV', 'staging', /NODE_ENV \(malformed\)/],
  ])('refuses %s=%s with a message naming it', (key, value, message) => {
    expect(() => loadSettings({ ...valid, [key]: value })).toThrow(SettingsError);
    expect(() => loadSettings({ ...valid, [key]: value })).toThrow(message);
  });

  it('names every bad variable at once', () => {
    expect(() => loadSettings({})).toThrow(/DATABASE_URL[\s\S]*DATABASE_OWNER_URL[\s\S]*JWT_SECRET/);
  });
});

describe('encryption key rotation settings', () => {
  const k3 = Buffer.alloc(32, 3).toString('base64');
  const k4 = Buffer.alloc(32, 4).toString('base64');

  it('has no previous keys unless given, and reads a comma-separated list in order', () => {
    expect(previousEncryptionKeysOf(loadSettings(valid))).toEqual([]);
    expect(previousEncryptionKeysOf(loadSettings({ ...valid, ENCRYPTION_KEY_PREVIOUS: '' }))).toEqual([]);
    expect(previousEncryptionKeysOf(loadSettings({ ...valid, ENCRYPTION_KEY_PREVIOUS: k3 }))).toEqual([k3]);
    expect(previousEncryptionKeysOf(loadSettings({ ...valid, ENCRYPTION_KEY_PREVIOUS: `${k4} , ${k3}` }))).toEqual([k4, k3]);
  });

  it.each([
    ['a short key', Buffer.alloc(16, 3).toString('base64'), /ENCRYPTION_KEY_PREVIOUS \(malformed\).*32-byte keys/],
    ['a trailing comma', `${k3},`, /ENCRYPTION_KEY_PREVIOUS \(malformed\)/],
    ['the current key', valid.ENCRYPTION_KEY, /ENCRYPTION_KEY_PREVIOUS \(malformed\).*ENCRYPTION_KEY itself/],
    ['a key twice', `${k3},${k3}`, /ENCRYPTION_KEY_PREVIOUS \(malformed\).*same key twice/],
  ])('refuses ENCRYPTION_KEY_PREVIOUS with %s, naming it', (_what, value, message) => {
    expect(() => loadSettings({ ...valid, ENCRYPTION_KEY_PREVIOUS: value })).toThrow(SettingsError);
    expect(() => loadSettings({ ...valid, ENCRYPTION_KEY_PREVIOUS: value })).toThrow(message);
  });
});

describe('observability settings', () => {
  it('logs as JSON in production and pretty elsewhere, unless LOG_FORMAT says otherwise', () => {
    expect(logFormatOf(loadSettings({ ...valid, NODE_ENV: 'production' }))).toBe('json');
    expect(logFormatOf(loadSettings({ ...valid, NODE_ENV: 'development' }))).toBe('pretty');
    expect(logFormatOf(loadSettings({ ...valid, NODE_ENV: 'production', LOG_FORMAT: 'pretty' }))).toBe('pretty');
    expect(logFormatOf(loadSettings({ ...valid, LOG_FORMAT: 'json' }))).toBe('json');
  });

  it('defaults: level log, no metrics token (metrics off), worker health on loopback', () => {
    const s = loadSettings(valid);
    expect(s.LOG_LEVEL).toBe('log');
    expect(s.METRICS_TOKEN).toBeUndefined();
    expect(s.WORKER_HEALTH_HOST).toBe('127.0.0.1');
    expect(loadSettings({ ...valid, WORKER_HEALTH_HOST: '0.0.0.0' }).WORKER_HEALTH_HOST).toBe('0.0.0.0');
  });

  it.each([
    ['LOG_FORMAT', 'xml', /LOG_FORMAT \(malformed\)/],
    ['LOG_LEVEL', 'chatty', /LOG_LEVEL \(malformed\)/],
    ['METRICS_TOKEN', 'short', /METRICS_TOKEN \(malformed\).*at least 24/],
    ['WORKER_HEALTH_HOST', 'localhost; rm -rf', /WORKER_HEALTH_HOST \(malformed\)/],
  ])('refuses %s=%s with a message naming it', (key, value, message) => {
    expect(() => loadSettings({ ...valid, [key]: value })).toThrow(message);
  });
});

describe('retention settings', () => {
  it('defaults: messages sent 180 days, webhook events 90, audit log 365, hourly, 2,000 rows a step', () => {
    const s = loadSettings(valid);
    expect([s.RETENTION_DELIVERIES_DAYS, s.RETENTION_WEBHOOK_EVENTS_DAYS, s.RETENTION_AUDIT_DAYS]).toEqual([180, 90, 365]);
    expect([s.RETENTION_SWEEP_INTERVAL_S, s.RETENTION_BATCH_SIZE]).toEqual([3600, 2000]);
    expect(loadSettings({ ...valid, RETENTION_AUDIT_DAYS: '730' }).RETENTION_AUDIT_DAYS).toBe(730);
  });

  it.each([
    ['RETENTION_DELIVERIES_DAYS', '-1', /RETENTION_DELIVERIES_DAYS \(malformed\).*at least 31/],
    ['RETENTION_DELIVERIES_DAYS', '30', /RETENTION_DELIVERIES_DAYS \(malformed\)/],
    ['RETENTION_DELIVERIES_DAYS', '90.5', /RETENTION_DELIVERIES_DAYS \(malformed\)/],
    ['RETENTION_WEBHOOK_EVENTS_DAYS', '0', /RETENTION_WEBHOOK_EVENTS_DAYS \(malformed\).*at least 14/],
    ['RETENTION_WEBHOOK_EVENTS_DAYS', 'novanta', /RETENTION_WEBHOOK_EVENTS_DAYS \(malformed\)/],
    ['RETENTION_AUDIT_DAYS', '-365', /RETENTION_AUDIT_DAYS \(malformed\).*at least 180/],
    ['RETENTION_AUDIT_DAYS', '179', /RETENTION_AUDIT_DAYS \(malformed\)/],
    ['RETENTION_SWEEP_INTERVAL_S', '5', /RETENTION_SWEEP_INTERVAL_S \(malformed\)/],
    ['RETENTION_BATCH_SIZE', '1000000', /RETENTION_BATCH_SIZE \(malformed\)/],
  ])('refuses %s=%s with a message naming it', (key, value, message) => {
    expect(() => loadSettings({ ...valid, [key]: value })).toThrow(message);
  });
});
