import { Inject, Injectable } from '@nestjs/common';
import { RingBuffer } from '../common/ring-buffer';
import { SANDBOX_SETTINGS } from '../sandbox-settings';
import type { SandboxSettings } from '../sandbox-settings';

export type WebhookKind = 'statuses' | 'messages' | 'user_preferences' | 'message_template_status_update';

export interface WebhookAttempt {
  id: number;
  /** Same for every retry of one payload. */
  deliveryId: number;
  attempt: number;
  at: string;
  url: string;
  kind: WebhookKind;
  phoneNumberIds: string[];
  /** The exact bytes posted (UTF-8), so a test can check the signature itself. */
  body: string;
  signature?: string;
  /** The callback's HTTP answer; absent when it could not be reached. */
  statusCode?: number;
  responseBody?: string;
  error?: string;
  durationMs: number;
}

/** What the sandbox posted and what the callback answered; bounded by count and by bytes. */
@Injectable()
export class WebhookLog {
  private readonly entries: RingBuffer<WebhookAttempt>;
  private bytes = 0;
  private nextId = 0;

  constructor(@Inject(SANDBOX_SETTINGS) private readonly settings: SandboxSettings) {
    this.entries = new RingBuffer(settings.webhookLogCap);
  }

  add(attempt: Omit<WebhookAttempt, 'id'>): WebhookAttempt {
    const entry = { ...attempt, id: ++this.nextId };
    const evicted = this.entries.push(entry);
    this.bytes += entry.body.length;
    if (evicted) this.bytes -= evicted.body.length;
    while (this.bytes > this.settings.webhookLogMaxBytes && this.entries.size > 1) {
      this.bytes -= this.entries.shift()!.body.length;
    }
    return entry;
  }

  list(filter: { phoneNumberId?: string; kind?: string; afterId?: number; limit: number }): WebhookAttempt[] {
    const out: WebhookAttempt[] = [];
    for (const entry of this.entries) {
      if (filter.phoneNumberId !== undefined && !entry.phoneNumberIds.includes(filter.phoneNumberId)) continue;
      if (filter.kind !== undefined && entry.kind !== filter.kind) continue;
      if (filter.afterId !== undefined && entry.id <= filter.afterId) continue;
      out.push(entry);
      if (out.length >= filter.limit) break;
    }
    return out;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}
