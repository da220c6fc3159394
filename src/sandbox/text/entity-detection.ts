import { MessageEntity } from '../bot-api/bot-api.types';

// What Telegram finds by itself in any message text (TDLib find_entities, simplified): commands,
// mentions, hashtags, e-mails and URLs. telegraf's bot.command() relies on the bot_command entity.
const DETECTORS: Array<{ type: string; pattern: RegExp }> = [
  {
    type: 'bot_command',
    pattern: /(?<![\p{L}\p{N}_/@])\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\p{L}\p{N}_/])/gu,
  },
  {
    type: 'email',
    pattern: /(?<![\p{L}\p{N}_.+-])[A-Za-z0-9._+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?![\p{L}\p{N}_])/gu,
  },
  { type: 'mention', pattern: /(?<![\p{L}\p{N}_@])@[A-Za-z0-9_]{5,32}(?![\p{L}\p{N}_@])/gu },
  { type: 'hashtag', pattern: /(?<![\p{L}\p{N}_#])#(?=[\p{N}_]*\p{L})[\p{L}\p{N}_]{1,256}(?![\p{L}\p{N}_-])/gu },
  {
    type: 'url',
    pattern:
      /(?<![\p{L}\p{N}_@./-])(?:https?:\/\/[^\s<>"]+|(?:www\.)?(?:[a-z0-9-]+\.)+(?:com|org|net|io|dev|app|me|ru|de|uk|fr|es|it|nl|eu|co|info|biz|ai|tv)(?::\d+)?(?:\/[^\s<>"]*)?)/giu,
  },
];

// Spans that keep their content as it is: nothing is detected inside them.
const OPAQUE = new Set(['code', 'pre', 'text_link', 'text_mention', 'custom_emoji', 'url', 'email']);

export function detectEntities(text: string, existing: readonly MessageEntity[] = []): MessageEntity[] {
  const found: MessageEntity[] = [];
  const taken = existing.filter((e) => OPAQUE.has(e.type));
  for (const { type, pattern } of DETECTORS) {
    for (const match of text.matchAll(pattern)) {
      let value = match[0];
      if (type === 'url') value = value.replace(/[.,;:!?)\]'"]+$/, '');
      const offset = match.index ?? 0;
      const entity = { type, offset, length: value.length };
      if (value.length === 0 || [...taken, ...found].some((other) => overlaps(entity, other))) continue;
      found.push(entity);
      if (OPAQUE.has(type)) taken.push(entity);
    }
  }
  return found;
}

function overlaps(a: MessageEntity, b: MessageEntity): boolean {
  return a.offset < b.offset + b.length && b.offset < a.offset + a.length;
}
