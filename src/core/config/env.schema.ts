import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export const APP_ROLES = ['all', 'api', 'worker'] as const;
export const TELEGRAM_MODES = ['webhook', 'polling'] as const;
export const AI_PROVIDERS = ['rules', 'gemini', 'openai'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

// Reads the raw string: implicit conversion would already have made 'false' into true.
const toBoolean = ({ obj, key }: { obj: Record<string, unknown>; key: string }): unknown => {
  const value = obj[key];
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value;
};

const POSTGRES_URL = /^postgres(ql)?:\/\/[^\s/]+(\/[^\s?]*)?(\?\S*)?$/;
const REDIS_URL = /^rediss?:\/\/[^\s/]*(\/\d+)?(\?\S*)?$/;
const HTTP_URL = /^https?:\/\/[^\s/]+(\/\S*)?$/;
// Telegram's rule for setWebhook's secret_token: 1-256 of A-Z a-z 0-9 _ -.
const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;
// A comma list of base64 keys that each decode to 32 bytes (AES-256).
const KEY_LIST = /^\s*[A-Za-z0-9+/]{43}=\s*(,\s*[A-Za-z0-9+/]{43}=\s*)*$/;
const DURATION = /^\d+(ms|s|m|h|d)$/;

/**
 * Every environment variable the service reads (SPEC §4). `.env.example` mirrors this
 * class, and a test keeps the two in step.
 */
export class EnvironmentVariables {
  @IsIn(NODE_ENVS, { message: 'NODE_ENV must be one of: development, test, production' })
  NODE_ENV: (typeof NODE_ENVS)[number] = 'development';

  @IsInt({ message: 'PORT must be an integer between 1 and 65535' })
  @Min(1, { message: 'PORT must be an integer between 1 and 65535' })
  @Max(65535, { message: 'PORT must be an integer between 1 and 65535' })
  PORT: number = 3000;

  @ValidateIf((env: EnvironmentVariables) => env.NODE_ENV === 'production' || env.DATABASE_URL !== undefined)
  @Matches(POSTGRES_URL, {
    message: 'DATABASE_URL must be a PostgreSQL URL like postgres://user:password@host:5432/db',
  })
  DATABASE_URL?: string;

  @IsBoolean({ message: 'DATABASE_MIGRATE_ON_START must be true or false' })
  @Transform(toBoolean)
  DATABASE_MIGRATE_ON_START: boolean = true;

  @IsInt({ message: 'DATABASE_POOL_SIZE must be an integer between 1 and 200' })
  @Min(1, { message: 'DATABASE_POOL_SIZE must be an integer between 1 and 200' })
  @Max(200, { message: 'DATABASE_POOL_SIZE must be an integer between 1 and 200' })
  DATABASE_POOL_SIZE: number = 20;

  @ValidateIf((env: EnvironmentVariables) => env.NODE_ENV === 'production' || env.REDIS_URL !== undefined)
  @Matches(REDIS_URL, { message: 'REDIS_URL must be a Redis URL like redis://localhost:6379/0' })
  REDIS_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  QUEUE_PREFIX?: string;

  @ValidateIf((env: EnvironmentVariables) => env.NODE_ENV === 'production' || env.TELEGRAM_BOT_TOKEN !== undefined)
  @Matches(/^\d+:[A-Za-z0-9_-]{30,}$/, {
    message: 'TELEGRAM_BOT_TOKEN must look like 123456789:AA... (the token @BotFather gives)',
  })
  TELEGRAM_BOT_TOKEN?: string;

  @Matches(HTTP_URL, { message: 'TELEGRAM_API_ROOT must be an http(s) URL' })
  TELEGRAM_API_ROOT: string = 'https://api.telegram.org';

  @IsOptional()
  @IsIn(TELEGRAM_MODES, { message: 'TELEGRAM_MODE must be webhook or polling' })
  TELEGRAM_MODE?: (typeof TELEGRAM_MODES)[number];

  @IsOptional()
  @Matches(/^https:\/\/[^\s/]+(\/\S*)?$/, {
    message: 'PUBLIC_URL must be an https URL (Telegram only calls HTTPS webhooks)',
  })
  PUBLIC_URL?: string;

  @IsOptional()
  @Matches(SECRET_TOKEN, { message: 'TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z a-z 0-9 _ -' })
  TELEGRAM_WEBHOOK_SECRET?: string;

  @ValidateIf((env: EnvironmentVariables) => env.TELEGRAM_API_HASH !== undefined || env.TELEGRAM_API_ID !== undefined)
  @IsInt({ message: 'TELEGRAM_API_ID must be an integer (from my.telegram.org; required with TELEGRAM_API_HASH)' })
  TELEGRAM_API_ID?: number;

  @ValidateIf((env: EnvironmentVariables) => env.TELEGRAM_API_ID !== undefined)
  @Matches(/^[a-f0-9]{32}$/, {
    message: 'TELEGRAM_API_HASH must be the 32 hex characters from my.telegram.org (required with TELEGRAM_API_ID)',
  })
  TELEGRAM_API_HASH?: string;

  @ValidateIf(
    (env: EnvironmentVariables) => env.TELEGRAM_API_ID !== undefined || env.SESSION_ENCRYPTION_KEYS !== undefined,
  )
  @Matches(KEY_LIST, {
    message:
      'SESSION_ENCRYPTION_KEYS must be a comma list of base64 32-byte keys (required when MTProto is on; make one with: openssl rand -base64 32)',
  })
  SESSION_ENCRYPTION_KEYS?: string;

  @ValidateIf((env: EnvironmentVariables) => env.NODE_ENV === 'production' || env.JWT_SECRET !== undefined)
  @IsString({ message: 'JWT_SECRET is required in production' })
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Matches(DURATION, { message: 'JWT_TTL must be a duration like 15m, 12h or 7d' })
  JWT_TTL: string = '12h';

  @IsIn(AI_PROVIDERS, { message: 'AI_PROVIDER must be one of: rules, gemini, openai' })
  AI_PROVIDER: (typeof AI_PROVIDERS)[number] = 'rules';

  @ValidateIf((env: EnvironmentVariables) => env.AI_PROVIDER === 'gemini')
  @IsString({ message: 'GEMINI_API_KEY is required when AI_PROVIDER=gemini' })
  @MinLength(1, { message: 'GEMINI_API_KEY is required when AI_PROVIDER=gemini' })
  GEMINI_API_KEY?: string;

  @IsOptional()
  @Matches(HTTP_URL, { message: 'GEMINI_BASE_URL must be an http(s) URL' })
  GEMINI_BASE_URL?: string;

  @IsOptional()
  @IsString()
  OPENAI_API_KEY?: string;

  @ValidateIf((env: EnvironmentVariables) => env.AI_PROVIDER === 'openai' || env.OPENAI_BASE_URL !== undefined)
  @Matches(HTTP_URL, { message: 'OPENAI_BASE_URL must be an http(s) URL (required when AI_PROVIDER=openai)' })
  OPENAI_BASE_URL?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  AI_MODEL?: string;

  @IsInt({ message: 'NOTIFY_GLOBAL_PER_SECOND must be an integer between 1 and 1000' })
  @Min(1, { message: 'NOTIFY_GLOBAL_PER_SECOND must be an integer between 1 and 1000' })
  @Max(1000, { message: 'NOTIFY_GLOBAL_PER_SECOND must be an integer between 1 and 1000' })
  NOTIFY_GLOBAL_PER_SECOND: number = 30;

  @IsInt({ message: 'NOTIFY_PER_CHAT_PER_SECOND must be an integer between 1 and 100' })
  @Min(1, { message: 'NOTIFY_PER_CHAT_PER_SECOND must be an integer between 1 and 100' })
  @Max(100, { message: 'NOTIFY_PER_CHAT_PER_SECOND must be an integer between 1 and 100' })
  NOTIFY_PER_CHAT_PER_SECOND: number = 1;

  @IsInt({ message: 'NOTIFY_GROUP_PER_MINUTE must be an integer between 1 and 6000' })
  @Min(1, { message: 'NOTIFY_GROUP_PER_MINUTE must be an integer between 1 and 6000' })
  @Max(6000, { message: 'NOTIFY_GROUP_PER_MINUTE must be an integer between 1 and 6000' })
  NOTIFY_GROUP_PER_MINUTE: number = 20;

  // At least a week: an overdue reminder's row must outlive the week in which it may be written.
  @IsInt({ message: 'NOTIFY_RETENTION_DAYS must be an integer between 7 and 3650' })
  @Min(7, { message: 'NOTIFY_RETENTION_DAYS must be an integer between 7 and 3650' })
  @Max(3650, { message: 'NOTIFY_RETENTION_DAYS must be an integer between 7 and 3650' })
  NOTIFY_RETENTION_DAYS: number = 30;

  // At least two days: Telegram redelivers an update for up to 24 h, and the kept row dedupes it.
  @IsInt({ message: 'TELEGRAM_UPDATES_RETENTION_DAYS must be an integer between 2 and 3650' })
  @Min(2, { message: 'TELEGRAM_UPDATES_RETENTION_DAYS must be an integer between 2 and 3650' })
  @Max(3650, { message: 'TELEGRAM_UPDATES_RETENTION_DAYS must be an integer between 2 and 3650' })
  TELEGRAM_UPDATES_RETENTION_DAYS: number = 7;

  @IsIn(APP_ROLES, { message: 'APP_ROLE must be one of: all, api, worker' })
  APP_ROLE: (typeof APP_ROLES)[number] = 'all';

  @IsOptional()
  @IsEmail({}, { message: 'BOOTSTRAP_ADMIN_EMAIL must be an email address' })
  BOOTSTRAP_ADMIN_EMAIL?: string;

  @ValidateIf((env: EnvironmentVariables) => env.BOOTSTRAP_ADMIN_EMAIL !== undefined)
  @IsString({ message: 'BOOTSTRAP_ADMIN_PASSWORD is required with BOOTSTRAP_ADMIN_EMAIL' })
  @MinLength(10, { message: 'BOOTSTRAP_ADMIN_PASSWORD must be at least 10 characters' })
  BOOTSTRAP_ADMIN_PASSWORD?: string;

  @IsIn(LOG_LEVELS, { message: 'LOG_LEVEL must be one of: fatal, error, warn, info, debug, trace, silent' })
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @IsString()
  @MinLength(1, { message: 'DATA_DIR must not be empty' })
  DATA_DIR: string = '.data';

  @IsBoolean({ message: 'ALLOW_SIGNUP must be true or false' })
  @Transform(toBoolean)
  ALLOW_SIGNUP: boolean = true;

  @IsInt({ message: 'LOGIN_MAX_FAILURES_PER_ACCOUNT must be an integer between 1 and 1000' })
  @Min(1, { message: 'LOGIN_MAX_FAILURES_PER_ACCOUNT must be an integer between 1 and 1000' })
  @Max(1000, { message: 'LOGIN_MAX_FAILURES_PER_ACCOUNT must be an integer between 1 and 1000' })
  LOGIN_MAX_FAILURES_PER_ACCOUNT: number = 5;

  @IsInt({ message: 'LOGIN_MAX_FAILURES_PER_IP must be an integer between 1 and 100000' })
  @Min(1, { message: 'LOGIN_MAX_FAILURES_PER_IP must be an integer between 1 and 100000' })
  @Max(100000, { message: 'LOGIN_MAX_FAILURES_PER_IP must be an integer between 1 and 100000' })
  LOGIN_MAX_FAILURES_PER_IP: number = 20;

  @Matches(DURATION, { message: 'LOGIN_THROTTLE_WINDOW must be a duration like 15m, 1h or 900s' })
  LOGIN_THROTTLE_WINDOW: string = '15m';

  @Matches(DURATION, { message: 'LINK_TOKEN_TTL must be a duration like 15m, 1h or 900s' })
  LINK_TOKEN_TTL: string = '15m';

  @IsInt({ message: 'HTTP_BODY_LIMIT must be a number of bytes between 1024 and 104857600' })
  @Min(1024, { message: 'HTTP_BODY_LIMIT must be a number of bytes between 1024 and 104857600' })
  @Max(104857600, { message: 'HTTP_BODY_LIMIT must be a number of bytes between 1024 and 104857600' })
  HTTP_BODY_LIMIT: number = 1048576;

  @IsInt({ message: 'SHUTDOWN_TIMEOUT_MS must be an integer between 1000 and 60000' })
  @Min(1000, { message: 'SHUTDOWN_TIMEOUT_MS must be an integer between 1000 and 60000' })
  @Max(60000, { message: 'SHUTDOWN_TIMEOUT_MS must be an integer between 1000 and 60000' })
  SHUTDOWN_TIMEOUT_MS: number = 10000;
}

export type EnvironmentName = keyof EnvironmentVariables;
