import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../../core/config/app-config';
import { SettingsService } from '../../core/settings/settings.service';
import { durationToMs } from './duration';

export const JWT_SECRET_SETTING = 'auth.jwt-secret';

interface TokenClaims {
  sub: string;
  org: string;
}

export interface IssuedToken {
  accessToken: string;
  /** Seconds. */
  expiresIn: number;
}

/**
 * Admin API tokens (HS256 JWT). The secret is JWT_SECRET; outside production, when it is unset,
 * one is generated once and kept in app_settings so that every instance signs with the same key.
 * Tokens carry only the user and organization ids: role and status are read on every request.
 */
@Injectable()
export class AuthTokenService {
  private secret?: Promise<string>;

  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly settings: SettingsService,
  ) {}

  get ttlSeconds(): number {
    return Math.floor(durationToMs(this.config.env.JWT_TTL) / 1000);
  }

  async issue(user: { id: string; organizationId: string }): Promise<IssuedToken> {
    const claims: TokenClaims = { sub: user.id, org: user.organizationId };
    const accessToken = await this.jwt.signAsync(claims, {
      secret: await this.getSecret(),
      algorithm: 'HS256',
      expiresIn: this.ttlSeconds,
    });
    return { accessToken, expiresIn: this.ttlSeconds };
  }

  /** The claims of a valid, unexpired token, else null. */
  async verify(token: string): Promise<{ userId: string; organizationId: string } | null> {
    const secret = await this.getSecret();
    try {
      const claims = await this.jwt.verifyAsync<Partial<TokenClaims>>(token, { secret, algorithms: ['HS256'] });
      if (typeof claims.sub !== 'string' || typeof claims.org !== 'string') return null;
      return { userId: claims.sub, organizationId: claims.org };
    } catch {
      return null;
    }
  }

  private getSecret(): Promise<string> {
    if (!this.secret) {
      const configured = this.config.env.JWT_SECRET;
      this.secret = configured
        ? Promise.resolve(configured)
        : this.settings.getOrCreate(JWT_SECRET_SETTING, () => randomBytes(48).toString('base64url'));
      // A database hiccup must not poison the cache.
      this.secret.catch(() => (this.secret = undefined));
    }
    return this.secret;
  }
}
