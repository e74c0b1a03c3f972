import { Injectable, Logger } from '@nestjs/common';
import { BlindIndex, citizenPhoneCodec, SecretBox } from '@bacheca/crypto';
import { TenantDb } from '@bacheca/database';
import { NumberCredentials, NumberDirectory } from '@bacheca/numbers';
import { JobQueue } from '@bacheca/queue';
import { CloudApiClient, CloudApiError } from '@bacheca/whatsapp';
import { retryCauseOf, retryDelayMs } from '../planning/backoff';
import { SendRateLimiter } from '../rate-limiter';
import { ClaimedDelivery, OutboxRepository } from './outbox.repository';

/** How long a number stopped for its credentials waits before its queue is looked at again. */
const STOPPED_NUMBER_HOLD_MS = 5 * 60_000;
const MAX_ATTEMPTS = 8;

export const deliveryCallbackData = (id: string) => `d:${id}`;
export const deliveryIdFromCallback = (data: unknown) =>
  typeof data === 'string' && /^d:[0-9]{1,19}$/.test(data) ? data.slice(2) : undefined;

/**
 * Hands claimed deliveries to Meta and records each answer. Meta's send has no idempotency key, so a
 * send whose answer was lost (timeout, reset) is marked uncertain, never retried blindly; the status
 * webhook, which echoes our id in biz_opaque_callback_data, settles it.
 */
@Injectable()
export class SendDeliveries {
  private readonly logger = new Logger('delivery');

  constructor(
    private readonly db: TenantDb,
    private readonly outbox: OutboxRepository,
    private readonly directory: NumberDirectory,
    private readonly client: CloudApiClient,
    private readonly jobs: JobQueue,
    private readonly box: SecretBox,
    private readonly index: BlindIndex,
    private readonly limiter: SendRateLimiter,
  ) {}

  async run(tenantId: string, ids: string[]): Promise<{ sent: number; retry: number; failed: number; uncertain: number }> {
    const tally = { sent: 0, retry: 0, failed: 0, uncertain: 0 };
    const claimed = await this.db.inTenant(tenantId, (em) => this.outbox.claim(em, ids));
    const codec = citizenPhoneCodec(this.box, this.index, tenantId);
    const numbers = new Map<string, NumberCredentials | undefined>();
    let soonestRetryMs: number | undefined;
    for (const d of claimed) {
      if (!numbers.has(d.whatsappNumberId)) numbers.set(d.whatsappNumberId, await this.directory.forTenant(tenantId, d.whatsappNumberId));
      const number = numbers.get(d.whatsappNumberId);
      const outcome = await this.sendOne(tenantId, d, number, codec.open);
      tally[outcome.result] += 1;
      if (outcome.retryInMs !== undefined) soonestRetryMs = Math.min(soonestRetryMs ?? Infinity, outcome.retryInMs);
    }
    if (soonestRetryMs !== undefined) {
      await this.jobs.add('delivery.send', { tenantId, deliveryIds: ids }, { delay: soonestRetryMs }).catch(() => undefined);
    }
    return tally;
  }

  private async sendOne(
    tenantId: string,
    d: ClaimedDelivery,
    number: NumberCredentials | undefined,
    open: (sealed: Buffer) => string,
  ): Promise<{ result: 'sent' | 'retry' | 'failed' | 'uncertain'; retryInMs?: number }> {
    const write = <T>(work: Parameters<TenantDb['inTenant']>[1]) => this.db.inTenant(tenantId, work) as Promise<T>;
    if (!number || !d.recipientEnc || !d.message) {
      await write((em) => this.outbox.markFailed(em, d.id, undefined, 'Messaggio o destinatario non più disponibile.'));
      return { result: 'failed' };
    }
    if (number.sendingStatus === 'stopped') {
      await write((em) => this.outbox.retryLater(em, d.id, STOPPED_NUMBER_HOLD_MS, undefined, 'Numero fermo: credenziali da aggiornare.'));
      return { result: 'retry', retryInMs: STOPPED_NUMBER_HOLD_MS };
    }
    await this.waitForTurn(number);
    try {
      const res = await this.client.sendText(number, open(d.recipientEnc), d.message.body, { bizOpaqueCallbackData: deliveryCallbackData(d.id) });
      await write((em) => this.outbox.markSent(em, d.id, res.messageId));
      return { result: 'sent' };
    } catch (err) {
      if (!(err instanceof CloudApiError)) throw err;
      return this.onError(tenantId, d, number, err, write);
    }
  }

  /** Each number's messages per second, shared by every worker process through Redis. */
  private async waitForTurn(number: NumberCredentials): Promise<void> {
    for (;;) {
      const { granted, retryAfterMs } = await this.limiter.acquire(number.phoneNumberId, { n: 1, mps: number.mps });
      if (granted >= 1) return;
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, retryAfterMs)));
    }
  }

  private async onError(
    tenantId: string,
    d: ClaimedDelivery,
    number: NumberCredentials,
    err: CloudApiError,
    write: <T>(work: Parameters<TenantDb['inTenant']>[1]) => Promise<T>,
  ): Promise<{ result: 'retry' | 'failed' | 'uncertain'; retryInMs?: number }> {
    if (err.maybeDelivered) {
      await write((em) => this.outbox.markUncertain(em, d.id, err.reasonIt));
      return { result: 'uncertain' };
    }
    if (err.kind === 'credentials') {
      this.logger.warn(`number ${number.phoneNumberId} of ${tenantId} stopped: ${err.code} ${err.reasonIt}`);
      await this.directory.stopSending(tenantId, number.id, err.reasonIt);
      await write((em) => this.outbox.retryLater(em, d.id, STOPPED_NUMBER_HOLD_MS, err.code, err.reasonIt));
      return { result: 'retry', retryInMs: STOPPED_NUMBER_HOLD_MS };
    }
    const cause = err.kind === 'throttled' || err.kind === 'temporary' ? retryCauseOf(err.code, err.httpStatus) ?? err.kind : undefined;
    if (cause && d.attempts < MAX_ATTEMPTS) {
      const delay = retryDelayMs({ attempt: d.attempts - 1, cause, minDelayMs: err.retryAfterMs });
      await write((em) => this.outbox.retryLater(em, d.id, delay, err.code, err.reasonIt));
      return { result: 'retry', retryInMs: delay };
    }
    await write((em) => this.outbox.markFailed(em, d.id, err.code, err.reasonIt));
    return { result: 'failed' };
  }
}
