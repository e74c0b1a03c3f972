import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, Settings } from '@bacheca/config';
import { BlindIndex, citizenPhoneCodec, SecretBox } from '@bacheca/crypto';
import { TenantDb } from '@bacheca/database';
import { NumberCredentials, NumberDirectory } from '@bacheca/numbers';
import { SendMetrics, SendOutcomeName, SendRecord } from '@bacheca/metrics';
import { JobQueue } from '@bacheca/queue';
import { CloudApiClient, CloudApiError, SendResult } from '@bacheca/whatsapp';
import { batchingFor, sendersFor } from '../planning/batching';
import { retryCauseOf, retryDelayMs } from '../planning/backoff';
import { SendRateLimiter } from '../rate-limiter';
import { ClaimedDelivery, OutboxRepository } from './outbox.repository';
import { DeliveryContents, Outgoing, Resolution } from './outgoing';
import { Turns } from './turns';

/** How long a number stopped for its credentials waits before its queue is looked at again. */
const STOPPED_NUMBER_HOLD_MS = 5 * 60_000;
const PAUSED_HOLD_MS = 60_000;
const MAX_ATTEMPTS = 8;
/** Outcomes are written at least this often, and as soon as this many are waiting. */
const RECORD_EVERY_MS = 200;
const RECORD_AFTER = 100;

/** How stale a batch's view of its broadcast and recipients may get before it is read again. */
const RESOLVE_AGAIN_MS = 1000;

function notSent(id: string, r: Exclude<Resolution, { outgoing: Outgoing }>): Outcome {
  return 'skip' in r ? { id, result: r.skip, reason: r.reason } : { id, result: 'release', delayMs: r.holdMs ?? PAUSED_HOLD_MS, reason: r.hold };
}

export const deliveryCallbackData = (id: string) => `d:${id}`;
export const deliveryIdFromCallback = (data: unknown) =>
  typeof data === 'string' && /^d:[0-9]{1,19}$/.test(data) ? data.slice(2) : undefined;

/** The Cloud API error behind an outcome, for the metrics. */
type ErrorFacts = { error?: { code?: number; kind: string } };

type Outcome = (
  | { id: string; result: 'sent'; wamid: string }
  | { id: string; result: 'retry'; delayMs: number; code?: number; reason: string }
  | { id: string; result: 'release'; delayMs: number; reason: string; stoppedNumberId?: string }
  | { id: string; result: 'failed' | 'cancelled' | 'expired'; code?: number; reason: string }
  | { id: string; result: 'uncertain'; reason: string }
) &
  ErrorFacts;

const METRIC_OUTCOME: Record<Outcome['result'], SendOutcomeName> = {
  sent: 'sent',
  retry: 'retry',
  release: 'released',
  uncertain: 'uncertain',
  failed: 'failed',
  cancelled: 'skipped',
  expired: 'skipped',
};

/** A claimed batch with what it needs to go: each delivery's contents and its number's credentials. */
interface Batch {
  claimed: ClaimedDelivery[];
  resolutions: Map<string, Resolution>;
  numbers: Map<string, NumberCredentials | undefined>;
  credentialsReadAt: Date;
}

export interface SendTally {
  claimed: number;
  sent: number;
  retry: number;
  failed: number;
  uncertain: number;
  skipped: number;
  soonestRetryMs?: number;
}

/**
 * Hands claimed deliveries to Meta and records each answer, a batch at a time. Meta's send has no
 * idempotency key, so a send whose answer was lost (timeout, reset) is marked uncertain, never
 * retried blindly; the status webhook, which echoes our id in biz_opaque_callback_data, settles it.
 */
@Injectable()
export class SendDeliveries {
  private readonly logger = new Logger('delivery');

  constructor(
    private readonly db: TenantDb,
    private readonly outbox: OutboxRepository,
    private readonly contents: DeliveryContents,
    private readonly directory: NumberDirectory,
    private readonly client: CloudApiClient,
    private readonly jobs: JobQueue,
    private readonly box: SecretBox,
    private readonly index: BlindIndex,
    private readonly limiter: SendRateLimiter,
    private readonly clock: Clock,
    private readonly settings: Settings,
    private readonly metrics: SendMetrics,
  ) {}

  /** Deliveries named by id (replies, test sends). Retries come back as a delayed job. */
  async run(tenantId: string, ids: string[]): Promise<SendTally> {
    const tally = await this.sendClaimed(tenantId, await this.take(tenantId, (em) => this.outbox.claim(em, ids)));
    if (tally.soonestRetryMs !== undefined) {
      await this.jobs.add('priority.send', { tenantId, deliveryIds: ids }, { delay: tally.soonestRetryMs }).catch(() => undefined);
    }
    return tally;
  }

  /** The next batch of one broadcast, sized by the comune's number (the one its broadcasts go from). */
  async runBroadcastBatch(tenantId: string, broadcastId: string): Promise<SendTally> {
    const batch = await this.take(tenantId, async (em, numbers) => {
      const number = await this.directory.forTenant(tenantId, undefined, em);
      // Its rows go from this number: read once, for the size and for the sends.
      if (number) numbers.set(number.id, number);
      return this.outbox.claimForBroadcast(em, broadcastId, batchingFor(number?.mps ?? 1).batchSize);
    });
    return this.sendClaimed(tenantId, batch);
  }

  /**
   * Claims, decides what each delivery says, and reads the numbers' credentials, in one transaction:
   * under load a batch waits for a pooled connection at each transaction, and an urgent alert's first
   * message waited for four of them. If deciding fails, the claim is undone and the rows stay queued.
   */
  private take(
    tenantId: string,
    claim: (em: EntityManager, numbers: Map<string, NumberCredentials | undefined>) => Promise<ClaimedDelivery[]>,
  ): Promise<Batch> {
    // When the credentials were read: a refusal of them must not undo a rotation made since.
    const credentialsReadAt = new Date();
    return this.db.inTenant(tenantId, async (em) => {
      const numbers = new Map<string, NumberCredentials | undefined>();
      const claimed = await claim(em, numbers);
      if (!claimed.length) return { claimed, resolutions: new Map(), numbers, credentialsReadAt };
      const resolutions = await this.contents.resolve(em, tenantId, claimed, this.clock.now());
      for (const d of claimed) {
        if (!numbers.has(d.whatsappNumberId)) numbers.set(d.whatsappNumberId, await this.directory.forTenant(tenantId, d.whatsappNumberId, em));
      }
      return { claimed, resolutions, numbers, credentialsReadAt };
    });
  }

  private async sendClaimed(tenantId: string, { claimed, resolutions, numbers, credentialsReadAt }: Batch): Promise<SendTally> {
    const tally: SendTally = { claimed: claimed.length, sent: 0, retry: 0, failed: 0, uncertain: 0, skipped: 0 };
    if (!claimed.length) return tally;
    const settled = new Set<string>();
    const latest = this.latestResolutions(tenantId, claimed, resolutions, settled);
    const codec = citizenPhoneCodec(this.box, this.index, tenantId);

    // The number's turns, shared by all this batch's senders: one queue per number, one limiter call per refill.
    const queues = new Map<string, Turns>();
    const turns = (n: NumberCredentials) => {
      if (!queues.has(n.id)) queues.set(n.id, new Turns(this.limiter, n.phoneNumberId, n.mps, RESOLVE_AGAIN_MS));
      return queues.get(n.id)!;
    };
    const outcomes: Outcome[] = [];
    const recorder = this.recorder(tenantId, claimed, numbers);
    const queue = [...claimed];
    const worker = async () => {
      for (let d = queue.shift(); d; d = queue.shift()) {
        const outcome = await this.sendOne(tenantId, d, numbers.get(d.whatsappNumberId), resolutions.get(d.id)!, latest, turns, codec.open, credentialsReadAt);
        outcomes.push(outcome);
        recorder.add(outcome);
        settled.add(d.id);
      }
    };
    // A slow batch (throttled, timeouts, a low cap) is not a dead one: while it runs it says so, so the
    // sweeper never takes its rows for abandoned and sends them a second time alongside it.
    const heartbeat = setInterval(
      () => void this.stillSending(tenantId, claimed.filter((d) => !settled.has(d.id)).map((d) => d.id)).catch(() => undefined),
      Math.max(1000, (this.settings.SENDING_ABANDONED_AFTER_S * 1000) / 4),
    );
    try {
      const mps = Math.max(1, ...[...numbers.values()].map((n) => n?.mps ?? 1));
      await Promise.all(Array.from({ length: Math.min(sendersFor(mps), claimed.length) }, worker));
    } finally {
      clearInterval(heartbeat);
      recorder.stop();
    }
    // What could not be written on the way is written now, or the job fails and the sweeper settles it.
    await recorder.flush(true);

    for (const o of outcomes) {
      if (o.result === 'sent') tally.sent += 1;
      else if (o.result === 'retry' || o.result === 'release') {
        tally.retry += 1;
        tally.soonestRetryMs = Math.min(tally.soonestRetryMs ?? Infinity, o.delayMs);
      } else if (o.result === 'uncertain') tally.uncertain += 1;
      else if (o.result === 'failed') tally.failed += 1;
      else tally.skipped += 1;
    }
    return tally;
  }

  private async sendOne(
    tenantId: string,
    d: ClaimedDelivery,
    number: NumberCredentials | undefined,
    claimedResolution: Resolution,
    latest: (id: string) => Promise<Resolution>,
    turns: (number: NumberCredentials) => Turns,
    open: (sealed: Buffer) => string,
    credentialsReadAt: Date,
  ): Promise<Outcome> {
    if (!('outgoing' in claimedResolution)) return notSent(d.id, claimedResolution);
    if (!number || !d.recipientEnc) return { id: d.id, result: 'failed', reason: 'Destinatario o numero non più disponibile.' };
    if (number.sendingStatus === 'stopped') {
      return { id: d.id, result: 'release', delayMs: STOPPED_NUMBER_HOLD_MS, reason: 'Numero fermo: credenziali da aggiornare.', stoppedNumberId: number.id };
    }
    // A batch on a slow number lasts minutes: a pause, a cancel or a citizen leaving meanwhile is
    // honoured within a second, before waiting for a turn and again once the turn has come.
    let resolution = await latest(d.id);
    while ('outgoing' in resolution && !(await turns(number).take())) resolution = await latest(d.id);
    if (!('outgoing' in resolution)) return notSent(d.id, resolution);
    try {
      const res = await this.send(number, open(d.recipientEnc), resolution.outgoing, deliveryCallbackData(d.id));
      return { id: d.id, result: 'sent', wamid: res.messageId };
    } catch (err) {
      if (!(err instanceof CloudApiError)) throw err;
      return this.onError(tenantId, d, number, err, credentialsReadAt);
    }
  }

  private send(number: NumberCredentials, to: string, o: Outgoing, callback: string): Promise<SendResult> {
    const opts = { bizOpaqueCallbackData: callback };
    switch (o.kind) {
      case 'text':
        return this.client.sendText(number, to, o.body, { ...opts, previewUrl: o.previewUrl });
      case 'template':
        return this.client.sendTemplate(
          number,
          to,
          {
            name: o.name,
            languageCode: o.language,
            body: o.bodyParams,
            buttons: o.quickReplyPayloads.map((payload, index) => ({ subType: 'quick_reply' as const, index, payload })),
          },
          opts,
        );
      case 'image':
        return this.client.sendImage(number, to, { link: o.link, caption: o.caption }, opts);
      case 'document':
        return this.client.sendDocument(number, to, { link: o.link, caption: o.caption, filename: o.filename }, opts);
    }
  }

  private resolve(tenantId: string, deliveries: ClaimedDelivery[]): Promise<Map<string, Resolution>> {
    const now = this.clock.now();
    return this.db.inTenant(tenantId, (em) => this.contents.resolve(em, tenantId, deliveries, now));
  }

  /**
   * What each claimed delivery should do now, read again at most once per RESOLVE_AGAIN_MS for the
   * rows without an outcome yet, and shared by the batch's concurrent senders. A fast batch never reads again.
   */
  private latestResolutions(
    tenantId: string,
    claimed: ClaimedDelivery[],
    first: Map<string, Resolution>,
    settled: ReadonlySet<string>,
  ): (id: string) => Promise<Resolution> {
    let current = first;
    let readAt = Date.now();
    let reading: Promise<void> | undefined;
    return async (id) => {
      if (Date.now() - readAt >= RESOLVE_AGAIN_MS) {
        reading ??= (async () => {
          const waiting = claimed.filter((d) => !settled.has(d.id));
          current = new Map([...current, ...(await this.resolve(tenantId, waiting))]);
          readAt = Date.now();
        })().finally(() => (reading = undefined));
        await reading;
      }
      return current.get(id) ?? first.get(id)!;
    };
  }

  private async onError(tenantId: string, d: ClaimedDelivery, number: NumberCredentials, err: CloudApiError, credentialsReadAt: Date): Promise<Outcome> {
    const error = { code: err.code, kind: err.kind };
    if (err.maybeDelivered) return { id: d.id, result: 'uncertain', reason: err.reasonIt, error };
    if (err.kind === 'credentials') {
      this.logger.warn(`number ${number.phoneNumberId} of ${tenantId} stopped: ${err.code} ${err.reasonIt}`);
      await this.directory.stopSending(tenantId, number.id, err.reasonIt, credentialsReadAt);
      number.sendingStatus = 'stopped';
      return { id: d.id, result: 'release', delayMs: STOPPED_NUMBER_HOLD_MS, reason: err.reasonIt, error, stoppedNumberId: number.id };
    }
    const cause = err.kind === 'throttled' || err.kind === 'temporary' ? (retryCauseOf(err.code, err.httpStatus) ?? err.kind) : undefined;
    if (cause && d.attempts < MAX_ATTEMPTS) {
      const delayMs = retryDelayMs({ attempt: d.attempts - 1, cause, minDelayMs: err.retryAfterMs });
      return { id: d.id, result: 'retry', delayMs, code: err.code, reason: err.reasonIt, error };
    }
    return { id: d.id, result: 'failed', code: err.code, reason: err.reasonIt, error };
  }

  /**
   * Writes outcomes as they come (the first at once, then every RECORD_EVERY_MS or RECORD_AFTER of
   * them) rather than once per batch: the first `sent` of an alert shows within a fraction of a
   * second, `sent_at` and the progress counters follow the send, and a job that dies leaves few rows
   * `sending` for the sweeper to settle. One write at a time; a failed one is tried again with the next.
   */
  private recorder(tenantId: string, claimed: ClaimedDelivery[], numbers: Map<string, NumberCredentials | undefined>) {
    const waiting: Outcome[] = [];
    let first = true;
    let writing: Promise<void> = Promise.resolve();
    const write = (final: boolean): Promise<void> =>
      (writing = writing.then(async () => {
        const taken = waiting.splice(0);
        if (!taken.length) return;
        let latencies: { lane: string; seconds: number }[];
        try {
          latencies = await this.record(tenantId, taken);
        } catch (err) {
          waiting.unshift(...taken);
          if (final) throw err;
          this.logger.warn(`outcomes of ${tenantId} not written yet (tried again): ${(err as Error).message}`);
          return;
        }
        // Counted once the outcomes are committed: a rolled-back write is sent again and counted then.
        this.metrics.queuedToSent(latencies);
        await this.metrics.recordBatch(tenantId, metricRecords(claimed, numbers, taken));
      }));
    const timer = setInterval(() => void write(false), RECORD_EVERY_MS);
    return {
      add: (o: Outcome) => {
        waiting.push(o);
        // The first at once: an alert's first `sent` is what staff watch for.
        if (first || waiting.length >= RECORD_AFTER) void write(false);
        first = false;
      },
      stop: () => clearInterval(timer),
      flush: (final: boolean) => write(final),
    };
  }

  private stillSending(tenantId: string, ids: string[]): Promise<void> {
    if (!ids.length) return Promise.resolve();
    return this.db.inTenant(tenantId, (em) => this.outbox.stillSending(em, ids));
  }

  private record(tenantId: string, outcomes: Outcome[]): Promise<{ lane: string; seconds: number }[]> {
    return this.db.inTenant(tenantId, async (em) => {
      // Held for a stopped number, but the comune pasted new credentials while this batch ran: the
      // rows go back due now. The rotation releases only the rows already queued when it runs, so the
      // status is read under a lock that it must wait for (or that waits for it) until this commits:
      // checked without one, a rotation committing between the check and this commit left the rows
      // held for the whole five minutes (docs/reliability.md, token_expired at 20,000).
      const stoppedNumbers = [...new Set(outcomes.flatMap((o) => (o.result === 'release' && o.stoppedNumberId ? [o.stoppedNumberId] : [])))];
      if (stoppedNumbers.length) {
        const status = await this.outbox.lockNumberStatus(em, stoppedNumbers);
        for (const o of outcomes) {
          if (o.result === 'release' && o.stoppedNumberId && status.get(o.stoppedNumberId) === 'active') {
            o.delayMs = 0;
            delete o.stoppedNumberId;
          }
        }
      }
      // After the number, as a rotation takes them (the number, then its held rows): the same order, no deadlock.
      await this.outbox.lockInOrder(em, outcomes.map((o) => o.id));
      const latencies = await this.outbox.markSentMany(
        em,
        outcomes.flatMap((o) => (o.result === 'sent' ? [{ id: o.id, wamid: o.wamid }] : [])),
      );
      for (const o of outcomes) {
        if (o.result === 'retry') await this.outbox.retryLater(em, o.id, o.delayMs, o.code, o.reason);
        else if (o.result === 'release') await this.outbox.release(em, o.id, o.delayMs, o.reason, o.stoppedNumberId !== undefined);
        else if (o.result === 'uncertain') await this.outbox.markUncertain(em, o.id, o.reason);
        else if (o.result === 'failed') await this.outbox.markFailed(em, o.id, o.code, o.reason);
        else if (o.result === 'cancelled' || o.result === 'expired') await this.outbox.markSkipped(em, o.id, o.result, o.reason);
      }
      return latencies;
    });
  }
}

/** One metric record per outcome, labelled with the sending number and the lane. */
function metricRecords(claimed: ClaimedDelivery[], numbers: Map<string, NumberCredentials | undefined>, outcomes: Outcome[]): SendRecord[] {
  const byId = new Map(claimed.map((d) => [d.id, d]));
  return outcomes.map((o) => {
    const d = byId.get(o.id);
    return {
      number: (d && numbers.get(d.whatsappNumberId)?.phoneNumberId) ?? '',
      lane: d?.lane ?? '',
      outcome: METRIC_OUTCOME[o.result],
      error: o.error,
    };
  });
}
