import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Actor, AuditService } from '@bacheca/audit';
import { Settings } from '@bacheca/config';
import { TenantDb } from '@bacheca/database';
import { AccountStatus, AccountStatusRepository } from './account-status.repository';
import {
  accountDisabled,
  invalidCredentials,
  invalidRefreshToken,
  refreshTokenReused,
  sessionRevoked,
  tenantSuspended,
  tooManyAttempts,
} from './auth-errors';
import { LoginThrottle } from './login-throttle';
import { verifyPassword } from './password';
import { AccessTokenClaims, Principal } from './principal';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { StaffUser } from './staff-user.entity';

export interface Session {
  accessToken: string;
  accessTokenExpiresIn: number;
  refreshToken: string;
  user: { id: string; email: string; fullName: string; role: string; tenantId: string | null };
}

type ClientInfo = Pick<Actor, 'ip' | 'requestId'>;

@Injectable()
export class AuthService {
  constructor(
    private readonly db: TenantDb,
    private readonly jwt: JwtService,
    private readonly settings: Settings,
    private readonly throttle: LoginThrottle,
    private readonly tokens: RefreshTokensRepository,
    private readonly accounts: AccountStatusRepository,
    private readonly audit: AuditService,
  ) {}

  async login(email: string, password: string, client: ClientInfo): Promise<Session> {
    const ip = client.ip ?? 'unknown';
    if (await this.throttle.isBlocked(email, ip)) {
      await this.db.asPlatform('auth.login.throttled', (em) =>
        this.audit.record(em, { userId: null, role: 'anonymous', tenantId: null, ...client }, {
          action: 'auth.login.throttled',
          targetType: 'staff_user',
          details: { email: email.toLowerCase() },
        }),
      );
      throw tooManyAttempts();
    }
    // The comune is not known before the account is found: this read is provider-wide by nature.
    const user = await this.db.asPlatform('auth.login', (em) =>
      em
        .getRepository(StaffUser)
        .createQueryBuilder('u')
        .addSelect('u.passwordHash')
        .where('lower(u.email) = lower(:email)', { email })
        .getOne(),
    );
    // Unknown accounts verify against a decoy hash: same answer, same time.
    const ok = await verifyPassword(user?.passwordHash, password);
    if (!ok || !user || !user.active) {
      await this.throttle.recordFailure(email, ip);
      await this.db.asPlatform('auth.login.failed', (em) =>
        this.audit.record(em, { userId: null, role: 'anonymous', tenantId: user?.tenantId ?? null, ...client }, {
          action: 'auth.login.failed',
          targetType: 'staff_user',
          targetId: user?.id ?? null,
          details: { email: email.toLowerCase() },
        }),
      );
      throw invalidCredentials();
    }
    await this.throttle.recordSuccess(email, ip);
    return this.db.asPlatform('auth.login', async (em) => {
      await this.assertMayAct(em, user.id);
      await em.update(StaffUser, { id: user.id }, { lastLoginAt: new Date() });
      await this.audit.record(em, this.actorFor(user, client), { action: 'auth.login', targetType: 'staff_user', targetId: user.id });
      return this.openSession(em, user);
    });
  }

  /**
   * Rotates a refresh token. A token presented twice means it leaked: its whole family is revoked.
   * A token refused for another reason (expired, account disabled, comune suspended) is left as it
   * was, so presenting it again later is not taken for a theft.
   */
  async refresh(token: string, client: ClientInfo): Promise<Session> {
    const outcome = await this.db.asPlatform('auth.refresh', async (em) => {
      const row = await this.tokens.find(em, token);
      if (!row) return { error: invalidRefreshToken() };
      const spent = Boolean(row.usedAt || row.revokedAt);
      if (!spent) {
        if (row.expiresAt.getTime() <= Date.now()) return { error: invalidRefreshToken() };
        const status = await this.accounts.find(em, row.userId);
        if (!status?.active) return { error: accountDisabled() };
        if (status.tenantStatus === 'suspended') return { error: tenantSuspended() };
      }
      if (spent || !(await this.tokens.markUsed(em, row.id))) {
        await this.tokens.revokeFamily(em, row.familyId);
        await this.audit.record(em, { userId: row.userId, role: 'anonymous', tenantId: row.tenantId, ...client }, {
          action: 'auth.refresh.reused',
          targetType: 'staff_user',
          targetId: row.userId,
          details: { familyId: row.familyId },
        });
        return { error: refreshTokenReused() };
      }
      const user = await em.findOneOrFail(StaffUser, { where: { id: row.userId } });
      return { session: await this.openSession(em, user, row.familyId) };
    });
    // Errors are returned, not thrown, so the family revocation above commits.
    if ('error' in outcome) throw outcome.error;
    return outcome.session;
  }

  async logout(principal: Principal, token: string, client: ClientInfo): Promise<void> {
    await this.db.asPlatform('auth.logout', async (em) => {
      const row = await this.tokens.find(em, token);
      if (!row || row.userId !== principal.userId) throw invalidRefreshToken();
      await this.tokens.revokeFamily(em, row.familyId);
      await this.audit.record(em, { ...principal, ...client }, { action: 'auth.logout', targetType: 'staff_user', targetId: principal.userId });
    });
  }

  /**
   * Turns verified token claims into a principal, refusing disabled accounts, suspended comuni and
   * ended sessions (the token's refresh-token family revoked by logout, reuse or deactivation).
   * The role is the account's current one: a demoted user loses the old rights at once.
   */
  async principalFor(claims: AccessTokenClaims): Promise<Principal> {
    const work = (em: EntityManager) => this.assertMayAct(em, claims.sub, claims.sid);
    const status = claims.tid ? await this.db.inTenant(claims.tid, work) : await this.db.asPlatform('auth.session', work);
    // Under the token's comune only that comune's accounts are visible, so this holds unless the
    // account moved between provider and town staff, which no route does: refused all the same.
    if (status.tenantId !== claims.tid) throw accountDisabled();
    return { userId: claims.sub, tenantId: claims.tid, role: status.role, sessionId: claims.sid };
  }

  /** With a session, also refuses it once its refresh-token family is revoked. */
  private async assertMayAct(em: EntityManager, userId: string, sessionId?: string): Promise<AccountStatus> {
    const status = await this.accounts.find(em, userId, sessionId);
    if (!status?.active) throw accountDisabled();
    if (status.tenantStatus === 'suspended') throw tenantSuspended();
    if (sessionId && !status.sessionOpen) throw sessionRevoked();
    return status;
  }

  private actorFor(user: StaffUser, client: ClientInfo): Actor {
    return { userId: user.id, role: user.role, tenantId: user.tenantId, ...client };
  }

  /** The access token names its session, the refresh-token family, so revoking the family ends both. */
  private async openSession(em: EntityManager, user: StaffUser, familyId: string = randomUUID()): Promise<Session> {
    const claims: AccessTokenClaims = { sub: user.id, tid: user.tenantId, role: user.role, sid: familyId };
    const accessToken = await this.jwt.signAsync(claims);
    const refreshToken = await this.tokens.issue(em, user, this.settings.REFRESH_TOKEN_TTL_DAYS, familyId);
    return {
      accessToken,
      accessTokenExpiresIn: this.settings.JWT_ACCESS_TTL_S,
      refreshToken,
      user: { id: user.id, email: user.email, fullName: user.fullName, role: user.role, tenantId: user.tenantId },
    };
  }
}
