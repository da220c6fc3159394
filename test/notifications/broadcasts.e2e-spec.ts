import { TestUser } from '../support/factories';
import { Json } from '../support/test-app';
import { NotifyKit, Person, startNotifyKit, WAIT, waitFor } from './notify-kit';

// A slow bot (10 messages a second, on both sides) so that a broadcast lasts long enough to watch.
const RATE = 10;

describe('broadcasts', () => {
  let kit: NotifyKit;
  let vendor: TestUser;
  let clients: { clientId: string; person: Person }[];

  beforeAll(async () => {
    kit = await startNotifyKit('broadcast_notify_bot', {
      limits: { botPerSecond: RATE },
      env: { NOTIFY_GLOBAL_PER_SECOND: String(RATE) },
    });
    vendor = await kit.factory.user({ role: 'vendor' });
    clients = await kit.linkedClients(30, vendor);
  });
  afterAll(() => kit.close());

  const progress = async (id: string): Promise<Json> =>
    (await kit.api(vendor, 'GET', `/api/notifications/broadcasts/${id}`)).body;
  const broadcastTexts = async (text: string): Promise<number> => {
    let n = 0;
    for (const { person } of clients)
      n += (await kit.client.messages(person.chat)).filter((m) => m.text?.endsWith(text)).length;
    return n;
  };

  it('sends to every linked customer of a list, skips the unlinked, and reports progress until finished', async () => {
    const unlinked = await kit.factory.customer({ organizationId: vendor.organizationId });
    const started = await kit.api(vendor, 'POST', '/api/notifications/broadcast', {
      segment: 'customers',
      ids: [...clients.slice(0, 20).map((c) => c.clientId), unlinked.id],
      text: 'We are closed on Monday & Tuesday.',
    });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ status: 'running', segment: 'customers', total: 20, skipped: 1 });

    const midway = await waitFor(async () => {
      const p = await progress(started.body.id);
      return p.sent >= 5 && p.pending > 0 ? p : undefined;
    }, 'some sent, some pending');
    expect(midway.rate).toBeGreaterThan(0);
    expect(midway.rate).toBeLessThanOrEqual(RATE * 1.1);
    expect(new Date(midway.estimatedEndAt).getTime()).toBeGreaterThan(Date.now());

    const done = await waitFor(async () => {
      const p = await progress(started.body.id);
      return p.status === 'finished' ? p : undefined;
    }, 'the broadcast finishing');
    expect(done).toMatchObject({ total: 20, sent: 20, failed: 0, pending: 0, estimatedEndAt: null });
    const message = (await kit.client.messages(clients[0].person.chat)).at(-1);
    expect(message?.text).toMatch(/^Org-[0-9a-f]+\n\nWe are closed on Monday & Tuesday\.$/);
    expect(await kit.client.violations()).toEqual([]);
  });

  it('pauses (nothing more goes out, direct messages still do), resumes, and finishes', async () => {
    const employee = await kit.factory.user({ role: 'employee', organizationId: vendor.organizationId });
    const emil = await kit.linkUser(employee);
    const started = await kit.api(vendor, 'POST', '/api/notifications/broadcast', {
      segment: 'linked_customers',
      text: 'Pause test',
    });
    expect(started.body.total).toBe(30);
    await waitFor(async () => ((await progress(started.body.id)).sent >= 3 ? true : undefined), '3 sent');

    const paused = await kit.api(vendor, 'POST', `/api/notifications/broadcasts/${started.body.id}/pause`);
    expect([paused.status, paused.body.status]).toEqual([200, 'paused']);
    // Sends already past their last check when the pause came may still land: within a moment
    // (a worker reads the paused list at most 250 ms old, just before each slot), then nothing.
    let last = -1;
    const settled = await waitFor(async () => {
      await new Promise((resolve) => setTimeout(resolve, 700));
      const p = await progress(started.body.id);
      const steady = p.sent === last && p.pending === 30 - p.sent;
      last = p.sent;
      return steady ? p : undefined;
    }, 'sends in flight finishing');
    // A direct message goes out while the broadcast is paused; by then still nothing more of it.
    await kit.api(vendor, 'POST', '/api/notifications', { userId: employee.id, text: 'Meanwhile' });
    await emil.chat.nextBotMessage(WAIT);
    expect((await progress(started.body.id)).sent).toBe(settled.sent);
    expect(await broadcastTexts('Pause test')).toBe(settled.sent);
    expect((await progress(started.body.id)).estimatedEndAt).toBeNull();

    const again = await kit.api(vendor, 'POST', `/api/notifications/broadcasts/${started.body.id}/pause`);
    expect([again.status, again.body.error.code]).toEqual([409, 'INVALID_BROADCAST_STATE']);
    const resumed = await kit.api(vendor, 'POST', `/api/notifications/broadcasts/${started.body.id}/resume`);
    expect(resumed.body.status).toBe('running');
    await waitFor(async () => ((await progress(started.body.id)).status === 'finished' ? true : undefined), 'finished');
    expect(await broadcastTexts('Pause test')).toBe(30);
  });

  it('a direct message from staff goes ahead of a running broadcast', async () => {
    const employee = await kit.factory.user({ role: 'employee', organizationId: vendor.organizationId });
    const emil = await kit.linkUser(employee);
    const started = await kit.api(vendor, 'POST', '/api/notifications/broadcast', {
      segment: 'linked_customers',
      text: 'Priority test',
    });
    await waitFor(async () => ((await progress(started.body.id)).sent >= 1 ? true : undefined), 'the broadcast going');
    await kit.api(vendor, 'POST', '/api/notifications', { userId: employee.id, text: 'Urgent' });
    await emil.chat.nextBotMessage(WAIT);
    // 30 messages take 3 s at 10/s: the direct message did not wait for them.
    expect((await progress(started.body.id)).pending).toBeGreaterThan(15);
    await waitFor(async () => ((await progress(started.body.id)).status === 'finished' ? true : undefined), 'finished');
  });

  it('cancels: what was not sent is not sent', async () => {
    const started = await kit.api(vendor, 'POST', '/api/notifications/broadcast', {
      segment: 'linked_customers',
      text: 'Cancel test',
    });
    await waitFor(async () => ((await progress(started.body.id)).sent >= 2 ? true : undefined), '2 sent');
    const cancelled = await kit.api(vendor, 'POST', `/api/notifications/broadcasts/${started.body.id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    const settled = await waitFor(async () => {
      const p = await progress(started.body.id);
      return p.pending === 0 ? p : undefined;
    }, 'in-flight sends finishing');
    expect(settled.sent + settled.cancelled).toBe(30);
    expect(settled.cancelled).toBeGreaterThan(10);
    expect(await broadcastTexts('Cancel test')).toBe(settled.sent);
    const rows = await kit.api(
      vendor,
      'GET',
      `/api/notifications?broadcastId=${started.body.id}&status=cancelled&limit=100`,
    );
    expect(rows.body.total).toBe(settled.cancelled);
    const resume = await kit.api(vendor, 'POST', `/api/notifications/broadcasts/${started.body.id}/resume`);
    expect(resume.status).toBe(409);
  });

  it('is for vendors; checks its segment', async () => {
    const employee = await kit.factory.user({ role: 'employee', organizationId: vendor.organizationId });
    expect(
      (await kit.api(employee, 'POST', '/api/notifications/broadcast', { segment: 'linked_customers', text: 'x' }))
        .status,
    ).toBe(403);
    const noIds = await kit.api(vendor, 'POST', '/api/notifications/broadcast', { segment: 'customers', text: 'x' });
    expect([noIds.status, noIds.body.error.details[0].field]).toEqual([400, 'ids']);
    const foreign = await kit.factory.customer({ organizationId: (await kit.factory.organization()).id });
    const other = await kit.api(vendor, 'POST', '/api/notifications/broadcast', {
      segment: 'customers',
      ids: [foreign.id],
      text: 'x',
    });
    expect(other.status).toBe(404);
  });

  it('a broadcast to nobody with Telegram is finished at once', async () => {
    const unlinked = await kit.factory.customer({ organizationId: vendor.organizationId });
    const empty = await kit.api(vendor, 'POST', '/api/notifications/broadcast', {
      segment: 'customers',
      ids: [unlinked.id],
      text: 'Nobody hears this',
    });
    expect(empty.status).toBe(201);
    expect(empty.body).toMatchObject({ status: 'finished', total: 0, skipped: 1, pending: 0 });
  });
});
