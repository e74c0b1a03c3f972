import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Settings } from '@bacheca/config';
import { noteLogTenant } from '@bacheca/logging';
import { AuthService } from './auth.service';
import { accessTokenClaims, Principal } from './principal';

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

  async validate(payload: Record<string, unknown>): Promise<Principal | false> {
    const claims = accessTokenClaims(payload);
    if (!claims) return false;
    const principal = await this.auth.principalFor(claims);
    noteLogTenant(principal.tenantId);
    return principal;
  }
}
