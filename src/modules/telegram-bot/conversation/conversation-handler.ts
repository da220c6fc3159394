import type { Actor } from '../../auth/policy.types';

/**
 * Plain-language messages from a signed-in chat. The AI chat module provides the real
 * handler; the bot only knows this seam.
 */
export abstract class ConversationHandler {
  /** Returns the reply as Telegram HTML (user text escaped). */
  abstract respond(actor: Actor, chatId: number, text: string): Promise<string>;
}
