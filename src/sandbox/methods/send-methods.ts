import { BotApiError } from '../bot-api/bot-api-error';
import { postBotMessage, prepareSend } from './bot-message';
import { resolveChatToWrite } from './chat-access';
import { resolveMedia } from './media-input';
import { MethodContext, MethodTable } from './method-context';
import { formatInput } from './text-input';

const COMMON_SEND_PARAMS = [
  'chat_id',
  'message_thread_id',
  'disable_notification',
  'protect_content',
  'allow_paid_broadcast',
  'reply_parameters',
  'reply_markup',
];

const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);

function sendMessage(ctx: MethodContext): unknown {
  const { params } = ctx;
  const prepared = prepareSend(ctx);
  const formatted = formatInput(ctx, 'text', String(params.text), params.parse_mode, params.entities);
  return postBotMessage(ctx, 'sendMessage', prepared, (message) => {
    message.text = formatted.text;
    if (formatted.entities.length > 0) message.entities = formatted.entities;
    const preview = params.link_preview_options as Record<string, unknown> | undefined;
    if (preview && Object.keys(preview).length > 0) message.link_preview_options = preview;
  });
}

async function sendPhoto(ctx: MethodContext): Promise<unknown> {
  const { params } = ctx;
  const prepared = prepareSend(ctx);
  const caption = captionOf(ctx);
  const upload = await resolveMedia(ctx, params.photo);
  const photo = ctx.state.files.savePhoto(upload);
  if (!photo) throw BotApiError.badRequest('IMAGE_PROCESS_FAILED');
  return postBotMessage(ctx, 'sendPhoto', prepared, (message) => {
    message.photo = photo;
    Object.assign(message, caption);
    if (params.show_caption_above_media === true && caption.caption) message.show_caption_above_media = true;
    if (params.has_spoiler === true) message.has_media_spoiler = true;
  });
}

async function sendDocument(ctx: MethodContext): Promise<unknown> {
  const prepared = prepareSend(ctx);
  const caption = captionOf(ctx);
  const upload = await resolveMedia(ctx, ctx.params.document);
  const document = ctx.state.files.saveDocument(upload);
  return postBotMessage(ctx, 'sendDocument', prepared, (message) => {
    message.document = document;
    Object.assign(message, caption);
  });
}

function sendChatAction(ctx: MethodContext): boolean {
  const { params } = ctx;
  const chat = resolveChatToWrite(ctx, params.chat_id);
  if (!CHAT_ACTIONS.has(String(params.action))) throw BotApiError.badRequest('wrong parameter action in request');
  const threadId = params.message_thread_id as number | undefined;
  if (threadId !== undefined && !chat.topics.has(threadId)) throw BotApiError.badRequest('message thread not found');
  ctx.state.events.push('chat.action', { chatKey: chat.key, botId: ctx.bot.id, action: params.action, threadId });
  return true;
}

function captionOf(ctx: MethodContext): { caption?: string; caption_entities?: unknown[] } {
  const { params } = ctx;
  if (params.caption === undefined) return {};
  const formatted = formatInput(ctx, 'caption', String(params.caption), params.parse_mode, params.caption_entities);
  if (!formatted.text) return {};
  return {
    caption: formatted.text,
    ...(formatted.entities.length > 0 ? { caption_entities: formatted.entities } : {}),
  };
}

export const SEND_METHODS: MethodTable = {
  sendMessage: {
    params: [...COMMON_SEND_PARAMS, 'text', 'parse_mode', 'entities', 'link_preview_options'],
    handle: sendMessage,
  },
  sendPhoto: {
    params: [
      ...COMMON_SEND_PARAMS,
      'photo',
      'caption',
      'parse_mode',
      'caption_entities',
      'show_caption_above_media',
      'has_spoiler',
    ],
    handle: sendPhoto,
  },
  sendDocument: {
    params: [
      ...COMMON_SEND_PARAMS,
      'document',
      'caption',
      'parse_mode',
      'caption_entities',
      'disable_content_type_detection',
    ],
    handle: sendDocument,
  },
  sendChatAction: { params: ['chat_id', 'message_thread_id', 'action'], handle: sendChatAction },
};
