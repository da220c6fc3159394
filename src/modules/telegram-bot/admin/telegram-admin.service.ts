import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InjectBot } from 'nestjs-telegraf';
import { Context, Telegraf } from 'telegraf';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../../core/config/app-config';
import { AuthException } from '../../auth/auth.exception';
import type { Actor } from '../../auth/policy.types';
import { TelegramBotErrorCode, TelegramBotException } from '../telegram-bot.exception';
import { UpdateInboxRepository, UpdateRow } from '../updates/update-inbox.repository';
import { WEBHOOK_PATH } from '../webhook/telegram-webhook.route';
import { WebhookSecretService } from '../webhook/webhook-secret.service';

export interface WebhookInfo {
  url: string;
  expectedUrl: string | null;
  matchesPublicUrl: boolean;
  pendingUpdateCount: number;
  lastErrorDate: string | null;
  lastErrorMessage: string | null;
  maxConnections: number | null;
}

/**
 * Operating the bot: its webhook, its identity and its inbox. The bot serves the whole
 * deployment, so only the operator may touch it: a vendor of the operator organization
 * (the first one, created by BOOTSTRAP_ADMIN_* or the demo seed).
 */
@Injectable()
export class TelegramAdminService {
  constructor(
    @InjectBot() private readonly bot: Telegraf<Context>,
    private readonly config: AppConfig,
    private readonly secret: WebhookSecretService,
    private readonly inbox: UpdateInboxRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async assertOperator(actor: Actor): Promise<void> {
    // The operator organization is the oldest one (organizations is the CRM's table; only its id is read).
    const rows: { id: string }[] = await this.dataSource.query(
      'SELECT id FROM organizations ORDER BY created_at, id LIMIT 1',
    );
    if (actor.role !== 'vendor' || rows[0]?.id !== actor.organizationId) {
      throw AuthException.forbidden('Only a vendor of the operator organization manages the Telegram bot.');
    }
  }

  /** Where Telegram should deliver: PUBLIC_URL + the webhook path. */
  expectedWebhookUrl(): string | null {
    const base = this.config.env.PUBLIC_URL;
    return base ? `${base.replace(/\/$/, '')}/${WEBHOOK_PATH}` : null;
  }

  async webhookInfo(): Promise<WebhookInfo> {
    const info = await this.call(() => this.bot.telegram.getWebhookInfo());
    const expectedUrl = this.expectedWebhookUrl();
    return {
      url: info.url ?? '',
      expectedUrl,
      matchesPublicUrl: expectedUrl !== null && (info.url ?? '') === expectedUrl,
      pendingUpdateCount: info.pending_update_count,
      lastErrorDate: info.last_error_date ? new Date(info.last_error_date * 1000).toISOString() : null,
      lastErrorMessage: info.last_error_message ?? null,
      maxConnections: info.max_connections ?? null,
    };
  }

  /** Points Telegram at `url` (default: PUBLIC_URL's webhook) with the secret token. */
  async setWebhook(url?: string): Promise<WebhookInfo> {
    const target = url ?? this.expectedWebhookUrl();
    if (!target) {
      throw new TelegramBotException(
        TelegramBotErrorCode.WEBHOOK_URL_MISSING,
        'Give a url, or set PUBLIC_URL so the webhook URL can be derived from it.',
      );
    }
    await this.call(() =>
      this.bot.telegram.setWebhook(target, { secret_token: this.secret.value, max_connections: 40 }),
    );
    return this.webhookInfo();
  }

  async deleteWebhook(): Promise<WebhookInfo> {
    await this.call(() => this.bot.telegram.deleteWebhook());
    return this.webhookInfo();
  }

  async botInfo(): Promise<{
    id: number;
    username: string;
    firstName: string;
    canJoinGroups: boolean;
    canReadAllGroupMessages: boolean;
  }> {
    const me = await this.call(() => this.bot.telegram.getMe());
    return {
      id: me.id,
      username: me.username,
      firstName: me.first_name,
      canJoinGroups: me.can_join_groups ?? false,
      canReadAllGroupMessages: me.can_read_all_group_messages ?? false,
    };
  }

  listUpdates(
    status: string | undefined,
    limit: number,
    offset: number,
  ): Promise<{ items: UpdateRow[]; total: number }> {
    return this.inbox.list(status, limit, offset);
  }

  async retryUpdate(updateId: string): Promise<void> {
    if (!/^\d{1,19}$/.test(updateId) || !(await this.inbox.requeue(updateId))) {
      throw new TelegramBotException(TelegramBotErrorCode.UPDATE_NOT_FOUND, `No failed update ${updateId}.`);
    }
  }

  private async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const description = (error as { description?: string }).description ?? (error as Error).message;
      throw new TelegramBotException(TelegramBotErrorCode.TELEGRAM_UNREACHABLE, `Telegram answered: ${description}`);
    }
  }
}
