import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { parse as parseDotenv } from 'dotenv';
import { EnvironmentVariables } from './env.schema';

export type RawEnvironment = Record<string, string | undefined>;

export class ConfigValidationError extends Error {
  constructor(readonly problems: { variable: string; messages: string[] }[]) {
    super('Invalid configuration:\n' + problems.map((p) => `  - ${p.variable}: ${p.messages.join('; ')}`).join('\n'));
    this.name = 'ConfigValidationError';
  }
}

/**
 * The process environment, with a `.env` file in the working directory filling in what
 * the environment leaves unset (the environment always wins). Tests never read `.env`.
 */
export function readEnvironment(cwd = process.cwd()): RawEnvironment {
  const env: RawEnvironment = { ...process.env };
  const file = resolve(cwd, '.env');
  if (env.NODE_ENV !== 'test' && existsSync(file)) {
    const fromFile = parseDotenv(readFileSync(file));
    for (const [key, value] of Object.entries(fromFile)) {
      if (env[key] === undefined) env[key] = value;
    }
  }
  return env;
}

/** Sets variables in this process's environment (used by the local stack and CLI scripts). */
export function setEnvironment(values: RawEnvironment): void {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}

const KNOWN = new Set(Object.keys(new EnvironmentVariables()));

export function validateEnvironment(raw: RawEnvironment): EnvironmentVariables {
  // An empty value (`PORT=` in a .env file) means "use the default".
  const present: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value !== undefined && value.trim() !== '' && (KNOWN.has(key) || isOptionalKey(key))) {
      present[key] = value.trim();
    }
  }
  const env = plainToInstance(EnvironmentVariables, present, { enableImplicitConversion: true });
  const errors = validateSync(env, { skipMissingProperties: false });
  if (errors.length > 0) {
    throw new ConfigValidationError(errors.map(describe));
  }
  return env;
}

// Optional variables have no initializer, so they are not own keys of a fresh instance.
const OPTIONAL_KEYS = new Set<string>([
  'DATABASE_URL',
  'REDIS_URL',
  'QUEUE_PREFIX',
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_MODE',
  'PUBLIC_URL',
  'TELEGRAM_WEBHOOK_SECRET',
  'TELEGRAM_API_ID',
  'TELEGRAM_API_HASH',
  'SESSION_ENCRYPTION_KEYS',
  'JWT_SECRET',
  'GEMINI_API_KEY',
  'GEMINI_BASE_URL',
  'OPENAI_API_KEY',
  'OPENAI_BASE_URL',
  'AI_MODEL',
  'BOOTSTRAP_ADMIN_EMAIL',
  'BOOTSTRAP_ADMIN_PASSWORD',
]);

function isOptionalKey(key: string): boolean {
  return OPTIONAL_KEYS.has(key);
}

/** Every variable the schema knows, in the order of the schema file. */
export function knownVariables(): string[] {
  return [...new Set([...KNOWN, ...OPTIONAL_KEYS])];
}

function describe(error: ValidationError): { variable: string; messages: string[] } {
  const messages = [...new Set(Object.values(error.constraints ?? {}))];
  return { variable: error.property, messages };
}

/** The executable search path of this process (for starting local servers). */
export function executableSearchPath(): string {
  return process.env.PATH ?? '';
}

/** This process's environment plus `extra`, for child processes such as apt-get. */
export function childProcessEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}
