import type { MessageEntity } from '../bot-api/bot-api.types';

/** A text with its entities, as Telegram stores a message text or caption. */
export interface FormattedText {
  text: string;
  entities: MessageEntity[];
}
