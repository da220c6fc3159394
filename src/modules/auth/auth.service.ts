import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config';
import { ApiKeysService } from '../crm/api-keys/api-keys.service';
import { CRM_PORT, CrmPort } from '../crm/crm.port';
import { OrganizationsService } from '../crm/organizations/organizations.service';
import { RegisterOrganizationDto, UserDto } from '../crm/users/user.dto';
import { AuthErrorCode, AuthException } from './auth.exception';
import { LoginDto, LoginResponseDto } from './auth.dto';
import { AuthTokenService } from './auth-token.service';
import { LoginThrottleService } from './login-throttle.service';
import type { Actor } from './policy.types';

/** Sign-up, login and turning a request's credentials into an actor. */
@Injectable()
export class AuthService {
  constructor(
    @Inject(CRM_PORT) private readonly crm: CrmPort,
    private readonly organizations: OrganizationsService,
    private readonly apiKeys: ApiKeysService,
    private readonly tokens: AuthTokenService,
    private readonly throttle: LoginThrottleService,
    private readonly config: AppConfig,
  ) {}

  /** A new organization with its first vendor, signed in. */
  async register(input: RegisterOrganizationDto): Promise<LoginResponseDto> {
    if (!this.config.env.ALLOW_SIGNUP) {
      throw new AuthException(
        AuthErrorCode.SIGNUP_DISABLED,
        'Sign-up is turned off on this server; ask a vendor for an account.',
      );
    }
    const user = await this.organizations.registerOrganization(input);
    return this.signIn(user);
  }

  async login(input: LoginDto, ip: string): Promise<LoginResponseDto> {
    const email = input.email.trim().toLowerCase();
    await this.throttle.assertNotBlocked(email, ip);
    const check = await this.crm.verifyCredentials(email, input.password);
    if (!check.ok) {
      if (check.reason === 'disabled') {
        throw new AuthException(
          AuthErrorCode.ACCOUNT_DISABLED,
          'This account is disabled; ask a vendor of your organization.',
        );
      }
      await this.throttle.recordFailure(email, ip);
      throw new AuthException(AuthErrorCode.INVALID_CREDENTIALS, 'Wrong email or password.');
    }
    await this.throttle.recordSuccess(email);
    await this.crm.recordLogin(check.user.id);
    return this.signIn(check.user);
  }

  /**
   * The actor behind `Authorization: Bearer <jwt>` or `X-Api-Key`, checked against the
   * database on every request (a disabled account's token stops working at once).
   */
  async authenticate(authorization: string | undefined, apiKey: string | undefined): Promise<Actor> {
    if (apiKey) {
      const actor = await this.apiKeys.authenticate(apiKey);
      if (!actor) throw AuthException.unauthorized('The API key is unknown or revoked.');
      return actor;
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) throw AuthException.unauthorized();
    const claims = await this.tokens.verify(match[1]);
    if (!claims) throw AuthException.unauthorized('The token is invalid or expired: log in again.');
    const actor = await this.crm.getActor(claims.userId, 'token');
    if (!actor || actor.organizationId !== claims.organizationId) {
      throw AuthException.unauthorized('This account is disabled or no longer exists.');
    }
    return actor;
  }

  private async signIn(user: UserDto): Promise<LoginResponseDto> {
    const token = await this.tokens.issue(user);
    return { accessToken: token.accessToken, tokenType: 'Bearer', expiresIn: token.expiresIn, user };
  }
}
