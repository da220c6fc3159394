import { DemoSeedService } from '../../src/modules/crm/seed/demo-seed.service';
import { Json, readJson, startTestApp, TestApp } from '../support/test-app';

/**
 * What a newcomer does after `npm run local`: opens /api/docs, logs in with the printed demo
 * vendor, lists deals, moves one to won and sees the stats change.
 */
describe('a new user with the demo data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ NODE_ENV: 'development' });
  });
  afterAll(() => t.close());

  it('logs in as the demo vendor, wins a deal and sees the pipeline and stats move', async () => {
    const page = await t.request('/api/docs');
    expect(page.status).toBe(200);
    const doc = await readJson(t.request('/api/docs/json'));
    expect(doc.paths['/api/auth/login'].post).toBeDefined();

    const vendor = t.app
      .get(DemoSeedService)
      .result()!
      .logins.find((l) => l.role === 'vendor')!;
    const login = await t.request('/api/auth/login', {
      method: 'POST',
      json: { email: vendor.email, password: vendor.password },
    });
    expect(login.status).toBe(200);
    const headers = { authorization: `Bearer ${(await readJson(login)).accessToken}` };

    const deals = await readJson(t.request('/api/deals', { headers }));
    const negotiating = deals.items.find((d: Json) => d.stage === 'negotiation');
    expect(negotiating).toBeDefined();
    const before = await readJson(t.request('/api/stats', { headers }));
    const won = (stats: Json): Json => stats.pipeline.find((p: Json) => p.stage === 'won');

    const moved = await t.request(`/api/deals/${negotiating.id}`, { method: 'PATCH', headers, json: { stage: 'won' } });
    expect(moved.status).toBe(200);
    expect((await readJson(moved)).stage).toBe('won');

    const after = await readJson(t.request('/api/stats', { headers }));
    expect(won(after).count).toBe(won(before).count + 1);
    expect(won(after).totals[0].amountMinor).toBe(won(before).totals[0].amountMinor + negotiating.amountMinor);
    expect(after.pipeline.find((p: Json) => p.stage === 'negotiation').count).toBe(0);
    expect(after.revenueThisMonth.totals[0].amountMinor).toBeGreaterThan(0);
  });
});
