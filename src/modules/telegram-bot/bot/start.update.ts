import { Ctx, Help, Start, Update } from 'nestjs-telegraf';
import { Context } from 'telegraf';
import { escapeHtml } from '../replies/html.util';

@Update()
export class StartUpdate {
  @Start()
  async start(@Ctx() ctx: Context): Promise<void> {
    const name = escapeHtml(ctx.from?.first_name ?? 'there');
    await ctx.reply(
      `Hi <b>${name}</b>! I am the CRM assistant.\n` +
        'I bring your CRM to Telegram: notifications about tickets, deals and invoices, and your records on request.\n\n' +
        'Send /help to see what I can do.',
      { parse_mode: 'HTML' },
    );
  }

  @Help()
  async help(@Ctx() ctx: Context): Promise<void> {
    await ctx.reply(['<b>Commands</b>', '/start: welcome', '/help: this list'].join('\n'), { parse_mode: 'HTML' });
  }
}
