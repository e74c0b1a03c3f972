import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Settings } from '@bacheca/config';
import { noteLogTenant } from '@bacheca/logging';
import { AuthService } from './auth.service';
import { AccessTokenClaims, Principal } from './principal';

const ROLES = ['platform_admin', 'admin', 'editor', 'sender', 'viewer'];
const UUID = /^[0-9a-f-]{36}$/i;

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(
    settings: Settings,
    private readonly auth: AuthService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: settings.JWT_SECRET,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  async validate(claims: Partial<AccessTokenClaims>): Promise<Principal | false> {
    // A well-signed token with the wrong shape is still refused.
    if (typeof claims.sub !== 'string' || !UUID.test(claims.sub) || !ROLES.includes(String(claims.role))) return false;
    if (claims.tid !== null && (typeof claims.tid !== 'string' || !UUID.test(claims.tid))) return false;
    const principal = await this.auth.principalFor(claims as AccessTokenClaims);
    noteLogTenant(principal.tenantId);
    return principal;
  }
}
