import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RunningSandbox, startSandbox } from '../src/sandbox-app';
import { loadSandboxSettings, SandboxSettings } from '../src/sandbox-settings';

export function testSettings(overrides: Partial<SandboxSettings> = {}): SandboxSettings {
  return {
    ...loadSandboxSettings({ SANDBOX_LOG_LEVEL: 'silent' }),
    port: 0,
    host: '127.0.0.1',
    sentDelayMs: 10,
    deliveredDelayMs: 30,
    readDelayMs: 50,
    webhookRetryBaseMs: 20,
    webhookRetryForMs: 5_000,
    webhookTimeoutMs: 2_000,
    ...overrides,
  };
}

export function start(overrides: Partial<SandboxSettings> = {}): Promise<RunningSandbox> {
  return startSandbox(testSettings(overrides));
}

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  raw: Buffer;
  json: unknown;
  at: number;
}

/** A stand-in for our API's webhook endpoint: records every POST and answers what `respond` says. */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  respond: (hook: ReceivedWebhook, index: number) => number | Promise<number> = () => 200;
  private server!: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        let json: unknown;
        try {
          json = JSON.parse(raw.toString('utf8'));
        } catch {
          json = undefined;
        }
        const hook = { headers: req.headers, raw, json, at: Date.now() };
        const index = this.received.push(hook) - 1;
        void Promise.resolve(this.respond(hook, index)).then((status) => {
          res.statusCode = status;
          res.end(status === 200 ? 'EVENT_RECEIVED' : 'nope');
        });
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks/whatsapp`;
    return this;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('waitFor: condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface NumberSpec {
  phoneNumberId: string;
  displayPhoneNumber: string;
  wabaId: string;
  accessToken: string;
  appSecret: string;
  callbackUrl: string;
  mps?: number;
}

export function numberSpec(overrides: Partial<NumberSpec> = {}): NumberSpec {
  return {
    phoneNumberId: '106540352242922',
    displayPhoneNumber: '+39 06 1234 5678',
    wabaId: '102290129340398',
    accessToken: 'EAAG-token-comune-di-prova',
    appSecret: 'secret-comune-di-prova',
    callbackUrl: 'http://127.0.0.1:9/unused',
    ...overrides,
  };
}

/** Test responses are asserted field by field, so their bodies are deliberately untyped. */
export type Loose = any;

export async function api(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Loose }> {
  const response = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON (HTML page)
  }
  return { status: response.status, body: parsed };
}
