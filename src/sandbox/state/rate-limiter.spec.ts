import { RateLimiter, TELEGRAM_RATE_LIMITS } from './rate-limiter';

describe('RateLimiter', () => {
  let now: number;
  let limiter: RateLimiter;

  beforeEach(() => {
    now = 1_000_000;
    limiter = new RateLimiter(() => now, { ...TELEGRAM_RATE_LIMITS });
  });

  it('allows 30 sends per second per bot, then says when the oldest leaves the window', () => {
    for (let chat = 1; chat <= 30; chat += 1) expect(limiter.take(1, chat, false).allowed).toBe(true);
    now += 400;
    expect(limiter.take(1, 31, false)).toEqual({ allowed: false, retryAfter: 1, limit: 'bot', violation: false });
    expect(limiter.take(2, 31, false).allowed).toBe(true);
    now += 600;
    expect(limiter.take(1, 32, false).allowed).toBe(true);
  });

  it('refills one send per second per chat up to a burst of two', () => {
    expect(limiter.take(1, 5, false).allowed).toBe(true);
    expect(limiter.take(1, 5, false).allowed).toBe(true);
    expect(limiter.take(1, 5, false)).toMatchObject({ allowed: false, limit: 'chat', retryAfter: 1 });
  });

  it('treats sending during retry_after as a violation that prolongs the wait', () => {
    limiter.take(1, 5, false);
    limiter.take(1, 5, false);
    limiter.take(1, 5, false);
    now += 500;
    expect(limiter.take(1, 5, false)).toEqual({ allowed: false, retryAfter: 2, limit: 'retry_after', violation: true });
    now += 1500;
    expect(limiter.take(1, 5, false).allowed).toBe(true);
  });

  it('allows 20 sends per minute per group', () => {
    for (let i = 0; i < 20; i += 1) {
      expect(limiter.take(1, -5, true).allowed).toBe(true);
      now += 1500;
    }
    expect(limiter.take(1, -5, true)).toMatchObject({ allowed: false, limit: 'group', retryAfter: 30 });
  });

  it('stops limiting when disabled, except for a chat still blocked', () => {
    limiter.block(1, 9, 3);
    limiter.configure({ enabled: false });
    expect(limiter.take(1, 9, false)).toMatchObject({ allowed: false, violation: true });
    for (let i = 0; i < 100; i += 1) expect(limiter.take(1, 10, false).allowed).toBe(true);
  });
});
