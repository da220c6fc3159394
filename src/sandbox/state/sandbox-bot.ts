import { BotUpdateQueue } from './bot-update-queue';
import { BotUser } from '../bot-api/bot-api.types';
import { WebhookDelivery, WebhookState } from './webhook-delivery';

export interface BotCommand {
  command: string;
  description: string;
}

/** A bot created in the sandbox (what BotFather would have made), with its updates and settings. */
export class SandboxBot {
  /** Command lists by scope and language (`<scope key>|<language code>`). */
  readonly commands = new Map<string, BotCommand[]>();
  readonly updates: BotUpdateQueue;
  webhook?: WebhookState;
  delivery?: WebhookDelivery;

  constructor(
    readonly id: number,
    readonly token: string,
    readonly username: string,
    readonly firstName: string,
    /** Privacy mode (BotFather's default): in groups the bot sees commands, replies to it and service messages. */
    readonly privacyMode: boolean,
    firstUpdateId: number,
  ) {
    this.updates = new BotUpdateQueue(firstUpdateId);
  }

  user(): BotUser {
    return { id: this.id, is_bot: true, first_name: this.firstName, username: this.username };
  }

  summary(): Record<string, unknown> {
    return {
      id: this.id,
      username: this.username,
      firstName: this.firstName,
      token: this.token,
      privacyMode: this.privacyMode,
      webhookUrl: this.webhook?.url ?? '',
      pendingUpdateCount: this.updates.pending.length,
      polling: this.updates.isPolling,
    };
  }
}
