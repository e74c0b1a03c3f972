import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { StaffRole } from '@bacheca/audit';

export interface AccountStatus {
  active: boolean;
  role: StaffRole;
  tenantId: string | null;
  tenantStatus: string | null;
  /** Whether the session asked about still has an unrevoked refresh token; false when none was asked. */
  sessionOpen: boolean;
}

/**
 * Whether an account may still act, and in which role: read on every authenticated request, so a
 * deactivation, a suspension, a change of role or the end of the session (logout, a reused refresh
 * token) takes effect at once, not when the access token expires. One query, so one round trip.
 */
@Injectable()
export class AccountStatusRepository {
  async find(em: EntityManager, userId: string, sessionId: string | null = null): Promise<AccountStatus | undefined> {
    const rows: { active: boolean; role: StaffRole; tenant_id: string | null; tenant_status: string | null; session_open: boolean }[] =
      await em.query(
        `select u.active, u.role, u.tenant_id, c.status as tenant_status,
                exists (select 1 from refresh_tokens t
                         where t.family_id = $2::uuid and t.user_id = u.id and t.revoked_at is null) as session_open
           from staff_users u left join comuni c on c.id = u.tenant_id
          where u.id = $1`,
        [userId, sessionId],
      );
    const row = rows[0];
    return row
      ? { active: row.active, role: row.role, tenantId: row.tenant_id, tenantStatus: row.tenant_status, sessionOpen: row.session_open }
      : undefined;
  }
}
