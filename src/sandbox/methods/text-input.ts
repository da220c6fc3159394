import { BotApiError } from '../bot-api/bot-api-error';
import { HtmlParseError, parseHtml } from '../text/html-parser';
import { normalizeFormattedText } from '../text/formatted-text';
import { MessageEntity } from '../bot-api/bot-api.types';
import { FormattedText } from '../text/formatted-text.types';
import { MethodContext } from './method-context';

// Limits "after entities parsing", counted in UTF-16 code units (never more lenient than Telegram).
export const MAX_TEXT_LENGTH = 4096;
export const MAX_CAPTION_LENGTH = 1024;

/** A text or caption parameter as Telegram stores it, or its error. */
export function formatInput(
  ctx: MethodContext,
  kind: 'text' | 'caption',
  text: string,
  parseMode: unknown,
  entities: unknown,
): FormattedText {
  let parsed: FormattedText = { text, entities: [] };
  if (Array.isArray(entities) && entities.length > 0) {
    parsed = { text, entities: entities as MessageEntity[] };
  } else if (typeof parseMode === 'string' && parseMode !== '') {
    parsed = parseWithMode(ctx, text, parseMode);
  }
  const result = normalizeFormattedText(parsed);
  if (kind === 'text') {
    if (result.text.length === 0) throw BotApiError.badRequest('message text is empty');
    if (result.text.length > MAX_TEXT_LENGTH) throw BotApiError.badRequest('message is too long');
  } else if (result.text.length > MAX_CAPTION_LENGTH) {
    throw BotApiError.badRequest('message caption is too long');
  }
  return result;
}

function parseWithMode(ctx: MethodContext, text: string, parseMode: string): FormattedText {
  const mode = parseMode.toLowerCase();
  if (mode === 'html') {
    try {
      return parseHtml(text, {
        resolveUser: (id) => ctx.state.users.get(id)?.user ?? ctx.state.bots.get(id)?.user(),
      });
    } catch (error) {
      if (error instanceof HtmlParseError) throw BotApiError.badRequest(`can't parse entities: ${error.message}`);
      throw error;
    }
  }
  if (mode === 'markdownv2' || mode === 'markdown') throw BotApiError.notEmulated(`parse_mode ${parseMode}`);
  throw BotApiError.badRequest('unsupported parse_mode');
}
