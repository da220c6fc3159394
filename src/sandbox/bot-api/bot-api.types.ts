// Bot API object shapes the sandbox builds. Telegram never sends null: optional fields are absent.

export interface BotUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

/** A MessageEntity as the Bot API sends it; offsets and lengths in UTF-16 code units. */
export interface MessageEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  user?: BotUser;
  language?: string;
  custom_emoji_id?: string;
}

export type ChatType = 'private' | 'group' | 'supergroup' | 'channel';

export interface ApiChat {
  id: number;
  type: ChatType;
  title?: string;
  username?: string;
  first_name?: string;
  last_name?: string;
  is_forum?: true;
}

export interface InlineKeyboardButton {
  text: string;
  callback_data?: string;
  url?: string;
  [field: string]: unknown;
}

export interface KeyboardButton {
  text: string;
  request_contact?: boolean;
  [field: string]: unknown;
}

export interface InlineKeyboardMarkup {
  inline_keyboard: InlineKeyboardButton[][];
}

export interface ReplyKeyboardMarkup {
  keyboard: KeyboardButton[][];
  one_time_keyboard?: boolean;
  is_persistent?: boolean;
  resize_keyboard?: boolean;
  input_field_placeholder?: string;
  selective?: boolean;
}

export type ReplyMarkup =
  | InlineKeyboardMarkup
  | ReplyKeyboardMarkup
  | { remove_keyboard: true; selective?: boolean }
  | { force_reply: true; input_field_placeholder?: string; selective?: boolean };

export interface PhotoSize {
  file_id: string;
  file_unique_id: string;
  width: number;
  height: number;
  file_size?: number;
}

export interface ApiDocument {
  file_id: string;
  file_unique_id: string;
  file_name?: string;
  mime_type?: string;
  file_size?: number;
  thumbnail?: PhotoSize;
}

export interface ApiMessage {
  message_id: number;
  message_thread_id?: number;
  from?: BotUser;
  sender_chat?: ApiChat;
  date: number;
  chat: ApiChat;
  is_topic_message?: true;
  reply_to_message?: ApiMessage;
  edit_date?: number;
  has_protected_content?: true;
  text?: string;
  entities?: MessageEntity[];
  link_preview_options?: Record<string, unknown>;
  photo?: PhotoSize[];
  document?: ApiDocument;
  caption?: string;
  caption_entities?: MessageEntity[];
  show_caption_above_media?: true;
  has_media_spoiler?: true;
  contact?: { phone_number: string; first_name: string; last_name?: string; user_id?: number };
  new_chat_members?: BotUser[];
  left_chat_member?: BotUser;
  group_chat_created?: true;
  supergroup_chat_created?: true;
  forum_topic_created?: { name: string; icon_color: number };
  reply_markup?: InlineKeyboardMarkup;
}

export type ApiUpdate = { update_id: number } & Record<string, unknown>;

export type MemberStatus = 'creator' | 'administrator' | 'member' | 'left' | 'kicked';
