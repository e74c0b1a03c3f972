import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { signPayload, toMetaJson } from '@bacheca/whatsapp';
import { Agent, request } from 'undici';
import { SandboxNumber } from '../numbers/numbers.store';
import { SANDBOX_SETTINGS } from '../sandbox-settings';
import type { SandboxSettings } from '../sandbox-settings';
import { WebhookKind, WebhookLog } from './webhook-log';

type Json = Record<string, unknown>;

interface PendingStatus {
  number: SandboxNumber;
  status: Json;
}

/** Statuses waiting for one callback URL signed with one secret: they can share a POST. */
interface Outbox {
  url: string;
  secret: string;
  items: PendingStatus[];
  flushing: boolean;
}

interface Delivery {
  id: number;
  url: string;
  secret: string;
  kind: WebhookKind;
  phoneNumberIds: string[];
  body: string;
  firstAttemptAt: number;
}

export interface DeliveryResult {
  statusCode?: number;
  error?: string;
}

const MAX_RETRY_DELAY_MS = 30_000;
const RESPONSE_EXCERPT = 500;

/**
 * Posts webhooks like Meta (WHATSAPP.md §2.2): signed over the exact bytes sent, JSON with non-ASCII
 * escaped, statuses batched up to 1,000 per POST, and anything but HTTP 200 retried with backoff.
 */
@Injectable()
export class WebhookSender implements OnModuleDestroy {
  private readonly logger = new Logger('WebhookSender');
  private readonly agent: Agent;
  private readonly outboxes = new Map<string, Outbox>();
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private nextDeliveryId = 0;
  private closed = false;

  constructor(
    @Inject(SANDBOX_SETTINGS) private readonly settings: SandboxSettings,
    private readonly log: WebhookLog,
  ) {
    this.agent = new Agent({
      keepAliveTimeout: 10_000,
      connections: 16,
      headersTimeout: settings.webhookTimeoutMs,
      bodyTimeout: settings.webhookTimeoutMs,
      connect: { timeout: settings.webhookTimeoutMs },
    });
  }

  /** Queues a status; statuses queued while a POST is in flight go out together in the next one. */
  enqueueStatus(number: SandboxNumber, status: Json): void {
    if (this.closed) return;
    const key = `${number.callbackUrl}\n${number.appSecret}`;
    let outbox = this.outboxes.get(key);
    if (!outbox) {
      outbox = { url: number.callbackUrl, secret: number.appSecret, items: [], flushing: false };
      this.outboxes.set(key, outbox);
    }
    outbox.items.push({ number, status });
    if (!outbox.flushing) void this.flush(outbox);
  }

  /** Posts one payload now and reports the callback's first answer; failures are retried in the background. */
  async postNow(number: SandboxNumber, payload: Json, kind: WebhookKind): Promise<DeliveryResult> {
    return this.attempt(this.newDelivery(number.callbackUrl, number.appSecret, kind, [number.phoneNumberId], payload), 1);
  }

  get pendingStatuses(): number {
    let n = 0;
    for (const outbox of this.outboxes.values()) n += outbox.items.length;
    return n;
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    this.outboxes.clear();
    await this.agent.destroy();
  }

  // One POST in flight per outbox keeps first attempts in order (sent before delivered before read);
  // Meta does not promise order, but a test double that scrambles it by accident would hide bugs.
  private async flush(outbox: Outbox): Promise<void> {
    outbox.flushing = true;
    try {
      while (outbox.items.length > 0 && !this.closed) {
        const batch = outbox.items.splice(0, this.settings.webhookBatchMax);
        const payload = statusesPayload(batch);
        const ids = [...new Set(batch.map((item) => item.number.phoneNumberId))];
        await this.attempt(this.newDelivery(outbox.url, outbox.secret, 'statuses', ids, payload), 1);
      }
    } finally {
      outbox.flushing = false;
    }
  }

  private newDelivery(url: string, secret: string, kind: WebhookKind, phoneNumberIds: string[], payload: Json): Delivery {
    return { id: ++this.nextDeliveryId, url, secret, kind, phoneNumberIds, body: toMetaJson(payload), firstAttemptAt: Date.now() };
  }

  private async attempt(delivery: Delivery, attempt: number): Promise<DeliveryResult> {
    const bytes = Buffer.from(delivery.body, 'utf8');
    const signature = this.settings.signWebhooks ? signPayload(bytes, delivery.secret) : undefined;
    const started = Date.now();
    const result: DeliveryResult & { responseBody?: string } = {};
    try {
      const response = await request(delivery.url, {
        method: 'POST',
        dispatcher: this.agent,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'facebookexternalua',
          ...(signature && { 'x-hub-signature-256': signature }),
        },
        body: bytes,
      });
      result.statusCode = response.statusCode;
      result.responseBody = (await response.body.text()).slice(0, RESPONSE_EXCERPT);
    } catch (error) {
      result.error = error instanceof Error ? `${(error as { code?: string }).code ?? error.name}: ${error.message}` : String(error);
    }
    this.log.add({
      deliveryId: delivery.id,
      attempt,
      at: new Date(started).toISOString(),
      url: delivery.url,
      kind: delivery.kind,
      phoneNumberIds: delivery.phoneNumberIds,
      body: delivery.body,
      signature,
      statusCode: result.statusCode,
      responseBody: result.responseBody,
      error: result.error,
      durationMs: Date.now() - started,
    });
    // Meta asks for 200 exactly ("respond 200", §2.2): a 201 or 204 is treated as a failure, so a
    // receiver that answers with Nest's POST default (201) finds out here, not in production.
    if (result.statusCode !== 200) this.scheduleRetry(delivery, attempt);
    return { statusCode: result.statusCode, error: result.error };
  }

  private scheduleRetry(delivery: Delivery, failedAttempt: number): void {
    if (this.closed) return;
    const delay = Math.min(this.settings.webhookRetryBaseMs * 2 ** (failedAttempt - 1), MAX_RETRY_DELAY_MS);
    if (Date.now() + delay - delivery.firstAttemptAt > this.settings.webhookRetryForMs) {
      this.logger.warn(`Giving up webhook ${delivery.id} to ${delivery.url} after ${failedAttempt} attempts`);
      return;
    }
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      void this.attempt(delivery, failedAttempt + 1);
    }, delay);
    timer.unref();
    this.retryTimers.add(timer);
  }
}

/** One envelope for many statuses: an entry per WABA, a change per business number. */
export function statusesPayload(items: PendingStatus[]): Json {
  const entries = new Map<string, Map<string, { number: SandboxNumber; statuses: Json[] }>>();
  for (const { number, status } of items) {
    let changes = entries.get(number.wabaId);
    if (!changes) entries.set(number.wabaId, (changes = new Map()));
    let change = changes.get(number.phoneNumberId);
    if (!change) changes.set(number.phoneNumberId, (change = { number, statuses: [] }));
    change.statuses.push(status);
  }
  return {
    object: 'whatsapp_business_account',
    entry: [...entries].map(([wabaId, changes]) => ({
      id: wabaId,
      changes: [...changes.values()].map(({ number, statuses }) => ({
        value: {
          messaging_product: 'whatsapp',
          metadata: { display_phone_number: number.displayPhoneNumber, phone_number_id: number.phoneNumberId },
          statuses,
        },
        field: 'messages',
      })),
    })),
  };
}
