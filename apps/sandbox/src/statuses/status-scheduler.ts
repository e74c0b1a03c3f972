import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { DelayQueue } from '../common/delay-queue';
import { bsuidFor } from '../common/phone';
import { NumbersStore } from '../numbers/numbers.store';
import { SANDBOX_SETTINGS } from '../sandbox-settings';
import type { SandboxSettings } from '../sandbox-settings';
import { WebhookSender } from '../webhooks/webhook-sender';
import { SimulatedStatus, statusObject } from './status-objects';

export interface AcceptedSend {
  phoneNumberId: string;
  wamid: string;
  recipientDigits: string;
  bizOpaqueCallbackData?: string;
  billing: 'template' | 'service';
  /** The recipient is marked undeliverable: `failed` (131026) instead of sent/delivered/read. */
  undeliverable: boolean;
}

/** Plays the life of an accepted message: sent, delivered, read (or failed) after fixed delays. */
@Injectable()
export class StatusScheduler implements OnModuleDestroy {
  private readonly sent: DelayQueue<AcceptedSend>;
  private readonly delivered: DelayQueue<AcceptedSend>;
  private readonly read: DelayQueue<AcceptedSend>;

  constructor(
    @Inject(SANDBOX_SETTINGS) private readonly settings: SandboxSettings,
    private readonly numbers: NumbersStore,
    private readonly sender: WebhookSender,
  ) {
    this.sent = new DelayQueue(settings.sentDelayMs, (items) => this.emit(items, 'sent'));
    this.delivered = new DelayQueue(settings.deliveredDelayMs, (items) => this.emit(items, 'delivered'));
    this.read = new DelayQueue(settings.readDelayMs, (items) => this.emit(items, 'read'));
  }

  schedule(send: AcceptedSend): void {
    this.sent.push(send);
    if (send.undeliverable) return;
    this.delivered.push(send);
    if (this.settings.sendRead) this.read.push(send);
  }

  get pending(): number {
    return this.sent.pending + this.delivered.pending + this.read.pending;
  }

  onModuleDestroy(): void {
    this.sent.stop();
    this.delivered.stop();
    this.read.stop();
  }

  private emit(items: AcceptedSend[], status: SimulatedStatus): void {
    const now = new Date();
    for (const send of items) {
      // Looked up now, not at send time: a number deleted meanwhile gets no more webhooks.
      const number = this.numbers.get(send.phoneNumberId);
      if (!number) continue;
      this.sender.enqueueStatus(
        number,
        statusObject({
          wamid: send.wamid,
          status: send.undeliverable ? 'failed' : status,
          recipientDigits: send.recipientDigits,
          recipientUserId: bsuidFor(number.wabaId, send.recipientDigits),
          timestamp: now,
          bizOpaqueCallbackData: send.bizOpaqueCallbackData,
          billing: send.billing,
        }),
      );
    }
  }
}
