import { Ctx, Start, Update } from 'nestjs-telegraf';
import { Context } from 'telegraf';
import type { Message } from 'telegraf/types';
import { escapeHtml } from '../replies/html.util';
import { StartPayloadRegistry } from './start-payload.registry';

@Update()
export class StartUpdate {
  constructor(private readonly payloads: StartPayloadRegistry) {}

  @Start()
  async start(@Ctx() ctx: Context): Promise<void> {
    const payload = (ctx.message as Message.TextMessage | undefined)?.text.split(/\s+/)[1];
    if (payload) {
      if (await this.payloads.handle(ctx, payload)) return;
      await ctx.reply(
        'This link is not valid (it may have expired or been used). Create a new one in the CRM, or send /login.',
      );
      return;
    }
    const name = escapeHtml(ctx.from?.first_name ?? 'there');
    await ctx.reply(
      `Hi <b>${name}</b>! I am the CRM assistant.\n` +
        'I bring your CRM to Telegram: notifications about tickets, deals and invoices, and your records on request.\n\n' +
        'Send /login to sign in with your CRM account, or /help to see what I can do.',
      { parse_mode: 'HTML' },
    );
  }
}
