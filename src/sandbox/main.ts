import { readEnvironment } from '../core/config/env';
import { startSandboxServer } from './sandbox-server';

// `npm run sandbox [-- --port 8081] [--host 0.0.0.0] [--bot name_bot [--token 123:abc]]`: the emulator alone.
function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  // A standalone dev tool, not the app: it has no AppConfig; its one variable comes through the
  // config module's reader like every other.
  const port = Number(argument('port') ?? readEnvironment().SANDBOX_PORT ?? 8081);
  const sandbox = await startSandboxServer({ port, host: argument('host') ?? '127.0.0.1' });
  const botName = argument('bot');
  const lines = [`Telegram sandbox: ${sandbox.url}/sandbox`, `Bot API root (apiRoot): ${sandbox.url}`];
  if (botName) {
    const bot = sandbox.state.createBot({ username: botName, token: argument('token') });
    lines.push(`Bot @${bot.username} token: ${bot.token}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = (): void => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
