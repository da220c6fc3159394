import type { ApiMessage, BotUser } from '../bot-api/bot-api.types';

export interface BotSummary {
  id: number;
  username: string;
  firstName: string;
  token: string;
}

/** A sandbox bot: point a Bot API client at `apiRoot` with `token`. */
export class SandboxBotHandle {
  readonly id: number;
  readonly username: string;
  readonly firstName: string;
  readonly token: string;

  constructor(
    summary: BotSummary,
    readonly apiRoot: string,
  ) {
    this.id = summary.id;
    this.username = summary.username;
    this.firstName = summary.firstName;
    this.token = summary.token;
  }
}

export interface UserSummary extends BotUser {
  phone_number: string;
}

export interface CallbackAnswer {
  callbackQueryId: string;
  text?: string;
  showAlert: boolean;
  url?: string;
}

export interface ButtonPress {
  callbackQueryId: string;
  /** Waits for the bot's answerCallbackQuery. */
  answer(options?: { timeoutMs?: number }): Promise<CallbackAnswer>;
}

export type MessageRef = ApiMessage | number;

export function messageIdOf(message: MessageRef): number {
  return typeof message === 'number' ? message : message.message_id;
}
