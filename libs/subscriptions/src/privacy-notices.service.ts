import { HttpStatus, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, AuditService } from '@bacheca/audit';
import { TenantDb } from '@bacheca/database';
import { AppError } from '@bacheca/http';
import { PrivacyNotice } from './privacy-notice.entity';

export interface NewNotice {
  title: string;
  body?: string;
  url?: string;
  effectiveFrom?: Date;
}

@Injectable()
export class PrivacyNoticesService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
  ) {}

  list(tenantId: string): Promise<PrivacyNotice[]> {
    return this.db.inTenant(tenantId, (em) => em.find(PrivacyNotice, { order: { version: 'DESC' } }));
  }

  /** A new version; the old ones stay, since consents given under them point at them. */
  publish(actor: Actor, tenantId: string, notice: NewNotice): Promise<PrivacyNotice> {
    // The welcome links to it: a notice with neither text nor link would leave citizens nothing to read.
    const body = notice.body?.trim() ? notice.body : null;
    const url = notice.url?.trim() ? notice.url : null;
    if (!body && !url) {
      throw new AppError(HttpStatus.BAD_REQUEST, 'NOTICE_EMPTY', 'L’informativa deve avere un testo (body) o un link (url), o entrambi.');
    }
    return this.db.inTenant(tenantId, async (em) => {
      // Serialise versions per comune without a sequence: the advisory lock lives for the transaction.
      await em.query(`select pg_advisory_xact_lock(hashtext($1))`, [`privacy_notice:${tenantId}`]);
      const [{ next }] = await em.query(`select coalesce(max(version), 0) + 1 as next from privacy_notices`);
      const saved = await em.save(
        em.create(PrivacyNotice, {
          tenantId,
          version: next,
          title: notice.title,
          body,
          url,
          // Whole seconds, like Meta's message timestamps, so a consent given right after publishing names this version.
          effectiveFrom: notice.effectiveFrom ?? new Date(Math.floor(Date.now() / 1000) * 1000),
        }),
      );
      await this.audit.record(em, actor, { action: 'privacy_notice.publish', targetType: 'privacy_notice', targetId: saved.id, details: { version: next } });
      return saved;
    });
  }

  /** The version in force at a moment, inside the caller's comune transaction. */
  async inForce(em: EntityManager, at: Date): Promise<PrivacyNotice | undefined> {
    const rows = await em
      .getRepository(PrivacyNotice)
      .createQueryBuilder('n')
      .where('n.effectiveFrom <= :at', { at })
      .orderBy('n.version', 'DESC')
      .limit(1)
      .getMany();
    return rows[0];
  }
}
