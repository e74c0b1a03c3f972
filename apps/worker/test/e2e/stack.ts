import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { ConfigModule } from '@bacheca/config';
import { TenantDb } from '@bacheca/database';
import { seedDemo } from '../../../cli/src/seed-demo';
import { DEMO_COMUNI } from '../../../cli/src/demo/comuni';
import { ApiHarness, startApi } from '../../../api/test/harness';
import { RunningSandbox, startSandbox } from '../../../sandbox/src/sandbox-app';
import { loadSandboxSettings } from '../../../sandbox/src/sandbox-settings';
import { WorkerModule } from '../../src/worker.module';

export interface SandboxMessage {
  wamid: string;
  to: string;
  type: string;
  body: { text?: { body: string }; template?: unknown };
}

/**
 * The whole product on loopback: the sandbox standing in for Meta, the API receiving its webhooks,
 * a worker acting on them and sending through the sandbox, and the five demo comuni onboarded.
 */
export class Stack {
  constructor(
    readonly api: ApiHarness,
    readonly apiUrl: string,
    readonly sandbox: RunningSandbox,
    readonly worker: INestApplicationContext,
  ) {}

  static async start(overrides: Record<string, string> = {}): Promise<Stack> {
    const sandbox = await startSandbox({
      ...loadSandboxSettings({ SANDBOX_LOG_LEVEL: 'silent' }),
      port: 0,
      host: '127.0.0.1',
      sentDelayMs: 5,
      deliveredDelayMs: 10,
      readDelayMs: 20,
      webhookRetryBaseMs: 50,
    });
    const api = await startApi({ GRAPH_API_BASE_URL: sandbox.url, GRAPH_API_TIMEOUT_MS: '2000', ...overrides });
    await api.app.listen(0, '127.0.0.1');
    const apiUrl = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
    @Module({ imports: [ConfigModule.forRoot(api.env.settings), WorkerModule] })
    class WorkerRoot {}
    const worker = await NestFactory.createApplicationContext(WorkerRoot, { logger: ['error'] });
    await worker.init();
    await seedDemo(api.app, { password: 'demo-password-123', sandbox: { url: sandbox.url, callbackUrl: `${apiUrl}/webhooks/whatsapp` } });
    return new Stack(api, apiUrl, sandbox, worker);
  }

  async stop(): Promise<void> {
    await this.worker.close();
    await this.api.close();
    await this.sandbox.close();
  }

  numberOf(slug: string): string {
    return DEMO_COMUNI.find((c) => c.slug === slug)!.whatsapp.phoneNumberId;
  }

  async comuneId(slug: string): Promise<string> {
    return this.db((em) => em.query('select id from comuni where slug = $1', [slug])).then((r) => r[0].id);
  }

  db<T = any>(work: Parameters<TenantDb['asPlatform']>[1]): Promise<T> {
    return this.api.app.get(TenantDb).asPlatform('test', work) as Promise<T>;
  }

  async sandboxCall(method: string, path: string, body?: unknown): Promise<any> {
    const res = await fetch(`${this.sandbox.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  }

  /** A citizen writes to a town's number from the sandbox phone. */
  say(slug: string, from: string, text: string, extra: Record<string, unknown> = {}) {
    return this.sandboxCall('POST', '/_sandbox/inbound', { phoneNumberId: this.numberOf(slug), from, text, ...extra });
  }

  async messagesTo(slug: string, to: string): Promise<SandboxMessage[]> {
    const res = await this.sandboxCall('GET', `/_sandbox/messages?phoneNumberId=${this.numberOf(slug)}&to=${encodeURIComponent(to)}&limit=1000`);
    return res.messages;
  }

  /** Waits until the citizen has received `count` messages from the town; returns the last one's text. */
  async reply(slug: string, to: string, count: number, timeoutMs = 10_000): Promise<string> {
    const messages = await waitFor(async () => {
      const m = await this.messagesTo(slug, to);
      return m.length >= count ? m : undefined;
    }, timeoutMs);
    return messages[count - 1].body.text?.body ?? JSON.stringify(messages[count - 1].body);
  }
}

export async function waitFor<T>(probe: () => Promise<T | undefined | false | null>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
