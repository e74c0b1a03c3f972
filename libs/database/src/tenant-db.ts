import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { noteLogTenant } from '@bacheca/logging';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The only doors to the data. Row-level security filters every tenant table on settings that live
 * for one transaction (`set_config(..., true)`), so a pooled connection never carries one comune's
 * setting into another comune's request, and code that forgets the tenant sees nothing.
 */
@Injectable()
export class TenantDb {
  private readonly logger = new Logger('PlatformScope');

  constructor(private readonly dataSource: DataSource) {}

  /** Runs `work` in a transaction that sees exactly one comune's rows. */
  inTenant<T>(tenantId: string, work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (!UUID.test(tenantId)) throw new Error(`inTenant needs a comune id, got ${JSON.stringify(tenantId)}`);
    noteLogTenant(tenantId);
    return this.dataSource.transaction(async (em) => {
      await em.query(`select set_config('app.tenant_id', $1, true)`, [tenantId]);
      return work(em);
    });
  }

  /**
   * Provider-wide work (onboarding, login before the comune is known, webhook routing).
   * The purpose is named at every call site and logged, and stays readable in the transaction
   * (`app.purpose`): every audit entry written inside it records it (audit_log.purpose).
   */
  asPlatform<T>(purpose: string, work: (em: EntityManager) => Promise<T>): Promise<T> {
    this.logger.debug(`platform scope: ${purpose}`);
    return this.dataSource.transaction(async (em) => {
      await em.query(`select set_config('app.scope', 'platform', true), set_config('app.purpose', $1, true)`, [purpose]);
      return work(em);
    });
  }
}
