import type { Request } from 'express';
import type { Actor, StaffRole } from '@bacheca/audit';

/** What a verified access token says, after checking the account, its comune and its session may still act. */
export interface Principal {
  userId: string;
  tenantId: string | null;
  role: StaffRole;
  /** The refresh-token family the access token was issued with: revoking it ends the session at once. */
  sessionId: string;
}

export interface AccessTokenClaims {
  sub: string;
  tid: string | null;
  role: StaffRole;
  sid: string;
}

const ROLES: readonly string[] = ['platform_admin', 'admin', 'editor', 'sender', 'viewer'] satisfies StaffRole[];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);

/**
 * The claims of a well-signed token, or undefined if their shape is wrong: a signature proves who
 * issued a token, not that it is one of ours in its current form (a token from before sessions
 * had no `sid`).
 */
export function accessTokenClaims(payload: Record<string, unknown>): AccessTokenClaims | undefined {
  const { sub, tid, role, sid } = payload;
  if (!isUuid(sub) || !isUuid(sid) || typeof role !== 'string' || !ROLES.includes(role)) return undefined;
  if (tid !== null && !isUuid(tid)) return undefined;
  return { sub, tid, role: role as StaffRole, sid };
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
