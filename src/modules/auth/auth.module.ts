import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { CrmModule } from '../crm/crm.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { AuthTokenService } from './auth-token.service';
import { LoginThrottleService } from './login-throttle.service';

/**
 * Admin API identity: sign-up, login (JWT, throttled), and the guard + decorators other
 * modules put on their controllers (`@Authenticated()`, `@Requires()`, `@CurrentActor()`).
 */
@Module({
  imports: [CrmModule, JwtModule.register({})],
  controllers: [AuthController],
  providers: [AuthTokenService, LoginThrottleService, AuthService, AuthGuard],
  exports: [AuthService, AuthGuard, AuthTokenService, CrmModule],
})
export class AuthModule {}
