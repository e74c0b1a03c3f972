import { Injectable, Logger } from '@nestjs/common';
import { BachecaMetrics } from './bacheca-metrics';
import { ComuneLabels } from './comune-labels';

export type SendOutcomeName = 'sent' | 'retry' | 'released' | 'uncertain' | 'failed' | 'skipped';

export interface SendRecord {
  /** Meta's phone_number_id of the sending number, or '' when none was left to send from. */
  number: string;
  lane: string;
  outcome: SendOutcomeName;
  /** A Cloud API error behind the outcome, if any. */
  error?: { code?: number; kind: string };
}

/**
 * What the sender tells the metrics: the outcome of each send of a batch. Never throws: a metric
 * must not fail a send that succeeded.
 */
@Injectable()
export class SendMetrics {
  private readonly logger = new Logger('metrics');

  constructor(
    private readonly metrics: BachecaMetrics,
    private readonly labels: ComuneLabels,
  ) {}

  async recordBatch(tenantId: string, records: SendRecord[]): Promise<void> {
    if (!records.length) return;
    try {
      const comune = await this.labels.slugOf(tenantId);
      for (const r of records) {
        this.metrics.sendOutcomes.inc({ comune, number: r.number, lane: r.lane, outcome: r.outcome });
        if (r.error) this.metrics.sendErrors.inc({ comune, number: r.number, code: r.error.code === undefined ? 'none' : String(r.error.code), kind: r.error.kind });
      }
    } catch (err) {
      this.logger.warn(`send metrics not recorded: ${(err as Error).message}`);
    }
  }

  /** Meta accepted a delivery, then its status webhook said it failed (131026 not on WhatsApp, 131047 window…). */
  async deliveryFailed(tenantId: string, f: { number: string; lane: string; code?: number; kind: string }): Promise<void> {
    try {
      const comune = await this.labels.slugOf(tenantId);
      this.metrics.deliveryFailures.inc({ comune, number: f.number, lane: f.lane, code: f.code === undefined ? 'none' : String(f.code), kind: f.kind });
    } catch (err) {
      this.logger.warn(`failure metric not recorded: ${(err as Error).message}`);
    }
  }

  /** Seconds from the delivery row to Meta's acceptance, per delivery sent. */
  queuedToSent(samples: { lane: string; seconds: number }[]): void {
    for (const s of samples) if (Number.isFinite(s.seconds) && s.seconds >= 0) this.metrics.deliveryLatency.observe({ stage: 'queued_to_sent', lane: s.lane }, s.seconds);
  }

  /** Seconds from Meta's acceptance to the citizen's phone, when the delivered status arrives. */
  sentToDelivered(lane: string, seconds: number): void {
    if (Number.isFinite(seconds) && seconds >= 0) this.metrics.deliveryLatency.observe({ stage: 'sent_to_delivered', lane }, seconds);
  }
}

/** How long the webhook door took with one of Meta's POSTs, and how it answered. */
@Injectable()
export class WebhookMetrics {
  constructor(private readonly metrics: BachecaMetrics) {}

  /** Starts a timer; the returned function records it with the outcome (`accepted` or an error code). */
  start(): (outcome: string) => void {
    const end = this.metrics.webhookSeconds.startTimer();
    return (outcome) => {
      end({ outcome });
    };
  }
}
