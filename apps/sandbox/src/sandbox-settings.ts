import type { LogLevel } from '@nestjs/common';

/** The sandbox's own settings. It is a test double, so it does not share @bacheca/config's Settings. */
export interface SandboxSettings {
  host: string;
  port: number;
  /** How the sandbox names itself (media URLs in inbound webhooks); when unset, the address it listens on. */
  baseUrl?: string;
  /** Where webhooks of numbers made on the console go unless it says otherwise (Bacheca's webhook URL). */
  callbackUrl?: string;
  /** Used when a send URL omits the version, as Graph uses the newest one (WHATSAPP.md §1). */
  graphVersion: string;
  /** Throughput of a number registered without `mps` (Meta's default, §5). */
  defaultMps: number;
  /** Delays after an accepted send at which the statuses are posted; must not decrease. */
  sentDelayMs: number;
  deliveredDelayMs: number;
  readDelayMs: number;
  sendRead: boolean;
  /** When false, webhooks go out without X-Hub-Signature-256 (to test a receiver's refusal). */
  signWebhooks: boolean;
  /** For numbers registered without their own appSecret. */
  defaultAppSecret: string;
  /** Up to this many statuses in one webhook POST (Meta batches up to 1,000, §2.2). */
  webhookBatchMax: number;
  webhookTimeoutMs: number;
  webhookRetryBaseMs: number;
  /** Meta retries for 7 days; a test double gives up much sooner. */
  webhookRetryForMs: number;
  /** How long a request picked by the timeout fault is held before it is processed. */
  timeoutFaultMs: number;
  messageLogCap: number;
  webhookLogCap: number;
  webhookLogMaxBytes: number;
  logLevels: LogLevel[] | false;
}

const LOG_LEVELS: Record<string, LogLevel[] | false> = {
  silent: false,
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
};

type Env = Record<string, string | undefined>;

function read(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!/^-?\d+$/.test(raw)) throw new Error(`${name} must be an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new Error(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (/^(true|1|yes)$/i.test(raw)) return true;
  if (/^(false|0|no)$/i.test(raw)) return false;
  throw new Error(`${name} must be true or false, got "${raw}"`);
}

function httpUrl(env: Env, name: string): string {
  const raw = read(env, name) ?? '';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`${name} must be an http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${name} must be an http(s) URL, got "${raw}"`);
  return raw.replace(/\/+$/, '');
}

/** Validates the environment; throws an Error naming the first bad variable. */
export function loadSandboxSettings(env: Env): SandboxSettings {
  const host = read(env, 'SANDBOX_HOST') ?? '127.0.0.1';
  const port = int(env, 'SANDBOX_PORT', 3100, 0, 65535);
  const graphVersion = read(env, 'SANDBOX_GRAPH_VERSION') ?? 'v25.0';
  if (!/^v\d+\.\d+$/.test(graphVersion)) throw new Error(`SANDBOX_GRAPH_VERSION must look like v25.0, got "${graphVersion}"`);
  const sentDelayMs = int(env, 'SANDBOX_SENT_DELAY_MS', 20, 0, 600_000);
  const deliveredDelayMs = int(env, 'SANDBOX_DELIVERED_DELAY_MS', 50, 0, 600_000);
  const readDelayMs = int(env, 'SANDBOX_READ_DELAY_MS', 100, 0, 600_000);
  // Each status kind is a FIFO queue with a fixed delay; decreasing delays would post delivered before sent.
  if (deliveredDelayMs < sentDelayMs) throw new Error('SANDBOX_DELIVERED_DELAY_MS must not be less than SANDBOX_SENT_DELAY_MS');
  if (readDelayMs < deliveredDelayMs) throw new Error('SANDBOX_READ_DELAY_MS must not be less than SANDBOX_DELIVERED_DELAY_MS');
  const logLevel = read(env, 'SANDBOX_LOG_LEVEL') ?? 'log';
  if (!(logLevel in LOG_LEVELS)) throw new Error(`SANDBOX_LOG_LEVEL must be one of ${Object.keys(LOG_LEVELS).join(', ')}, got "${logLevel}"`);
  const baseUrl = read(env, 'SANDBOX_BASE_URL') === undefined ? undefined : httpUrl(env, 'SANDBOX_BASE_URL');
  const callbackUrl = read(env, 'SANDBOX_CALLBACK_URL') === undefined ? undefined : httpUrl(env, 'SANDBOX_CALLBACK_URL');
  return {
    host,
    port,
    ...(baseUrl !== undefined && { baseUrl }),
    ...(callbackUrl !== undefined && { callbackUrl }),
    graphVersion,
    defaultMps: int(env, 'SANDBOX_DEFAULT_MPS', 80, 1, 100_000),
    sentDelayMs,
    deliveredDelayMs,
    readDelayMs,
    sendRead: bool(env, 'SANDBOX_SEND_READ', true),
    signWebhooks: bool(env, 'SANDBOX_SIGN_WEBHOOKS', true),
    defaultAppSecret: read(env, 'SANDBOX_DEFAULT_APP_SECRET') ?? 'sandbox-app-secret',
    webhookBatchMax: int(env, 'SANDBOX_WEBHOOK_BATCH_MAX', 1000, 1, 1000),
    webhookTimeoutMs: int(env, 'SANDBOX_WEBHOOK_TIMEOUT_MS', 5000, 10, 120_000),
    webhookRetryBaseMs: int(env, 'SANDBOX_WEBHOOK_RETRY_BASE_MS', 200, 1, 600_000),
    webhookRetryForMs: int(env, 'SANDBOX_WEBHOOK_RETRY_FOR_MS', 120_000, 0, 86_400_000),
    timeoutFaultMs: int(env, 'SANDBOX_TIMEOUT_FAULT_MS', 30_000, 1, 600_000),
    messageLogCap: int(env, 'SANDBOX_MESSAGE_LOG_CAP', 200_000, 1, 5_000_000),
    webhookLogCap: int(env, 'SANDBOX_WEBHOOK_LOG_CAP', 5_000, 1, 1_000_000),
    webhookLogMaxBytes: int(env, 'SANDBOX_WEBHOOK_LOG_MAX_BYTES', 64 * 1024 * 1024, 1024, 2 ** 31 - 1),
    logLevels: LOG_LEVELS[logLevel],
  };
}

export const SANDBOX_SETTINGS = Symbol('SANDBOX_SETTINGS');
