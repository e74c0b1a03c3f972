import { Injectable } from '@nestjs/common';
import { LessThanOrEqual } from 'typeorm';
import { Actor, AuditService } from '@bacheca/audit';
import { BlindIndex, SecretBox } from '@bacheca/crypto';
import { TenantDb } from '@bacheca/database';
import { secretContext, tokenContext, VERIFY_TOKEN_PURPOSE } from './numbers.service';
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
        this.cache.set(id, { at: now, value });
        result.set(id, value);
      }
    }
    return result;
  }

  /** For sending on behalf of a comune: only that comune's numbers are visible. */
  async forTenant(tenantId: string, numberId?: string): Promise<NumberCredentials | undefined> {
    const row = await this.db.inTenant(tenantId, (em) => {
      const qb = em
        .getRepository(WhatsappNumber)
        .createQueryBuilder('n')
        .addSelect(['n.accessTokenEnc', 'n.appSecretEnc'])
        .orderBy('n.createdAt', 'ASC');
      if (numberId) qb.where('n.id = :numberId', { numberId });
      return qb.getOne();
    });
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
    this.cache.clear();
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
