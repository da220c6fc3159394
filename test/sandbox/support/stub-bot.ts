import { Markup, Telegraf } from 'telegraf';
import { SandboxBotHandle } from '../../../src/sandbox/client/sandbox-handles';

/**
 * A few lines of telegraf, as any bot would be written, pointed at the sandbox: /start answers in
 * bold with a button; the button is answered and the message edited.
 */
export function buildStubBot(bot: SandboxBotHandle): Telegraf {
  const telegraf = new Telegraf(bot.token, { telegram: { apiRoot: bot.apiRoot } });
  telegraf.start(async (ctx) => {
    await ctx.reply(`Hello, <b>${ctx.from.first_name}</b>! Your deal is ready.`, {
      parse_mode: 'HTML',
      ...Markup.inlineKeyboard([Markup.button.callback('Mark as won', 'deal:won')]),
    });
  });
  telegraf.action('deal:won', async (ctx) => {
    await ctx.answerCbQuery('Marked as won');
    await ctx.editMessageText('Deal <b>won</b> ✅', { parse_mode: 'HTML' });
  });
  telegraf.command('menu', async (ctx) => {
    await ctx.telegram.setMyCommands([
      { command: 'start', description: 'Start over' },
      { command: 'menu', description: 'Show the menu' },
    ]);
    await ctx.reply(
      'Pick one',
      Markup.keyboard([[Markup.button.contactRequest('Share my phone')]])
        .oneTime()
        .resize(),
    );
  });
  telegraf.on('contact', async (ctx) => {
    await ctx.reply(`Thanks, ${ctx.message.contact.phone_number}`, Markup.removeKeyboard());
  });
  return telegraf;
}

export interface RunningStubBot {
  telegraf: Telegraf;
  /** What the handlers threw (a 429 the stub does not retry, say). */
  errors: unknown[];
  stop: () => Promise<void>;
}

/** Starts the stub with long polling; `stop()` ends it. */
export async function startStubBot(bot: SandboxBotHandle): Promise<RunningStubBot> {
  const telegraf = buildStubBot(bot);
  const errors: unknown[] = [];
  telegraf.catch((error) => {
    errors.push(error);
  });
  const running = telegraf.launch({ dropPendingUpdates: true });
  await new Promise<void>((resolve, reject) => {
    running.catch(reject);
    // telegraf has called getMe and deleteWebhook and is polling once botInfo is set.
    const check = (): void => (telegraf.botInfo ? resolve() : void setImmediate(check));
    check();
  });
  return {
    telegraf,
    errors,
    stop: async () => {
      telegraf.stop('test over');
      await running.catch(() => undefined);
    },
  };
}
