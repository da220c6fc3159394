import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { AppConfig } from '../../core/config/app-config';
import { REDIS_CLIENT } from '../../core/redis/redis.module';
import { AuthErrorCode, AuthException } from './auth.exception';
import { durationToMs } from './duration';

/**
 * Counts failed logins per account and per client IP in Redis (shared by every instance):
 * a fixed window that starts with the first failure. At the limit, login answers 429 with
 * Retry-After until the window ends, whatever the password.
 */
@Injectable()
export class LoginThrottleService {
  private readonly logger = new Logger(LoginThrottleService.name);

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  private get windowMs(): number {
    return durationToMs(this.config.env.LOGIN_THROTTLE_WINDOW);
  }

  /** Throws 429 TOO_MANY_REQUESTS (with Retry-After) while the account or the IP is blocked. */
  async assertNotBlocked(email: string, ip: string): Promise<void> {
    const keys = this.keys(email, ip);
    let results: [Error | null, unknown][] | null;
    try {
      results = await this.redis.multi().get(keys.account).pttl(keys.account).get(keys.ip).pttl(keys.ip).exec();
    } catch (error) {
      // Redis down: let logins through (argon2 still limits guessing) rather than lock everyone out.
      this.logger.warn(`Login throttle unavailable, not counting: ${(error as Error).message}`);
      return;
    }
    const value = (i: number): number => Number(results?.[i]?.[1] ?? 0);
    const blockedFor = Math.max(
      value(0) >= this.config.env.LOGIN_MAX_FAILURES_PER_ACCOUNT ? value(1) : 0,
      value(2) >= this.config.env.LOGIN_MAX_FAILURES_PER_IP ? value(3) : 0,
    );
    if (blockedFor > 0) {
      const seconds = Math.max(1, Math.ceil(blockedFor / 1000));
      throw new AuthException(
        AuthErrorCode.TOO_MANY_REQUESTS,
        `Too many failed logins. Try again in ${seconds} s.`,
        { retryAfterSeconds: seconds },
        { 'Retry-After': String(seconds) },
      );
    }
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const keys = this.keys(email, ip);
    const windowMs = this.windowMs;
    try {
      await this.redis
        .multi()
        .set(keys.account, 0, 'PX', windowMs, 'NX')
        .incr(keys.account)
        .set(keys.ip, 0, 'PX', windowMs, 'NX')
        .incr(keys.ip)
        .exec();
    } catch (error) {
      this.logger.warn(`Login throttle unavailable, failure not counted: ${(error as Error).message}`);
    }
  }

  /** A successful login clears the account's count (not the IP's: one good account must not reset an attack). */
  async recordSuccess(email: string): Promise<void> {
    await this.redis.del(this.keys(email, '').account).catch(() => undefined);
  }

  private keys(email: string, ip: string): { account: string; ip: string } {
    // Hashed: Redis keys are not a list of the service's email addresses.
    const account = createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
    return { account: `auth:login-failures:account:${account}`, ip: `auth:login-failures:ip:${ip}` };
  }
}
