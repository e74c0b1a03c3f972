import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { StaffRole } from '@bacheca/audit';

export interface AccountStatus {
  active: boolean;
  role: StaffRole;
  tenantId: string | null;
  tenantStatus: string | null;
}

/**
 * Whether an account may still act, and in which role: read on every authenticated request, so a
 * deactivation, a suspension or a change of role takes effect at once, not when the token expires.
 */
@Injectable()
export class AccountStatusRepository {
  async find(em: EntityManager, userId: string): Promise<AccountStatus | undefined> {
    const rows: { active: boolean; role: StaffRole; tenant_id: string | null; tenant_status: string | null }[] = await em.query(
      `select u.active, u.role, u.tenant_id, c.status as tenant_status
         from staff_users u left join comuni c on c.id = u.tenant_id
        where u.id = $1`,
      [userId],
    );
    const row = rows[0];
    return row ? { active: row.active, role: row.role, tenantId: row.tenant_id, tenantStatus: row.tenant_status } : undefined;
  }
}
