import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface AccountStatus {
  active: boolean;
  tenantStatus: string | null;
}

/** Whether an account may still act: read on every authenticated request, so revocation is immediate. */
@Injectable()
export class AccountStatusRepository {
  async find(em: EntityManager, userId: string): Promise<AccountStatus | undefined> {
    const rows: { active: boolean; tenant_status: string | null }[] = await em.query(
      `select u.active, c.status as tenant_status
         from staff_users u left join comuni c on c.id = u.tenant_id
        where u.id = $1`,
      [userId],
    );
    return rows[0] ? { active: rows[0].active, tenantStatus: rows[0].tenant_status } : undefined;
  }
}
