import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { BlindIndex, citizenPhoneCodec, SecretBox } from '@bacheca/crypto';
import { TenantDb } from '@bacheca/database';
import { AppError, jsonDepthExceeds } from '@bacheca/http';
import { noteLogTenant } from '@bacheca/logging';
import { NumberDirectory } from '@bacheca/numbers';
import { JobQueue } from '@bacheca/queue';
import { parseTemplateStatusUpdates, parseWebhookPayload, phoneNumberIdsOf, verifySignature, WebhookPayloadError } from '@bacheca/whatsapp';
import { EventRow, toEventRow, toTemplateEventRow } from './event-rows';
import { WebhookEventsRepository } from './webhook-events.repository';

export interface IntakeResult {
  events: number;
  stored: number;
}

const malformed = (why: string) => new AppError(HttpStatus.BAD_REQUEST, 'MALFORMED_PAYLOAD', `Payload del webhook non valido: ${why}`);

/**
 * Meta's webhook POST: verified, routed to its comune, stored (idempotent on Meta's ids) in one
 * statement, then handed to the worker. Nothing is stored unless everything checks out; a database
 * failure surfaces as 5xx so Meta retries (it does so for up to 7 days).
 */
@Injectable()
export class WebhookIntakeService {
  private readonly logger = new Logger('webhook');

  constructor(
    private readonly directory: NumberDirectory,
    private readonly db: TenantDb,
    private readonly events: WebhookEventsRepository,
    private readonly jobs: JobQueue,
    private readonly box: SecretBox,
    private readonly index: BlindIndex,
  ) {}

  async accept(raw: Buffer, signature: string | undefined): Promise<IntakeResult> {
    // Before parsing: a body of nothing but brackets must not reach code that recurses.
    if (jsonDepthExceeds(raw)) throw malformed('troppi livelli annidati');
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      throw malformed('non è JSON');
    }
    const ids = phoneNumberIdsOf(json);
    if (ids.length === 0) return this.acceptTemplateUpdates(raw, signature, json);
    if (!ids.every((id) => /^[0-9]{1,32}$/.test(id))) throw malformed('metadata.phone_number_id non numerico');

    const numbers = await this.directory.byPhoneNumberIds(ids);
    const unknown = ids.filter((id) => !numbers.get(id));
    if (unknown.length) throw new AppError(HttpStatus.NOT_FOUND, 'UNKNOWN_NUMBER', 'Numero WhatsApp non registrato su Bacheca.');
    // Every number named in the payload must vouch for it: one comune's secret cannot sign for another.
    if (!ids.every((id) => verifySignature(raw, signature, numbers.get(id)!.appSecret))) {
      throw new AppError(HttpStatus.UNAUTHORIZED, 'INVALID_SIGNATURE', 'Firma X-Hub-Signature-256 mancante o non valida.');
    }

    let parsed;
    try {
      parsed = parseWebhookPayload(json);
    } catch (err) {
      if (err instanceof WebhookPayloadError) throw malformed(err.message);
      throw err;
    }
    const tenants = new Set(ids.map((id) => numbers.get(id)!.tenantId));
    if (tenants.size === 1) noteLogTenant([...tenants][0]);
    const rows: EventRow[] = parsed.map((e) => {
      const number = numbers.get(e.phoneNumberId)!;
      return toEventRow(e, number, citizenPhoneCodec(this.box, this.index, number.tenantId));
    });
    const stored = rows.length ? await this.db.asPlatform('webhook.intake', (em) => this.events.insertMany(em, rows)) : [];
    await this.handOver(stored);
    return { events: rows.length, stored: stored.length };
  }

  /**
   * Template status changes name a WABA, not a number: routed to every comune with a number in it,
   * and vouched for by the app secret of one of its numbers.
   */
  private async acceptTemplateUpdates(raw: Buffer, signature: string | undefined, json: unknown): Promise<IntakeResult> {
    let updates;
    try {
      updates = parseTemplateStatusUpdates(json);
    } catch (err) {
      if (err instanceof WebhookPayloadError) throw malformed(err.message);
      throw err;
    }
    if (updates.length === 0) throw malformed('nessun metadata.phone_number_id');
    const wabaIds = [...new Set(updates.map((u) => u.wabaId))];
    const numbers = await this.directory.byWabaIds(wabaIds);
    if (wabaIds.some((id) => !numbers.get(id)?.length)) {
      throw new AppError(HttpStatus.NOT_FOUND, 'UNKNOWN_NUMBER', 'Account WhatsApp Business non registrato su Bacheca.');
    }
    if (!wabaIds.every((id) => numbers.get(id)!.some((n) => verifySignature(raw, signature, n.appSecret)))) {
      throw new AppError(HttpStatus.UNAUTHORIZED, 'INVALID_SIGNATURE', 'Firma X-Hub-Signature-256 mancante o non valida.');
    }
    const rows = updates.flatMap((u) => {
      const perComune = new Map<string, { id: string; tenantId: string }>();
      for (const n of numbers.get(u.wabaId)!) if (!perComune.has(n.tenantId)) perComune.set(n.tenantId, n);
      return [...perComune.values()].map((n) => toTemplateEventRow(u, n));
    });
    const stored = await this.db.asPlatform('webhook.intake', (em) => this.events.insertMany(em, rows));
    await this.handOver(stored);
    return { events: rows.length, stored: stored.length };
  }

  /** Redis being down loses nothing: the rows are pending in Postgres and the sweeper queues them. */
  private async handOver(stored: { id: string; tenantId: string }[]): Promise<void> {
    const byTenant = new Map<string, string[]>();
    for (const r of stored) byTenant.set(r.tenantId, [...(byTenant.get(r.tenantId) ?? []), r.id]);
    for (const [tenantId, eventIds] of byTenant) {
      await this.jobs
        .add('inbound.process', { tenantId, eventIds }, { attempts: 5, backoff: { type: 'exponential', delay: 1000 } })
        .catch((err: Error) => this.logger.warn(`events stored, not queued (the sweeper will): ${err.message}`));
    }
  }
}
