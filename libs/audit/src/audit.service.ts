import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from './actor';
import { AuditEntry } from './audit-entry.entity';

export interface AuditRecord {
  action: string;
  targetType: string;
  targetId?: string | null;
  /** The comune the action concerns; defaults to the actor's, else to the transaction's comune. */
  tenantId?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Writes audit entries inside the caller's transaction, so an action and its record commit or
 * roll back together. The table is append-only in the database (a trigger refuses UPDATE/DELETE).
 */
@Injectable()
export class AuditService {
  async record(em: EntityManager, actor: Actor, entry: AuditRecord): Promise<void> {
    const tenantId = entry.tenantId !== undefined ? entry.tenantId : actor.tenantId;
    const scope = actor.role === 'system' ? 'system' : actor.role === 'platform_admin' || !tenantId ? 'platform' : 'tenant';
    await em.query(
      `insert into audit_log (tenant_id, actor_user_id, actor_role, scope, action, target_type, target_id, details, ip, request_id)
       values (coalesce($1::uuid, app_current_tenant()), $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10)`,
      [
        tenantId,
        actor.userId,
        actor.role,
        scope,
        entry.action,
        entry.targetType,
        entry.targetId ?? null,
        JSON.stringify(entry.details ?? {}),
        actor.ip ?? null,
        actor.requestId ?? null,
      ],
    );
  }

  list(em: EntityManager, limit: number, before?: string): Promise<AuditEntry[]> {
    const qb = em.getRepository(AuditEntry).createQueryBuilder('a').orderBy('a.id', 'DESC').limit(limit);
    if (before) qb.where('a.id < :before', { before });
    return qb.getMany();
  }
}
