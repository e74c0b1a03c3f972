export type StaffRole = 'platform_admin' | 'admin' | 'editor' | 'sender' | 'viewer';
export const TOWN_ROLES = ['admin', 'editor', 'sender', 'viewer'] as const;
export type TownRole = (typeof TOWN_ROLES)[number];

/** Who is acting, as the audit log and the services need it. `tenantId` is null for provider staff. */
export interface Actor {
  userId: string | null;
  role: StaffRole | 'system' | 'anonymous';
  tenantId: string | null;
  ip?: string;
  requestId?: string;
}
