import type { Request } from 'express';
import type { Actor, StaffRole } from '@bacheca/audit';

/** What a verified access token says, after checking the account and its comune are still allowed to act. */
export interface Principal {
  userId: string;
  tenantId: string | null;
  role: StaffRole;
}

export interface AccessTokenClaims {
  sub: string;
  tid: string | null;
  role: StaffRole;
}

export function actorOf(req: Request & { id?: string; user?: Principal }): Actor {
  const p = req.user;
  return {
    userId: p?.userId ?? null,
    role: p?.role ?? 'anonymous',
    tenantId: p?.tenantId ?? null,
    ip: req.ip,
    requestId: req.id,
  };
}
