import { OnModuleInit } from '@nestjs/common';
import { Action, Ctx, Update } from 'nestjs-telegraf';
import { Context } from 'telegraf';
import type { CallbackQuery, Message } from 'telegraf/types';
import { LoginService } from '../telegram-bot/login/login.service';
import { StartPayloadRegistry } from '../telegram-bot/bot/start-payload.registry';
import { LinkConsumerService, LinkingChat } from './link-consumer.service';
import {
  CONFIRM_PREFIX,
  confirmData,
  confirmQuestion,
  DECLINE_DATA,
  LINK_DECLINED,
  LINK_IN_GROUP,
  linkOutcomeText,
} from './link-messages';
import { parseLinkToken } from './link-token.util';

function linkingChat(ctx: Context): LinkingChat {
  const from = ctx.from!;
  return { telegramUserId: from.id, telegramUsername: from.username ?? null, firstName: from.first_name };
}

/** The bot's side of linking: `/start <token>` (through the bot's payload registry) and the confirmation buttons. */
@Update()
export class LinkStartUpdate implements OnModuleInit {
  constructor(
    private readonly payloads: StartPayloadRegistry,
    private readonly login: LoginService,
    private readonly consumer: LinkConsumerService,
  ) {}

  onModuleInit(): void {
    this.payloads.register((ctx, payload) => this.start(ctx, payload));
    // /logout (and a disabled account's sign-out) end the chat's links too.
    this.login.onSignOut((chatId) => this.consumer.endLinksOfChat(chatId));
  }

  @Action(new RegExp(`^${CONFIRM_PREFIX}`))
  async confirm(@Ctx() ctx: Context): Promise<void> {
    const query = ctx.callbackQuery as CallbackQuery.DataQuery;
    const token = query.data.startsWith(`${CONFIRM_PREFIX}y:`) ? query.data.slice(CONFIRM_PREFIX.length + 2) : null;
    if (ctx.chat?.type !== 'private' || (!token && query.data !== DECLINE_DATA)) {
      await ctx.answerCbQuery();
      return;
    }
    if (!token) {
      await ctx.answerCbQuery('Nothing changed');
      await ctx.editMessageText(LINK_DECLINED);
      return;
    }
    // A callback has no date: the press is now, and never before the question was asked.
    const asked = ((query.message as Message | undefined)?.date ?? 0) * 1000;
    const at = new Date(Math.max(Date.now(), asked));
    const outcome = await this.consumer.openLink(token, linkingChat(ctx), at, true);
    if (outcome.kind === 'confirm') {
      await ctx.answerCbQuery(); // not reached: a confirmed link never asks again
      return;
    }
    await ctx.answerCbQuery(outcome.kind === 'signed-in' || outcome.kind === 'client-linked' ? 'Linked' : 'Not linked');
    await ctx.editMessageText(linkOutcomeText(outcome, ctx.from!.first_name), { parse_mode: 'HTML' });
  }

  private async start(ctx: Context, payload: string): Promise<boolean> {
    if (!parseLinkToken(payload)) return false;
    if (ctx.chat?.type !== 'private') {
      await this.consumer.voidToken(payload);
      await ctx.reply(LINK_IN_GROUP);
      return true;
    }
    const message = ctx.message as Message.TextMessage;
    const outcome = await this.consumer.openLink(payload, linkingChat(ctx), new Date(message.date * 1000), false);
    if (outcome.kind === 'confirm') {
      await ctx.reply(confirmQuestion(outcome), {
        parse_mode: 'HTML',
        reply_markup: {
          inline_keyboard: [
            [
              { text: 'Yes, link it', callback_data: confirmData(payload) },
              { text: 'No, keep it', callback_data: DECLINE_DATA },
            ],
          ],
        },
      });
      return true;
    }
    await ctx.reply(linkOutcomeText(outcome, ctx.from!.first_name), { parse_mode: 'HTML' });
    return true;
  }
}
