import { Controller, HttpCode, Injectable, Post, Res } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { createHmac } from 'node:crypto';
import { Settings } from '@bacheca/config';
import { accessTokenClaims, AuthService, CurrentPrincipal, PlatformOnly, Principal } from '@bacheca/auth';

/** Where the bull-board dashboard is served. Outside /api: it is a page, not part of the API. */
export const QUEUE_DASHBOARD_PATH = '/ops/queues';
const COOKIE = 'bacheca_ops';
const TTL_S = 15 * 60;
const AUDIENCE = 'bacheca-ops-dashboard';

/**
 * A browser page cannot send the bearer token on every load, so provider staff exchange it (POST,
 * platform_admin only) for a short-lived cookie valid only under the dashboard's path. The cookie
 * is signed with a key of its own, derived from JWT_SECRET, so it is never taken for an access token
 * nor an access token for it; it names the same session, and each request still checks that the
 * account may act and the session is open, so a logout closes the dashboard too.
 */
@Injectable()
export class DashboardSessions {
  private readonly jwt: JwtService;
  private readonly secure: boolean;

  constructor(
    settings: Settings,
    private readonly auth: AuthService,
  ) {
    const key = createHmac('sha256', settings.JWT_SECRET).update(AUDIENCE).digest('base64');
    this.jwt = new JwtService({
      secret: key,
      signOptions: { algorithm: 'HS256', expiresIn: TTL_S, audience: AUDIENCE },
      verifyOptions: { algorithms: ['HS256'], audience: AUDIENCE },
    });
    this.secure = settings.PUBLIC_BASE_URL.startsWith('https://');
  }

  open(principal: Principal, res: Response): void {
    const value = this.jwt.sign({ sub: principal.userId, sid: principal.sessionId });
    res.cookie(COOKIE, value, { httpOnly: true, sameSite: 'strict', secure: this.secure, path: QUEUE_DASHBOARD_PATH, maxAge: TTL_S * 1000 });
  }

  /** Express middleware in front of the dashboard. */
  readonly guard = async (req: Request & { id?: string }, res: Response, next: NextFunction): Promise<void> => {
    if (await this.mayEnter(cookieOf(req.headers.cookie, COOKIE))) return next();
    res.status(401).json({
      statusCode: 401,
      code: 'UNAUTHORIZED',
      message: 'Cruscotto delle code riservato al personale del fornitore: aprilo dal pannello di amministrazione.',
      requestId: req.id,
    });
  };

  private async mayEnter(token: string | undefined): Promise<boolean> {
    if (!token) return false;
    try {
      const { sub, sid } = await this.jwt.verifyAsync<Record<string, unknown>>(token);
      const claims = accessTokenClaims({ sub, sid, tid: null, role: 'platform_admin' });
      return claims !== undefined && (await this.auth.principalFor(claims)).role === 'platform_admin';
    } catch {
      return false;
    }
  }
}

/** One cookie's value from a Cookie header, without pulling in a parser for a single name. */
export function cookieOf(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined; // malformed percent-encoding: no cookie, not a 500
      }
    }
  }
  return undefined;
}

@ApiTags('platform: queues')
@Controller('api/v1/platform/queues')
export class QueueDashboardController {
  constructor(private readonly sessions: DashboardSessions) {}

  /** Opens the queue dashboard (/ops/queues) in this browser for 15 minutes: sets its cookie. */
  @Post('session')
  @PlatformOnly()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Cookie del cruscotto impostato; aprire /ops/queues/' })
  open(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: Response): void {
    this.sessions.open(principal, res);
  }
}
