import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, AuditService } from '@bacheca/audit';
import { TenantDb } from '@bacheca/database';
import { AppError, definedOnly } from '@bacheca/http';
import { HttpStatus } from '@nestjs/common';
import { ServiceSettingsService } from '@bacheca/subscriptions';
import { SendingRulesDto, SendingRulesViewDto } from './broadcasts.dto';

/** A comune's sending rules: four eyes, quiet hours (Saronno: daytime only, urgent alerts any time). */
@Injectable()
export class SendingRulesService {
  constructor(
    private readonly db: TenantDb,
    private readonly settings: ServiceSettingsService,
    private readonly audit: AuditService,
  ) {}

  async load(em: EntityManager, tenantId: string): Promise<SendingRulesViewDto> {
    await this.settings.load(em, tenantId);
    const [row] = await em.query(
      `select require_approval, quiet_hours_start, quiet_hours_end, digest_days, digest_time from service_settings where tenant_id = $1`,
      [tenantId],
    );
    return {
      requireApproval: row.require_approval,
      quietHoursStart: row.quiet_hours_start,
      quietHoursEnd: row.quiet_hours_end,
      digestDays: row.digest_days,
      digestTime: row.digest_time,
    };
  }

  get(tenantId: string): Promise<SendingRulesViewDto> {
    return this.db.inTenant(tenantId, (em) => this.load(em, tenantId));
  }

  update(actor: Actor, tenantId: string, dto: SendingRulesDto): Promise<SendingRulesViewDto> {
    if ((dto.digestDays?.length ?? 0) > 0 && dto.digestTime === null) {
      throw new AppError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'Per il riepilogo indica anche l’ora.');
    }
    return this.db.inTenant(tenantId, async (em) => {
      const current = await this.load(em, tenantId);
      const next = { ...current, ...definedOnly(dto) };
      await em.query(
        `update service_settings set require_approval = $2, quiet_hours_start = $3, quiet_hours_end = $4,
                digest_days = $5, digest_time = $6, updated_at = now() where tenant_id = $1`,
        [tenantId, next.requireApproval, next.quietHoursStart ?? null, next.quietHoursEnd ?? null, next.digestDays, next.digestTime ?? null],
      );
      await this.audit.record(em, actor, { action: 'sending_rules.update', targetType: 'service_settings', targetId: tenantId, details: { ...dto } });
      return this.load(em, tenantId);
    });
  }
}
