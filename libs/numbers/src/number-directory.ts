import { Injectable } from '@nestjs/common';
import { LessThanOrEqual, type EntityManager } from 'typeorm';
import { Actor, AuditService } from '@bacheca/audit';
import { BlindIndex, SecretBox } from '@bacheca/crypto';
import { TenantDb } from '@bacheca/database';
import { secretContext, tokenContext, VERIFY_TOKEN_PURPOSE } from './credential-sealing';
import { WhatsappNumber } from './whatsapp-number.entity';

/** What the webhook and the sender need of a number, credentials opened. Lives only in memory. */
export interface NumberCredentials {
  id: string;
  tenantId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
  accessToken: string;
  appSecret: string;
  mps: number;
  messagingLimitTier: string;
  sendingStatus: 'active' | 'stopped';
}

const CACHE_MS = 10_000;
/**
 * Entries kept at most. One per number seen (8,000 comuni: 8,000 entries of a few hundred bytes), plus
 * unknown ids remembered as such for CACHE_MS; those come from unauthenticated requests (the signature
 * is checked after the lookup), so without a bound a stream of made-up ids would grow the map forever.
 */
export const DIRECTORY_CACHE_MAX = 20_000;

/**
 * Finds numbers by Meta's phone_number_id (webhook routing happens before the comune is known, so
 * it is a platform-scoped read). A short cache keeps every webhook from decrypting secrets anew; a
 * rotation reaches other processes within CACHE_MS, and Meta retries what was refused meanwhile.
 */
@Injectable()
export class NumberDirectory {
  private readonly cache = new Map<string, { at: number; value: NumberCredentials | null }>();

  constructor(
    private readonly db: TenantDb,
    private readonly box: SecretBox,
    private readonly index: BlindIndex,
    private readonly audit: AuditService,
  ) {}

  async byPhoneNumberIds(ids: string[]): Promise<Map<string, NumberCredentials | null>> {
    const now = Date.now();
    const result = new Map<string, NumberCredentials | null>();
    const missing: string[] = [];
    for (const id of ids) {
      const hit = this.cache.get(id);
      if (hit && now - hit.at < CACHE_MS) result.set(id, hit.value);
      else missing.push(id);
    }
    if (missing.length) {
      const rows = await this.db.asPlatform('webhook.route', (em) =>
        em
          .getRepository(WhatsappNumber)
          .createQueryBuilder('n')
          .addSelect(['n.accessTokenEnc', 'n.appSecretEnc'])
          .where('n.phoneNumberId = ANY(:ids)', { ids: missing })
          .getMany(),
      );
      for (const id of missing) {
        const row = rows.find((r) => r.phoneNumberId === id);
        const value = row ? this.open(row) : null;
        this.remember(id, value, now);
        result.set(id, value);
      }
    }
    return result;
  }

  /** Every number of the given WhatsApp Business Accounts (webhooks about a WABA name no phone number). */
  async byWabaIds(wabaIds: string[]): Promise<Map<string, NumberCredentials[]>> {
    const rows = await this.db.asPlatform('webhook.route', (em) =>
      em
        .getRepository(WhatsappNumber)
        .createQueryBuilder('n')
        .addSelect(['n.accessTokenEnc', 'n.appSecretEnc'])
        .where('n.wabaId = ANY(:wabaIds)', { wabaIds })
        .orderBy('n.createdAt', 'ASC')
        .getMany(),
    );
    const result = new Map<string, NumberCredentials[]>(wabaIds.map((id) => [id, []]));
    for (const row of rows) result.get(row.wabaId)?.push(this.open(row));
    return result;
  }

  /**
   * For sending on behalf of a comune: only that comune's numbers are visible. A caller already inside
   * the comune's transaction passes its `em`: opening a second transaction there would hold one pooled
   * connection while waiting for another, and a burst of such callers (500 comuni submitting an alert
   * at once) exhausts the pool with every holder waiting, until the connect timeout fails them all.
   */
  async forTenant(tenantId: string, numberId?: string, em?: EntityManager): Promise<NumberCredentials | undefined> {
    const find = (m: EntityManager) => {
      const qb = m
        .getRepository(WhatsappNumber)
        .createQueryBuilder('n')
        .addSelect(['n.accessTokenEnc', 'n.appSecretEnc'])
        .where('n.tenantId = :tenantId', { tenantId })
        .orderBy('n.createdAt', 'ASC');
      if (numberId) qb.andWhere('n.id = :numberId', { numberId });
      return qb.getOne();
    };
    const row = em ? await find(em) : await this.db.inTenant(tenantId, find);
    return row ? this.open(row) : undefined;
  }

  async verifyTokenKnown(token: string): Promise<boolean> {
    const hash = this.index.of(VERIFY_TOKEN_PURPOSE, token);
    const rows = await this.db.asPlatform('webhook.verify', (em) =>
      em.query('select 1 from whatsapp_numbers where verify_token_hash = $1 limit 1', [hash]),
    );
    return rows.length > 0;
  }

  /**
   * Meta refused the credentials or the account: no more sends until provider staff rotate them.
   * `credentialsReadAt` is when the refused credentials were read: a refusal of old credentials that
   * comes back after a rotation (a send still in flight) must not stop the number again.
   */
  async stopSending(tenantId: string, numberId: string, reason: string, credentialsReadAt: Date = new Date()): Promise<void> {
    const system: Actor = { userId: null, role: 'system', tenantId };
    await this.db.inTenant(tenantId, async (em) => {
      const r = await em.update(
        WhatsappNumber,
        { id: numberId, sendingStatus: 'active', credentialsRotatedAt: LessThanOrEqual(credentialsReadAt) },
        { sendingStatus: 'stopped', sendingStoppedReason: reason },
      );
      if (r.affected) {
        await this.audit.record(em, system, { action: 'whatsapp_number.sending_stopped', targetType: 'whatsapp_number', targetId: numberId, details: { reason } });
      }
    });
    this.forget();
  }

  /** Drops what this process remembers: after a change of a number, the next request reads it anew. */
  forget(): void {
    this.cache.clear();
  }

  /** Entries held now (for tests and diagnostics). */
  get cacheSize(): number {
    return this.cache.size;
  }

  private remember(id: string, value: NumberCredentials | null, now: number): void {
    if (this.cache.size >= DIRECTORY_CACHE_MAX) {
      for (const [key, entry] of this.cache) if (now - entry.at >= CACHE_MS) this.cache.delete(key);
      // Still full of fresh entries: a flood of ids. Starting afresh costs one query per number.
      if (this.cache.size >= DIRECTORY_CACHE_MAX) this.cache.clear();
    }
    this.cache.set(id, { at: now, value });
  }

  private open(row: WhatsappNumber): NumberCredentials {
    return {
      id: row.id,
      tenantId: row.tenantId,
      phoneNumberId: row.phoneNumberId,
      displayPhoneNumber: row.displayPhoneNumber,
      accessToken: this.box.open(row.accessTokenEnc, tokenContext(row.phoneNumberId)),
      appSecret: this.box.open(row.appSecretEnc, secretContext(row.phoneNumberId)),
      mps: row.mps,
      messagingLimitTier: row.messagingLimitTier,
      sendingStatus: row.sendingStatus,
    };
  }
}
