import { Injectable } from '@nestjs/common';
import { InjectBot } from 'nestjs-telegraf';
import { Context, Input, Telegraf } from 'telegraf';
import type { Message } from 'telegraf/types';
import type { ExtraReplyMessage } from 'telegraf/typings/telegram-types';
import { splitTelegramHtml } from './split-html';

// Show "typing…" only for work that takes longer than this (Telegram shows it for 5 s).
const TYPING_AFTER_MS = 700;
const TYPING_EVERY_MS = 4500;

/** The one way the bot writes to a chat: HTML, split at Telegram's length, keyboard on the last part. */
@Injectable()
export class ReplyService {
  constructor(@InjectBot() private readonly bot: Telegraf<Context>) {}

  /** Sends `html` (user text already escaped) as one or more messages; returns them in order. */
  async sendHtml(chatId: number | string, html: string, extra: ExtraReplyMessage = {}): Promise<Message.TextMessage[]> {
    const parts = splitTelegramHtml(html);
    const sent: Message.TextMessage[] = [];
    for (const [i, part] of parts.entries()) {
      const last = i === parts.length - 1;
      const { reply_markup, ...rest } = extra;
      sent.push(
        await this.bot.telegram.sendMessage(chatId, part, {
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
          ...rest,
          ...(last && reply_markup ? { reply_markup } : {}),
        }),
      );
    }
    return sent;
  }

  /** Sends a document from a path or a buffer (Telegram accepts uploads of up to 50 MB). */
  sendDocument(
    chatId: number | string,
    file: { source: Buffer | string; filename: string },
    caption?: string,
  ): Promise<Message.DocumentMessage> {
    const input =
      typeof file.source === 'string'
        ? Input.fromLocalFile(file.source, file.filename)
        : Input.fromBuffer(file.source, file.filename);
    return this.bot.telegram.sendDocument(chatId, input, caption ? { caption, parse_mode: 'HTML' } : {});
  }

  /** Sends a photo from a path or a buffer. */
  sendPhoto(
    chatId: number | string,
    file: { source: Buffer | string; filename: string },
    caption?: string,
  ): Promise<Message.PhotoMessage> {
    const input =
      typeof file.source === 'string'
        ? Input.fromLocalFile(file.source, file.filename)
        : Input.fromBuffer(file.source, file.filename);
    return this.bot.telegram.sendPhoto(chatId, input, caption ? { caption, parse_mode: 'HTML' } : {});
  }

  /** Runs `work`, showing "typing…" in the chat while it takes longer than a moment. */
  async whileTyping<T>(chatId: number | string, work: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const typing = (): void => {
      void this.bot.telegram.sendChatAction(chatId, 'typing').catch(() => undefined);
      timer = setTimeout(typing, TYPING_EVERY_MS);
    };
    timer = setTimeout(typing, TYPING_AFTER_MS);
    try {
      return await work();
    } finally {
      clearTimeout(timer);
    }
  }
}
