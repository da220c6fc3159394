import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../../core/config/app-config';
import { SettingsService } from '../../../core/settings/settings.service';

const SETTING_KEY = 'telegram.webhook_secret';

/**
 * The `secret_token` Telegram sends with every webhook call: TELEGRAM_WEBHOOK_SECRET, or one
 * generated on first start and stored, so every instance checks the same value.
 */
@Injectable()
export class WebhookSecretService implements OnModuleInit {
  private digest?: Buffer;
  private secret?: string;

  constructor(
    private readonly config: AppConfig,
    private readonly settings: SettingsService,
  ) {}

  async onModuleInit(): Promise<void> {
    const secret =
      this.config.env.TELEGRAM_WEBHOOK_SECRET ??
      (await this.settings.getOrCreate(SETTING_KEY, () => randomBytes(32).toString('base64url')));
    this.secret = secret;
    this.digest = sha256(secret);
  }

  /** For setWebhook only; never log it. */
  get value(): string {
    if (!this.secret) throw new Error('The webhook secret is not loaded yet');
    return this.secret;
  }

  /** Constant-time comparison (of fixed-length digests, so the length leaks nothing either). */
  matches(candidate: string | string[] | undefined): boolean {
    if (typeof candidate !== 'string' || !this.digest) return false;
    return timingSafeEqual(sha256(candidate), this.digest);
  }
}

function sha256(value: string): Buffer {
  return hash('sha256', value, 'buffer');
}
