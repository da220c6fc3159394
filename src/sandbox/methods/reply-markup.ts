import { BotApiError } from '../bot-api/bot-api-error';
import { normalizeUrl } from '../text/html-parser';
import { ChatRoom } from '../state/chat-room';
import { InlineKeyboardMarkup, ReplyMarkup } from '../bot-api/bot-api.types';

// An inline button does exactly one of these.
const INLINE_ACTIONS = [
  'url',
  'callback_data',
  'web_app',
  'login_url',
  'switch_inline_query',
  'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat',
  'copy_text',
  'callback_game',
  'pay',
];

/** Telegram's checks of a reply_markup beyond its JSON shape (already checked against the spec). */
export function checkReplyMarkup(input: ReplyMarkup, chat: ChatRoom): ReplyMarkup {
  const markup = withoutHiddenFlags(input);
  if ('inline_keyboard' in markup) checkInlineKeyboard(markup);
  if ('keyboard' in markup) {
    for (const button of markup.keyboard.flat()) {
      if (!button.text) throw BotApiError.badRequest('BUTTON_TEXT_EMPTY');
      if (chat.type !== 'private' && (button.request_contact || button.request_location)) {
        throw BotApiError.badRequest('BUTTON_TYPE_INVALID');
      }
    }
  }
  if ('remove_keyboard' in markup && markup.remove_keyboard !== true) {
    throw BotApiError.badRequest("can't parse reply keyboard markup JSON object: remove_keyboard must be true");
  }
  if ('force_reply' in markup && markup.force_reply !== true) {
    throw BotApiError.badRequest("can't parse reply keyboard markup JSON object: force_reply must be true");
  }
  return markup;
}

export function checkInlineKeyboard(input: InlineKeyboardMarkup): InlineKeyboardMarkup {
  const markup = withoutHiddenFlags(input);
  for (const button of markup.inline_keyboard.flat()) {
    if (!button.text) throw BotApiError.badRequest('BUTTON_TEXT_EMPTY');
    const actions = INLINE_ACTIONS.filter((action) => button[action] !== undefined);
    if (actions.length === 0) {
      throw BotApiError.badRequest(
        "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
      );
    }
    if (actions.length > 1) {
      throw BotApiError.badRequest(
        `can't parse inline keyboard button: ${actions.join(' and ')} can't be used together`,
      );
    }
    if (button.callback_data !== undefined) {
      const bytes = Buffer.byteLength(button.callback_data);
      // callback_data is 1-64 bytes (UTF-8).
      if (bytes < 1 || bytes > 64) throw BotApiError.badRequest('BUTTON_DATA_INVALID');
    }
    if (button.url !== undefined && !normalizeUrl(button.url)) throw BotApiError.badRequest('BUTTON_URL_INVALID');
  }
  return markup;
}

/** telegraf's buttons carry `hide: false`, which Telegram ignores and never shows in a Message. */
function withoutHiddenFlags<T extends ReplyMarkup>(markup: T): T {
  const strip = (rows: Array<Array<Record<string, unknown>>>) =>
    rows.map((row) => row.map(({ hide: _hide, ...button }) => button));
  if ('inline_keyboard' in markup) return { ...markup, inline_keyboard: strip(markup.inline_keyboard) };
  if ('keyboard' in markup) return { ...markup, keyboard: strip(markup.keyboard) };
  return markup;
}

export function isInlineKeyboard(markup: ReplyMarkup | undefined): markup is InlineKeyboardMarkup {
  return markup !== undefined && 'inline_keyboard' in markup;
}
