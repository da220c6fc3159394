import { DataSource } from 'typeorm';
import { JWT_SECRET_SETTING } from '../../src/modules/auth/auth-token.service';
import { createFactory, Factory, unique } from '../support/factories';
import { readJson, startTestApp, TestApp } from '../support/test-app';

async function waitFor<T>(probe: () => Promise<T | undefined>, withinMs: number, what: string): Promise<T> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not happen within ${withinMs} ms`);
}

describe('sign-up, login and tokens', () => {
  let t: TestApp;
  let f: Factory;
  beforeAll(async () => {
    // Per-IP counting has its own test below: here every request comes from 127.0.0.1.
    t = await startTestApp({ LOGIN_THROTTLE_WINDOW: '2s', LOGIN_MAX_FAILURES_PER_IP: '1000' });
    f = createFactory(t.app);
  });
  afterAll(() => t.close());

  const login = (email: string, password: string, headers: Record<string, string> = {}) =>
    t.request('/api/auth/login', { method: 'POST', json: { email, password }, headers });

  it('registers an organization with its first vendor, who is signed in', async () => {
    const email = `${unique('owner')}@Example.test`;
    const res = await t.request('/api/auth/register', {
      method: 'POST',
      json: { organizationName: 'Acme Ltd', name: 'Ann Owner', email, password: 'a-long-password' },
    });
    expect(res.status).toBe(201);
    const body = await readJson(res);
    expect(body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 12 * 3600,
      user: { role: 'vendor', email: email.toLowerCase() },
    });
    expect(body.user).not.toHaveProperty('passwordHash');

    const me = await readJson(t.request('/api/auth/me', { headers: { authorization: `Bearer ${body.accessToken}` } }));
    expect(me).toMatchObject({ email: email.toLowerCase(), role: 'vendor', organization: { name: 'Acme Ltd' } });
    const rows = await t.app.get(DataSource).query('SELECT password_hash FROM users WHERE id = $1', [body.user.id]);
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
  });

  it('refuses a second account with the same email (any case) with 409 EMAIL_TAKEN', async () => {
    const user = await f.user({ role: 'employee' });
    const res = await t.request('/api/auth/register', {
      method: 'POST',
      json: {
        organizationName: 'Other',
        name: 'Someone',
        email: user.email.toUpperCase(),
        password: 'a-long-password',
      },
    });
    expect(res.status).toBe(409);
    expect((await readJson(res)).error.code).toBe('EMAIL_TAKEN');
  });

  it('lists every bad field of a sign-up', async () => {
    const res = await t.request('/api/auth/register', {
      method: 'POST',
      json: { organizationName: '', name: 'X', email: 'not-an-email', password: 'short' },
    });
    expect(res.status).toBe(400);
    const body = await readJson(res);
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'email',
      'organizationName',
      'password',
    ]);
  });

  it('logs in with the right password and answers 401 INVALID_CREDENTIALS otherwise, the same for unknown emails', async () => {
    const user = await f.user({ role: 'employee', password: 'right-password-1' });
    const ok = await login(user.email, 'right-password-1');
    expect(ok.status).toBe(200);
    const body = await readJson(ok);
    expect(body.user).toMatchObject({ id: user.id, role: 'employee' });
    expect(
      (await t.request('/api/users/' + user.id, { headers: { authorization: `Bearer ${body.accessToken}` } })).status,
    ).toBe(200);

    const wrong = await login(user.email, 'wrong-password');
    const unknown = await login(`${unique('nobody')}@example.test`, 'wrong-password');
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect((await readJson(wrong)).error).toEqual((await readJson(unknown)).error);
  });

  it('answers 429 with Retry-After on the 6th wrong password, then lets the right one in after the window', async () => {
    const user = await f.user({ role: 'vendor', password: 'the-right-one' });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await login(user.email, `wrong-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);

    const sixth = await login(user.email, 'wrong-6');
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await readJson(sixth)).error.code).toBe('TOO_MANY_REQUESTS');
    // Blocked means blocked: the right password does not get through either.
    expect((await login(user.email, 'the-right-one')).status).toBe(429);

    const after = await waitFor(
      async () => {
        const res = await login(user.email, 'the-right-one');
        return res.status === 200 ? res : undefined;
      },
      10_000,
      'login after the throttle window',
    );
    expect((await readJson(after)).user.id).toBe(user.id);
  });

  it('does not block other accounts while one is throttled', async () => {
    const attacked = await f.user({ role: 'vendor' });
    const other = await f.user({ role: 'vendor', password: 'other-password' });
    for (let i = 0; i < 6; i++) await login(attacked.email, 'nope', { 'x-request-id': `a${i}` });
    expect((await login(attacked.email, 'nope')).status).toBe(429);
    expect((await login(other.email, 'other-password')).status).toBe(200);
  });

  it('stops accepting a disabled user at once: token 401, login 403 ACCOUNT_DISABLED', async () => {
    const vendor = await f.user({ role: 'vendor' });
    const employee = await f.user({
      role: 'employee',
      organizationId: vendor.organizationId,
      password: 'employee-pass',
    });
    expect((await t.request('/api/auth/me', { headers: employee.headers })).status).toBe(200);

    const disable = await t.request(`/api/users/${employee.id}`, {
      method: 'PATCH',
      headers: vendor.headers,
      json: { disabled: true },
    });
    expect(disable.status).toBe(200);
    expect((await readJson(disable)).disabled).toBe(true);

    const me = await t.request('/api/auth/me', { headers: employee.headers });
    expect(me.status).toBe(401);
    expect((await readJson(me)).error.code).toBe('UNAUTHORIZED');
    const relogin = await login(employee.email, 'employee-pass');
    expect(relogin.status).toBe(403);
    expect((await readJson(relogin)).error.code).toBe('ACCOUNT_DISABLED');

    await t.request(`/api/users/${employee.id}`, {
      method: 'PATCH',
      headers: vendor.headers,
      json: { disabled: false },
    });
    expect((await t.request('/api/auth/me', { headers: employee.headers })).status).toBe(200);
  });

  it('answers 401 without a token, with a malformed or forged one', async () => {
    const user = await f.user({ role: 'vendor' });
    const [header, payload] = user.token.split('.');
    for (const authorization of [
      undefined,
      'Bearer',
      'Basic abc',
      'Bearer not.a.token',
      `Bearer ${header}.${payload}.forged`,
    ]) {
      const res = await t.request('/api/customers', { headers: authorization ? { authorization } : {} });
      expect({ authorization, status: res.status }).toEqual({ authorization, status: 401 });
    }
  });

  it('lets users change their own name and password, the password only with the current one', async () => {
    const user = await f.user({ role: 'customer', password: 'old-password' });
    const wrong = await t.request('/api/auth/me', {
      method: 'PATCH',
      headers: user.headers,
      json: { currentPassword: 'not-it', newPassword: 'new-password' },
    });
    expect(wrong.status).toBe(400);
    expect((await readJson(wrong)).error.code).toBe('WRONG_PASSWORD');
    const ok = await t.request('/api/auth/me', {
      method: 'PATCH',
      headers: user.headers,
      json: { name: 'Renamed Me', currentPassword: 'old-password', newPassword: 'new-password' },
    });
    expect(ok.status).toBe(200);
    expect((await readJson(ok)).name).toBe('Renamed Me');
    expect((await login(user.email, 'new-password')).status).toBe(200);
  });

  it('keeps a generated JWT secret in app_settings, so another instance on the database accepts the token', async () => {
    const user = await f.user({ role: 'vendor' });
    const rows = await t.app
      .get(DataSource)
      .query('SELECT value FROM app_settings WHERE key = $1', [JWT_SECRET_SETTING]);
    expect(rows).toHaveLength(1);
    const second = await startTestApp({ DATABASE_URL: t.config.env.DATABASE_URL!, REDIS_URL: t.config.env.REDIS_URL! });
    try {
      const me = await second.request('/api/auth/me', { headers: user.headers });
      expect(me.status).toBe(200);
      expect((await readJson(me)).id).toBe(user.id);
    } finally {
      await second.close();
    }
  });
});

describe('failed logins per client IP', () => {
  let t: TestApp;
  let f: Factory;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES_PER_IP: '3' });
    f = createFactory(t.app);
  });
  afterAll(() => t.close());

  it('blocks an IP that fails on many accounts, shared through Redis by every instance', async () => {
    const victims = await Promise.all([1, 2, 3].map(() => f.user({ role: 'employee' })));
    for (const victim of victims) {
      const res = await t.request('/api/auth/login', {
        method: 'POST',
        json: { email: victim.email, password: 'guess' },
      });
      expect(res.status).toBe(401);
    }
    const fresh = await f.user({ role: 'employee', password: 'fresh-password' });
    const second = await startTestApp({
      DATABASE_URL: t.config.env.DATABASE_URL!,
      REDIS_URL: t.config.env.REDIS_URL!,
      LOGIN_MAX_FAILURES_PER_IP: '3',
    });
    try {
      const res = await second.request('/api/auth/login', {
        method: 'POST',
        json: { email: fresh.email, password: 'fresh-password' },
      });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await second.close();
    }
  });
});

describe('sign-up turned off', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ALLOW_SIGNUP: 'false' });
  });
  afterAll(() => t.close());

  it('answers 403 SIGNUP_DISABLED and creates nothing', async () => {
    const res = await t.request('/api/auth/register', {
      method: 'POST',
      json: { organizationName: 'Nope', name: 'No One', email: 'no.one@example.test', password: 'a-long-password' },
    });
    expect(res.status).toBe(403);
    expect((await readJson(res)).error.code).toBe('SIGNUP_DISABLED');
    expect(await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM organizations')).toEqual([{ n: 0 }]);
  });
});

describe('API keys (X-Api-Key)', () => {
  let t: TestApp;
  let f: Factory;
  beforeAll(async () => {
    t = await startTestApp();
    f = createFactory(t.app);
  });
  afterAll(() => t.close());

  it('shows a key once, stores only its hash, acts as its vendor and stops when revoked', async () => {
    const vendor = await f.user({ role: 'vendor' });
    const customer = await f.customer({ organizationId: vendor.organizationId, name: 'Keyed Customer' });
    const created = await t.request('/api/api-keys', {
      method: 'POST',
      headers: vendor.headers,
      json: { name: 'crm-sync' },
    });
    expect(created.status).toBe(201);
    const { key, id, prefix } = await readJson(created);
    expect(key).toMatch(/^tcrm_/);
    expect(key.startsWith(prefix)).toBe(true);

    const listed = await readJson(t.request('/api/api-keys', { headers: vendor.headers }));
    expect(listed.items.map((k: { id: string }) => k.id)).toEqual([id]);
    expect(listed.items[0]).not.toHaveProperty('key');
    const stored = await t.app.get(DataSource).query('SELECT key_hash FROM api_keys WHERE id = $1', [id]);
    expect(stored[0].key_hash).not.toContain(key);

    const viaKey = await t.request('/api/customers', { headers: { 'x-api-key': key } });
    expect(viaKey.status).toBe(200);
    expect((await readJson(viaKey)).items.map((c: { id: string }) => c.id)).toEqual([customer.id]);

    expect((await t.request(`/api/api-keys/${id}`, { method: 'DELETE', headers: vendor.headers })).status).toBe(204);
    const revoked = await t.request('/api/customers', { headers: { 'x-api-key': key } });
    expect(revoked.status).toBe(401);
    expect((await t.request('/api/customers', { headers: { 'x-api-key': 'tcrm_made-up' } })).status).toBe(401);
  });

  it('stops a key when the vendor who made it is disabled', async () => {
    const owner = await f.user({ role: 'vendor' });
    const maker = await f.user({ role: 'vendor', organizationId: owner.organizationId });
    const { key } = await readJson(
      t.request('/api/api-keys', { method: 'POST', headers: maker.headers, json: { name: 'temp' } }),
    );
    expect((await t.request('/api/deals', { headers: { 'x-api-key': key } })).status).toBe(200);
    await t.request(`/api/users/${maker.id}`, { method: 'PATCH', headers: owner.headers, json: { disabled: true } });
    expect((await t.request('/api/deals', { headers: { 'x-api-key': key } })).status).toBe(401);
  });
});
