import {
  applyDecorators,
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Actor, StaffRole } from '@bacheca/audit';
import { forbidden } from '@bacheca/http';
import { actorOf, Principal } from './principal';

const ROLES_KEY = 'bacheca:roles';

@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {}

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    const allowed = this.reflector.getAllAndOverride<StaffRole[]>(ROLES_KEY, [ctx.getHandler(), ctx.getClass()]);
    const user = ctx.switchToHttp().getRequest<Request & { user?: Principal }>().user;
    if (!user || !allowed?.includes(user.role)) throw forbidden();
    // A town role is meaningless without its comune, and provider staff have none.
    if ((user.role === 'platform_admin') !== (user.tenantId === null)) throw forbidden();
    return true;
  }
}

/** Town routes: the comune comes from the token, never from the URL. */
export const TownRoles = (...roles: Exclude<StaffRole, 'platform_admin'>[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    UseGuards(JwtAuthGuard, RolesGuard),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'Token mancante, scaduto o non valido' }),
    ApiForbiddenResponse({ description: 'Ruolo insufficiente o comune sospeso' }),
  );

export const ALL_TOWN_ROLES = ['admin', 'editor', 'sender', 'viewer'] as const;

/** Provider routes: only platform staff. */
export const PlatformOnly = () =>
  applyDecorators(
    SetMetadata(ROLES_KEY, ['platform_admin']),
    UseGuards(JwtAuthGuard, RolesGuard),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'Token mancante, scaduto o non valido' }),
    ApiForbiddenResponse({ description: 'Riservato al personale del fornitore' }),
  );

/** Any signed-in staff member. */
export const SignedIn = () =>
  applyDecorators(
    SetMetadata(ROLES_KEY, ['platform_admin', ...ALL_TOWN_ROLES]),
    UseGuards(JwtAuthGuard, RolesGuard),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'Token mancante, scaduto o non valido' }),
  );

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => actorOf(ctx.switchToHttp().getRequest()));

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal => ctx.switchToHttp().getRequest<Request & { user: Principal }>().user,
);

/** The comune of a town actor; the role guard has already made sure there is one. */
export function tenantOf(actor: Actor): string {
  if (!actor.tenantId) throw forbidden();
  return actor.tenantId;
}
