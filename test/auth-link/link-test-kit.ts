import { INestApplication } from '@nestjs/common';
import { SandboxClient } from '../../src/sandbox/client/sandbox-client';
import { SandboxChat } from '../../src/sandbox/client/sandbox-chat';
import { SandboxBotHandle } from '../../src/sandbox/client/sandbox-handles';
import { SandboxUserHandle } from '../../src/sandbox/client/sandbox-user';
import { RunningSandbox, startSandboxServer } from '../../src/sandbox/sandbox-server';
import { createFactory, Factory, TestUser } from '../support/factories';
import { Json, readJson, startTestApp, TestApp } from '../support/test-app';

export const WAIT = { timeoutMs: 15_000 };

/** One sandbox playing Telegram and the whole app (HTTP + workers) polling it, for one test file. */
export interface LinkKit {
  sandbox: RunningSandbox;
  client: SandboxClient;
  bot: SandboxBotHandle;
  t: TestApp;
  factory: Factory;
  close(): Promise<void>;
}

export async function startLinkKit(botUsername: string): Promise<LinkKit> {
  const sandbox = await startSandboxServer();
  const client = new SandboxClient(sandbox.url);
  const bot = await client.createBot({ username: botUsername });
  const t = await startTestApp({ APP_ROLE: 'all', TELEGRAM_BOT_TOKEN: bot.token, TELEGRAM_API_ROOT: sandbox.url });
  const factory = createFactory(t.app as unknown as INestApplication);
  return {
    sandbox,
    client,
    bot,
    t,
    factory,
    close: async () => {
      await t.close();
      await sandbox.close();
    },
  };
}

/** A Telegram user with their private chat with the bot. */
export interface Person {
  user: SandboxUserHandle;
  chat: SandboxChat;
}

export async function telegramPerson(kit: LinkKit, firstName: string, username?: string): Promise<Person> {
  const user = await kit.client.createUser({ firstName, username });
  return { user, chat: await user.privateChat(kit.bot) };
}

/** What Telegram does when someone opens https://t.me/<bot>?start=<token>. */
export async function openLink(person: Person, token: string): Promise<string> {
  await person.chat.sendCommand(person.user, 'start', { args: token });
  return (await person.chat.nextBotMessage(WAIT)).text ?? '';
}

export async function say(person: Person, text: string): Promise<string> {
  await person.chat.sendText(person.user, text);
  return (await person.chat.nextBotMessage(WAIT)).text ?? '';
}

export async function api(
  kit: LinkKit,
  as: TestUser,
  method: 'GET' | 'POST',
  path: string,
  json?: unknown,
): Promise<{ status: number; body: Json }> {
  const res = await kit.t.request(path, { method, headers: as.headers, json });
  return { status: res.status, body: await readJson(res) };
}

export function menuOf(commands: Array<{ commands: unknown[] }>): string[] {
  return (commands[0]?.commands ?? []).map((c) => (c as { command: string }).command);
}
