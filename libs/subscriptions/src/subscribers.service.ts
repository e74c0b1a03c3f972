import { HttpStatus, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, AuditService } from '@bacheca/audit';
import { BlindIndex, citizenPhoneCodec, SecretBox } from '@bacheca/crypto';
import { TenantDb } from '@bacheca/database';
import { AppError, notFound } from '@bacheca/http';
import { toCsv } from './csv';
import { maskPhone, toE164 } from './phone';
import { Subscriber } from './subscriber.entity';
import { SubscribersRepository } from './subscribers.repository';
import { SubscriberDetailDto, SubscriberDto, SubscriberPageDto, SubscriberStatsDto } from './subscriptions.dto';

const notFoundSubscriber = () => notFound('L’iscritto');

/** Staff's view of a comune's citizens: search, history, GDPR export and erasure, counts. */
@Injectable()
export class SubscribersService {
  constructor(
    private readonly db: TenantDb,
    private readonly repo: SubscribersRepository,
    private readonly audit: AuditService,
    private readonly box: SecretBox,
    private readonly index: BlindIndex,
  ) {}

  private codec(tenantId: string) {
    return citizenPhoneCodec(this.box, this.index, tenantId);
  }

  private toDto(s: Subscriber): SubscriberDto {
    return {
      id: s.id,
      phoneMasked: maskPhone(this.codec(s.tenantId).open(s.phoneEnc)),
      status: s.status,
      topics: s.topics,
      fields: s.fields,
      marketingOptOut: s.marketingOptOut,
      noticeVersion: s.noticeVersion,
      subscribedAt: s.subscribedAt,
      unsubscribedAt: s.unsubscribedAt,
      lastInboundAt: s.lastInboundAt,
    };
  }

  list(tenantId: string, q: { status?: string; topic?: string; limit?: number; offset?: number }): Promise<SubscriberPageDto> {
    return this.db.inTenant(tenantId, async (em) => {
      // Named comune: the subscribers_audience index then reads this comune's rows, not every comune's.
      const qb = em.getRepository(Subscriber).createQueryBuilder('s').where('s.tenantId = :tenantId', { tenantId }).orderBy('s.createdAt', 'DESC');
      if (q.status) qb.andWhere('s.status = :status', { status: q.status });
      if (q.topic) qb.andWhere(':topic = ANY(s.topics)', { topic: q.topic });
      const [rows, total] = await qb.take(q.limit ?? 50).skip(q.offset ?? 0).getManyAndCount();
      return { total, items: rows.map((r) => this.toDto(r)) };
    });
  }

  /** Finding a citizen by number is reading personal data: audited. */
  lookup(actor: Actor, tenantId: string, phone: string): Promise<SubscriberDetailDto> {
    const e164 = toE164(phone);
    if (!e164) throw new AppError(HttpStatus.BAD_REQUEST, 'INVALID_PHONE', 'Numero di telefono non valido.');
    return this.db.inTenant(tenantId, async (em) => {
      const s = await this.repo.byHash(em, tenantId, this.codec(tenantId).hash(e164));
      await this.audit.record(em, actor, { action: 'subscriber.lookup', targetType: 'subscriber', targetId: s?.id ?? null, details: { found: !!s } });
      if (!s) throw notFoundSubscriber();
      return { ...this.toDto(s), consentHistory: await this.repo.consentHistory(em, tenantId, s.phoneHash) };
    });
  }

  get(tenantId: string, id: string): Promise<SubscriberDetailDto> {
    return this.db.inTenant(tenantId, async (em) => {
      const s = await this.load(em, id);
      return { ...this.toDto(s), consentHistory: await this.repo.consentHistory(em, tenantId, s.phoneHash) };
    });
  }

  /** Everything held about one citizen (GDPR art. 15/20): the record, consent evidence, messages. */
  export(actor: Actor, tenantId: string, id: string, format: 'json' | 'csv'): Promise<{ contentType: string; filename: string; body: string }> {
    return this.db.inTenant(tenantId, async (em) => {
      const s = await this.load(em, id);
      const phone = this.codec(tenantId).open(s.phoneEnc);
      const consent = await this.repo.consentHistory(em, tenantId, s.phoneHash);
      const deliveries = await this.repo.messagesSent(em, tenantId, s.phoneHash);
      const inbound = await this.repo.messagesReceived(em, tenantId, s.phoneHash);
      await this.audit.record(em, actor, { action: 'subscriber.export', targetType: 'subscriber', targetId: id, details: { format } });
      const record = { ...this.toDto(s), phone, userId: s.userId, createdAt: s.createdAt };
      if (format === 'json') {
        return {
          contentType: 'application/json; charset=utf-8',
          filename: `iscritto-${id}.json`,
          body: JSON.stringify({ exportedAt: new Date(), subscriber: record, consentHistory: consent, messagesSent: deliveries, messagesReceived: inbound }, null, 2),
        };
      }
      const rows: unknown[][] = [
        ...Object.entries(record).map(([k, v]) => ['iscritto', k, v, '', '']),
        ...consent.map((c) => ['consenso', c.action, c.occurredAt, c.wordsReceived, `informativa v${c.noticeVersion ?? '-'}`]),
        ...deliveries.map((d) => ['messaggio inviato', d.status, d.queued_at, (d.message as { body?: string } | null)?.body ?? '', d.error_reason ?? '']),
        ...inbound.map((m) => ['messaggio ricevuto', m.type, m.occurred_at, m.text ?? '', '']),
      ];
      return {
        contentType: 'text/csv; charset=utf-8',
        filename: `iscritto-${id}.csv`,
        body: `\uFEFF${toCsv(['sezione', 'voce', 'valore', 'testo', 'note'], rows)}`,
      };
    });
  }

  /**
   * Erasure (GDPR art. 17): the record, the messages received and the sealed numbers of messages sent
   * go; the consent ledger keeps its hash-only evidence, with an 'erase' entry.
   */
  erase(actor: Actor, tenantId: string, id: string): Promise<void> {
    return this.db.inTenant(tenantId, async (em) => {
      const s = await this.load(em, id);
      await eraseCitizen(em, tenantId, s.phoneHash);
      await this.repo.erase(em, s.id);
      await this.repo.ledger(em, { tenantId, phoneHash: s.phoneHash, action: 'erase', occurredAt: new Date(), channel: 'staff', details: { by: actor.userId } });
      await this.audit.record(em, actor, { action: 'subscriber.erase', targetType: 'subscriber', targetId: id });
    });
  }

  stats(tenantId: string, days = 30): Promise<SubscriberStatsDto> {
    return this.db.inTenant(tenantId, async (em) => {
      const [{ timezone }] = await em.query('select timezone from comuni where id = $1', [tenantId]);
      const { byStatus, byTopic, perDay } = await this.repo.stats(em, tenantId, days, timezone);
      return {
        byStatus: Object.fromEntries(byStatus.map((r) => [r.status, r.n])),
        byTopic: Object.fromEntries(byTopic.map((r) => [r.topic, r.n])),
        perDay,
      };
    });
  }

  private async load(em: EntityManager, id: string): Promise<Subscriber> {
    const s = await em.findOne(Subscriber, { where: { id } });
    if (!s) throw notFoundSubscriber();
    return s;
  }
}

/**
 * What erasing a number removes besides the subscriber row (also when a comune's policy erases on
 * leaving). Webhook events keep their row, stripped of number and words, because their key is what
 * stops a redelivered webhook from being acted on again. Each statement names the comune besides
 * the policy, so that the indexes on (tenant_id, hash) find the citizen's rows: the policy's OR
 * cannot drive an index (docs/performance.md).
 */
export async function eraseCitizen(em: EntityManager, tenantId: string, phoneHash: Buffer): Promise<void> {
  await em.query(
    `update webhook_events set citizen_phone_enc = null, citizen_user_id = null,
            payload = payload - 'text' - 'profileName' - 'newFromSealed' - 'buttonPayload'
      where tenant_id = $1 and citizen_hash = $2`,
    [tenantId, phoneHash],
  );
  await em.query(
    `update deliveries set recipient_enc = null where tenant_id = $1 and recipient_hash = $2 and status not in ('queued', 'sending')`,
    [tenantId, phoneHash],
  );
  await em.query(`delete from auto_replies where tenant_id = $1 and phone_hash = $2`, [tenantId, phoneHash]);
}
