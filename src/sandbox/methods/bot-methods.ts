import { BotApiError } from '../bot-api/bot-api-error';
import { BotCommand } from '../state/sandbox-bot';
import { CommandScope, scopeKey } from './command-scope';
import { MethodContext, MethodTable } from './method-context';

function getMe(ctx: MethodContext): Record<string, unknown> {
  return {
    ...ctx.bot.user(),
    can_join_groups: true,
    can_read_all_group_messages: !ctx.bot.privacyMode,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
  };
}

function commandsKey(ctx: MethodContext): string {
  const language = (ctx.params.language_code as string | undefined) ?? '';
  if (language !== '' && !/^[a-z]{2}$/.test(language)) throw BotApiError.badRequest('invalid language code specified');
  return `${scopeKey(ctx, ctx.params.scope as CommandScope | undefined)}|${language}`;
}

function setMyCommands(ctx: MethodContext): boolean {
  const commands = ctx.params.commands as BotCommand[];
  if (commands.length > 100) throw BotApiError.badRequest('too many commands specified');
  for (const { command, description } of commands) {
    // 1-32 characters: lowercase English letters, digits and underscores; a description of 1-256.
    if (!/^[a-z0-9_]{1,32}$/.test(command)) throw BotApiError.badRequest('BOT_COMMAND_INVALID');
    if (description.trim().length === 0 || description.length > 256) {
      throw BotApiError.badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
    }
  }
  const key = commandsKey(ctx);
  if (commands.length === 0) ctx.bot.commands.delete(key);
  else
    ctx.bot.commands.set(
      key,
      commands.map(({ command, description }) => ({ command, description })),
    );
  ctx.state.events.push('commands.changed', { botId: ctx.bot.id });
  return true;
}

function getMyCommands(ctx: MethodContext): BotCommand[] {
  return ctx.bot.commands.get(commandsKey(ctx)) ?? [];
}

function deleteMyCommands(ctx: MethodContext): boolean {
  ctx.bot.commands.delete(commandsKey(ctx));
  ctx.state.events.push('commands.changed', { botId: ctx.bot.id });
  return true;
}

export const BOT_METHODS: MethodTable = {
  getMe: { params: [], handle: getMe },
  setMyCommands: { params: ['commands', 'scope', 'language_code'], handle: setMyCommands },
  getMyCommands: { params: ['scope', 'language_code'], handle: getMyCommands },
  deleteMyCommands: { params: ['scope', 'language_code'], handle: deleteMyCommands },
};
