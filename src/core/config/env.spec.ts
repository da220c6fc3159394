import { ConfigValidationError, validateEnvironment } from './env';

function problemsOf(raw: Record<string, string>): Record<string, string[]> {
  try {
    validateEnvironment(raw);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      return Object.fromEntries(error.problems.map((p) => [p.variable, p.messages]));
    }
    throw error;
  }
  return {};
}

describe('validateEnvironment', () => {
  it('gives the documented defaults for an empty environment', () => {
    const env = validateEnvironment({});
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      APP_ROLE: 'all',
      AI_PROVIDER: 'rules',
      NOTIFY_GLOBAL_PER_SECOND: 30,
      NOTIFY_PER_CHAT_PER_SECOND: 1,
      NOTIFY_GROUP_PER_MINUTE: 20,
      LOG_LEVEL: 'info',
      DATA_DIR: '.data',
      ALLOW_SIGNUP: true,
      LINK_TOKEN_TTL: '15m',
      TELEGRAM_API_ROOT: 'https://api.telegram.org',
    });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('converts numbers and booleans', () => {
    const env = validateEnvironment({ PORT: '8080', ALLOW_SIGNUP: 'false', DATABASE_MIGRATE_ON_START: '0' });
    expect(env.PORT).toBe(8080);
    expect(env.ALLOW_SIGNUP).toBe(false);
    expect(env.DATABASE_MIGRATE_ON_START).toBe(false);
  });

  it('treats empty values as unset', () => {
    expect(validateEnvironment({ PORT: '', DATABASE_URL: ' ' }).PORT).toBe(3000);
  });

  it('names PORT when it is not a port number', () => {
    expect(problemsOf({ PORT: 'abc' }).PORT).toEqual(['PORT must be an integer between 1 and 65535']);
    expect(problemsOf({ PORT: '70000' }).PORT).toBeDefined();
  });

  it('names DATABASE_URL and REDIS_URL when they are not URLs of their kind', () => {
    const problems = problemsOf({ DATABASE_URL: 'nonsense', REDIS_URL: 'http://x' });
    expect(problems.DATABASE_URL?.[0]).toMatch(/DATABASE_URL must be a PostgreSQL URL/);
    expect(problems.REDIS_URL?.[0]).toMatch(/REDIS_URL must be a Redis URL/);
  });

  it('lists every bad variable at once', () => {
    const problems = problemsOf({ PORT: 'x', APP_ROLE: 'boss', LOG_LEVEL: 'loud', TELEGRAM_MODE: 'carrier-pigeon' });
    expect(Object.keys(problems).sort()).toEqual(['APP_ROLE', 'LOG_LEVEL', 'PORT', 'TELEGRAM_MODE']);
  });

  it('requires JWT_SECRET, a bot token, DATABASE_URL and REDIS_URL in production', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(Object.keys(problems).sort()).toEqual(['DATABASE_URL', 'JWT_SECRET', 'REDIS_URL', 'TELEGRAM_BOT_TOKEN']);
  });

  it('accepts a complete production environment', () => {
    const env = validateEnvironment({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://u:p@db:5432/crm',
      REDIS_URL: 'redis://cache:6379/0',
      TELEGRAM_BOT_TOKEN: '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw',
      JWT_SECRET: 'x'.repeat(40),
    });
    expect(env.NODE_ENV).toBe('production');
  });

  it('requires the MTProto trio together', () => {
    expect(Object.keys(problemsOf({ TELEGRAM_API_ID: '12345' })).sort()).toEqual([
      'SESSION_ENCRYPTION_KEYS',
      'TELEGRAM_API_HASH',
    ]);
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(
      problemsOf({
        TELEGRAM_API_ID: '12345',
        TELEGRAM_API_HASH: 'a'.repeat(32),
        SESSION_ENCRYPTION_KEYS: `${key},${key}`,
      }),
    ).toEqual({});
    expect(problemsOf({ SESSION_ENCRYPTION_KEYS: 'short' }).SESSION_ENCRYPTION_KEYS).toBeDefined();
  });

  it("checks the webhook secret against Telegram's alphabet", () => {
    expect(problemsOf({ TELEGRAM_WEBHOOK_SECRET: 'has spaces!' }).TELEGRAM_WEBHOOK_SECRET).toBeDefined();
    expect(problemsOf({ TELEGRAM_WEBHOOK_SECRET: 'ok_Secret-123' })).toEqual({});
  });

  it('requires the AI key of the chosen provider', () => {
    expect(problemsOf({ AI_PROVIDER: 'gemini' }).GEMINI_API_KEY).toBeDefined();
    expect(problemsOf({ AI_PROVIDER: 'openai' }).OPENAI_BASE_URL).toBeDefined();
  });
});
