import { hashLinkToken, newLinkToken, parseLinkToken } from './link-token.util';

describe('link tokens', () => {
  it('fit a Telegram start parameter and are stored only as their hash', () => {
    for (const kind of ['user', 'client'] as const) {
      const { token, hash } = newLinkToken(kind);
      expect(token).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
      expect(hash).toBe(hashLinkToken(token));
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      expect(parseLinkToken(token)).toEqual({ kind, hash });
    }
  });

  it('are different every time', () => {
    expect(newLinkToken('user').token).not.toBe(newLinkToken('user').token);
  });

  it('ignore payloads of another shape', () => {
    expect(parseLinkToken('hello')).toBeNull();
    expect(parseLinkToken('x_' + 'a'.repeat(43))).toBeNull();
    expect(parseLinkToken('u_' + 'a'.repeat(42))).toBeNull();
    expect(parseLinkToken('u_' + 'a'.repeat(42) + '!')).toBeNull();
  });
});
