import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Actor } from '@bacheca/audit';
import { CurrentActor, CurrentPrincipal, SignedIn } from './access';
import { LoginDto, PrincipalDto, RefreshDto, SessionDto } from './auth.dto';
import { AuthService } from './auth.service';
import type { Principal } from './principal';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: SessionDto })
  @ApiUnauthorizedResponse({ description: 'INVALID_CREDENTIALS' })
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_ATTEMPTS' })
  login(@Body() body: LoginDto, @CurrentActor() client: Actor): Promise<SessionDto> {
    return this.auth.login(body.email, body.password, client);
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({ type: SessionDto })
  @ApiUnauthorizedResponse({ description: 'INVALID_REFRESH_TOKEN or REFRESH_TOKEN_REUSED' })
  refresh(@Body() body: RefreshDto, @CurrentActor() client: Actor): Promise<SessionDto> {
    return this.auth.refresh(body.refreshToken, client);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Sessione chiusa: il refresh token e la sua catena sono revocati' })
  @SignedIn()
  async logout(@Body() body: RefreshDto, @CurrentPrincipal() principal: Principal, @CurrentActor() client: Actor): Promise<void> {
    await this.auth.logout(principal, body.refreshToken, client);
  }

  @Get('me')
  @SignedIn()
  @ApiOkResponse({ type: PrincipalDto })
  me(@CurrentPrincipal() { userId, tenantId, role }: Principal): PrincipalDto {
    return { userId, tenantId, role };
  }
}
