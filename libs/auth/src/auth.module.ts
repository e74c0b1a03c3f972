import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Settings } from '@bacheca/config';
import { AccountStatusRepository } from './account-status.repository';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtStrategy } from './jwt.strategy';
import { LoginThrottle } from './login-throttle';
import { RefreshToken } from './refresh-token.entity';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { StaffUser } from './staff-user.entity';

@Module({
  imports: [
    PassportModule,
    TypeOrmModule.forFeature([StaffUser, RefreshToken]),
    JwtModule.registerAsync({
      inject: [Settings],
      useFactory: (s: Settings) => ({
        secret: s.JWT_SECRET,
        signOptions: { algorithm: 'HS256', expiresIn: s.JWT_ACCESS_TTL_S },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, JwtStrategy, LoginThrottle, RefreshTokensRepository, AccountStatusRepository],
  exports: [AuthService, RefreshTokensRepository],
})
export class AuthModule {}
