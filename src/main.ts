// First: the modules below load through the start-up cache, TypeORM without its other drivers.
import { moduleCache } from './core/startup/module-cache';
import './core/startup/lazy-typeorm-drivers';
import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { createHttpApp, createWorkerContext, API_DOCS_PATH, SANDBOX_PAGE_PATH } from './bootstrap';
import { TelegramConnection } from './core/telegram/telegram-connection';
import { DemoSeedService } from './modules/crm/seed/demo-seed.service';
import { AppConfig, AppRole } from './core/config/app-config';
import { ConfigValidationError } from './core/config/env';
import { LocalStack, startLocalStack } from './core/local-stack/local-stack';
import { BULL_BOARD_PATH } from './core/queue/bull-board';

/** Loads the configuration, starts what local mode needs, then the app; exits 1 on bad config. */
export async function main(role?: AppRole): Promise<void> {
  let config: AppConfig;
  try {
    config = AppConfig.fromEnvironment(role ? { APP_ROLE: role } : {});
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`${error.message}\nSee .env.example and docs/configuration.md.\n`);
      process.exit(1);
    }
    throw error;
  }

  const say = (line: string): void => void process.stdout.write(`${line}\n`);
  let stack: LocalStack | undefined;
  let app: INestApplicationContext | undefined;
  let shuttingDown = false;

  const shutdown = async (signal: string): Promise<void> => {
    if (shuttingDown) return;
    shuttingDown = true;
    say(`${signal} received: shutting down`);
    settleModuleCache();
    // Never hang: in-flight work gets SHUTDOWN_TIMEOUT_MS, then the process exits anyway.
    const timer = setTimeout(() => {
      process.stderr.write('Shutdown took too long: exiting now\n');
      void stack?.stop().finally(() => process.exit(1));
    }, config.env.SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    try {
      await app?.close();
    } catch (error) {
      process.stderr.write(`Error while closing the app: ${(error as Error).message}\n`);
    }
    await stack?.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  try {
    stack = await startLocalStack(config, say);
    config = AppConfig.fromEnvironment({ ...stack.overrides, ...(role ? { APP_ROLE: role } : {}) });

    if (!config.runsHttp) {
      app = await createWorkerContext(config);
      await app.init();
      say(`Worker running (APP_ROLE=${config.role})`);
      settleModuleCacheSoon();
      return;
    }
    const httpApp = await createHttpApp(config);
    app = httpApp;
    await httpApp.listen({ port: config.port, host: '0.0.0.0' });
    const base = `http://localhost:${config.port}`;
    const sandbox = httpApp.get(TelegramConnection).isSandbox;
    const seed = httpApp.get(DemoSeedService).result();
    const logins = seed?.kind === 'demo' ? seed.logins.filter((l) => l.password) : [];
    say(
      [
        '',
        `Telegram CRM integration is running (APP_ROLE=${config.role}, NODE_ENV=${config.env.NODE_ENV})`,
        ...(sandbox
          ? [`  Telegram sandbox ${base}${SANDBOX_PAGE_PATH}  (no TELEGRAM_BOT_TOKEN: chat with the bot here)`]
          : []),
        `  API docs        ${base}/${API_DOCS_PATH}`,
        `  Health          ${base}/health  ${base}/health/ready`,
        `  Metrics         ${base}/metrics`,
        `  Queue dashboard ${base}${BULL_BOARD_PATH}`,
        ...(logins.length
          ? ['', `Demo logins (${seed?.organizationName}), for /api/docs and /login in the sandbox:`]
          : []),
        ...logins.map((l) => `  ${l.role.padEnd(9)} ${l.email} / ${l.password}`),
        '',
      ].join('\n'),
    );
    settleModuleCacheSoon();
  } catch (error) {
    process.stderr.write(`Start-up failed: ${(error as Error).stack ?? String(error)}\n`);
    await app?.close().catch(() => undefined);
    await stack?.stop();
    process.exit(1);
  }
}

/**
 * Start-up is over: the module cache stops serving requires and, if this start loaded files it
 * did not hold, is written for the next start. A second later, so that the code of the first
 * requests (the readiness probe) is in it too.
 */
function settleModuleCacheSoon(): void {
  setTimeout(settleModuleCache, 1000).unref();
}

function settleModuleCache(): void {
  moduleCache?.settle();
}

if (require.main === module) void main();
