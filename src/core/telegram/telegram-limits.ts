/** Bot API methods that put a message in a chat (or change one): Telegram counts them against its limits. */
export const RATE_LIMITED_METHODS: ReadonlySet<string> = new Set([
  'sendMessage',
  'sendPhoto',
  'sendDocument',
  'sendAudio',
  'sendVideo',
  'sendVoice',
  'sendAnimation',
  'sendSticker',
  'sendVideoNote',
  'sendMediaGroup',
  'sendLocation',
  'sendVenue',
  'sendContact',
  'sendPoll',
  'sendDice',
  'sendInvoice',
  'copyMessage',
  'copyMessages',
  'forwardMessage',
  'forwardMessages',
  // Edits count too.
  'editMessageText',
  'editMessageCaption',
  'editMessageMedia',
  'editMessageReplyMarkup',
]);

export interface SendLimits {
  globalPerSecond: number;
  perChatPerSecond: number;
  groupPerMinute: number;
}

/**
 * Private chats have positive ids; groups, supergroups and channels negative ones (and
 * channels may be addressed as `@username`). Groups get the per-minute limit.
 */
export function isGroupChat(chatId: number | string): boolean {
  if (typeof chatId === 'string') return chatId.startsWith('@') || chatId.startsWith('-');
  return chatId < 0;
}

/** Milliseconds between two sends to this chat under the limits. */
export function chatIntervalMs(chatId: number | string, limits: SendLimits): number {
  return isGroupChat(chatId) ? 60_000 / limits.groupPerMinute : 1000 / limits.perChatPerSecond;
}
