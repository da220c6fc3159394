import { detectEntities } from './entity-detection';
import { MessageEntity } from '../bot-api/bot-api.types';
import { FormattedText } from './formatted-text.types';

// Entities that cannot contain others (Telegram drops what is nested in them).
const LEAF_TYPES = new Set(['code', 'pre', 'custom_emoji']);

/**
 * What Telegram stores for a text: leading and trailing white space trimmed (entities moved with it),
 * empty entities dropped, nothing inside code or pre, the automatically found entities added,
 * sorted by offset and then from the longest.
 */
export function normalizeFormattedText(input: FormattedText, options: { detect?: boolean } = {}): FormattedText {
  const lead = input.text.length - input.text.trimStart().length;
  const text = input.text.trim();
  let entities = input.entities
    .map((entity) => clip(entity, lead, text.length))
    .filter((entity): entity is MessageEntity => entity !== undefined);
  entities = entities.filter(
    (entity) =>
      !entities.some(
        (outer) =>
          outer !== entity &&
          LEAF_TYPES.has(outer.type) &&
          outer.offset <= entity.offset &&
          entity.offset + entity.length <= outer.offset + outer.length,
      ),
  );
  if (options.detect !== false) entities = [...entities, ...detectEntities(text, entities)];
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text, entities };
}

function clip(entity: MessageEntity, shift: number, textLength: number): MessageEntity | undefined {
  const start = Math.max(0, entity.offset - shift);
  const end = Math.min(textLength, entity.offset + entity.length - shift);
  if (end <= start) return undefined;
  return { ...entity, offset: start, length: end - start };
}
