import { isAbsolute, resolve } from 'node:path';
import { EnvironmentVariables } from './env.schema';
import { readEnvironment, validateEnvironment } from './env';

export type AppRole = EnvironmentVariables['APP_ROLE'];

/**
 * The validated configuration, with the values the rest of the code derives from it.
 * Built once at boot (before Nest) and provided to every module; nothing else reads
 * the environment.
 */
export class AppConfig {
  readonly env: Readonly<EnvironmentVariables>;

  constructor(env: EnvironmentVariables) {
    this.env = Object.freeze(env);
  }

  static fromEnvironment(overrides: Record<string, string | undefined> = {}): AppConfig {
    return new AppConfig(validateEnvironment({ ...readEnvironment(), ...overrides }));
  }

  get isProduction(): boolean {
    return this.env.NODE_ENV === 'production';
  }

  get isTest(): boolean {
    return this.env.NODE_ENV === 'test';
  }

  get port(): number {
    return this.env.PORT;
  }

  get role(): AppRole {
    return this.env.APP_ROLE;
  }

  get runsHttp(): boolean {
    return this.role === 'all' || this.role === 'api';
  }

  get runsWorkers(): boolean {
    return this.role === 'all' || this.role === 'worker';
  }

  /** Throws when no database URL is set and none was started locally. */
  get databaseUrl(): string {
    if (!this.env.DATABASE_URL) throw new Error('DATABASE_URL is not set');
    return this.env.DATABASE_URL;
  }

  get redisUrl(): string {
    if (!this.env.REDIS_URL) throw new Error('REDIS_URL is not set');
    return this.env.REDIS_URL;
  }

  get queuePrefix(): string {
    return this.env.QUEUE_PREFIX ?? 'bull';
  }

  get dataDir(): string {
    const dir = this.env.DATA_DIR;
    return isAbsolute(dir) ? dir : resolve(process.cwd(), dir);
  }

  /** The bundled Telegram sandbox stands in for Telegram when no real token is set. */
  get usesTelegramSandbox(): boolean {
    return !this.isProduction && !this.env.TELEGRAM_BOT_TOKEN;
  }

  withOverrides(values: Partial<EnvironmentVariables>): AppConfig {
    return new AppConfig(Object.assign(new EnvironmentVariables(), this.env, values));
  }
}
