import { Inject, Injectable } from '@nestjs/common';
import { RingBuffer } from '../common/ring-buffer';
import { SANDBOX_SETTINGS } from '../sandbox-settings';
import type { SandboxSettings } from '../sandbox-settings';

export interface SentMessage {
  /** Increasing per sandbox process: the cursor for polling (`afterSeq`). */
  seq: number;
  wamid: string;
  receivedAt: string;
  graphVersion: string;
  phoneNumberId: string;
  /** `to` exactly as the caller sent it. */
  to: string;
  /** E.164 after Meta's normalisation. */
  recipient: string;
  type: string;
  bizOpaqueCallbackData?: string;
  /** The request body as received. */
  body: unknown;
}

export interface RejectedRequest {
  seq: number;
  receivedAt: string;
  graphVersion: string;
  phoneNumberId: string;
  httpStatus: number;
  code: number;
  message: string;
  body: unknown;
}

export interface MessageQuery {
  phoneNumberId?: string;
  /** E.164 recipient (after normalisation). */
  recipient?: string;
  /** Epoch ms, inclusive. */
  since?: number;
  afterSeq?: number;
  limit: number;
}

const REJECTION_CAP = 10_000;

/** What the sandbox accepted (and refused), oldest first, capped so a benchmark cannot exhaust memory. */
@Injectable()
export class MessageLog {
  private readonly accepted: RingBuffer<SentMessage & { at: number }>;
  private readonly rejected = new RingBuffer<RejectedRequest & { at: number }>(REJECTION_CAP);
  private seq = 0;

  constructor(@Inject(SANDBOX_SETTINGS) settings: SandboxSettings) {
    this.accepted = new RingBuffer(settings.messageLogCap);
  }

  record(message: Omit<SentMessage, 'seq' | 'receivedAt'>): SentMessage {
    const at = Date.now();
    const entry = { ...message, seq: ++this.seq, receivedAt: new Date(at).toISOString(), at };
    this.accepted.push(entry);
    return withoutAt(entry);
  }

  recordRejection(rejection: Omit<RejectedRequest, 'seq' | 'receivedAt'>): void {
    const at = Date.now();
    this.rejected.push({ ...rejection, seq: ++this.seq, receivedAt: new Date(at).toISOString(), at });
  }

  query(q: MessageQuery): { total: number; messages: SentMessage[]; lastSeq: number } {
    const messages: SentMessage[] = [];
    let total = 0;
    for (const m of this.accepted) {
      if (q.phoneNumberId !== undefined && m.phoneNumberId !== q.phoneNumberId) continue;
      if (q.recipient !== undefined && m.recipient !== q.recipient) continue;
      if (q.since !== undefined && m.at < q.since) continue;
      if (q.afterSeq !== undefined && m.seq <= q.afterSeq) continue;
      total++;
      if (messages.length < q.limit) messages.push(withoutAt(m));
    }
    return { total, messages, lastSeq: this.seq };
  }

  rejections(q: Omit<MessageQuery, 'recipient'>): RejectedRequest[] {
    const out: RejectedRequest[] = [];
    for (const r of this.rejected) {
      if (q.phoneNumberId !== undefined && r.phoneNumberId !== q.phoneNumberId) continue;
      if (q.since !== undefined && r.at < q.since) continue;
      if (q.afterSeq !== undefined && r.seq <= q.afterSeq) continue;
      if (out.length < q.limit) out.push(withoutAt(r));
    }
    return out;
  }

  /** The newest message to a citizen, e.g. the template a simulated button tap answers. */
  lastTo(phoneNumberId: string, recipient: string, type?: string): SentMessage | undefined {
    let found: SentMessage | undefined;
    for (const m of this.accepted) {
      if (m.phoneNumberId === phoneNumberId && m.recipient === recipient && (type === undefined || m.type === type)) found = m;
    }
    return found && withoutAt(found as SentMessage & { at: number });
  }

  get size(): number {
    return this.accepted.size;
  }

  clear(): void {
    this.accepted.clear();
    this.rejected.clear();
  }
}

function withoutAt<T extends { at: number }>(entry: T): Omit<T, 'at'> {
  const { at: _at, ...rest } = entry;
  return rest;
}
