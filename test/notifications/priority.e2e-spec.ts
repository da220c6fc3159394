import { TestUser } from '../support/factories';
import { Json } from '../support/test-app';
import { NotifyKit, startNotifyKit, WAIT, waitFor } from './notify-kit';

// A slow bot (5 messages a second on both sides): a broadcast keeps more than the schedule's
// reach booked, which is when staff messages used to lose the race for slots.
const RATE = 5;

describe('priorities while a broadcast runs', () => {
  let kit: NotifyKit;
  let vendor: TestUser;

  beforeAll(async () => {
    kit = await startNotifyKit('priority_notify_bot', {
      limits: { botPerSecond: RATE },
      env: { NOTIFY_GLOBAL_PER_SECOND: String(RATE) },
    });
    vendor = await kit.factory.user({ role: 'vendor' });
    await kit.linkedClients(40, vendor);
  });
  afterAll(() => kit.close());

  const progress = async (id: string): Promise<Json> =>
    (await kit.api(vendor, 'GET', `/api/notifications/broadcasts/${id}`)).body;

  it("staff messages to one chat go at that chat's own pace, not after the broadcast", async () => {
    const employee = await kit.factory.user({ role: 'employee', organizationId: vendor.organizationId });
    const emil = await kit.linkUser(employee);
    const started = await kit.api(vendor, 'POST', '/api/notifications/broadcast', {
      segment: 'linked_customers',
      text: 'Priority chain test',
    });
    await waitFor(async () => ((await progress(started.body.id)).sent >= 3 ? true : undefined), 'the broadcast going');
    const sentAt = Date.now();
    for (let i = 1; i <= 5; i++)
      await kit.api(vendor, 'POST', '/api/notifications', { userId: employee.id, text: `Urgent ${i}` });
    const arrivals: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const message = await emil.chat.nextBotMessage(WAIT);
      expect(message.text).toMatch(new RegExp(`Urgent ${i}$`));
      arrivals.push(Date.now());
    }
    // Each one about a second after the one before (the chat's limit, rounded up to the
    // schedule's next 200 ms slot), none put back behind the broadcast's slots.
    const gaps = arrivals.slice(1).map((at, i) => at - arrivals[i]);
    expect(arrivals[0] - sentAt).toBeLessThan(1500);
    expect(Math.max(...gaps)).toBeLessThan(1400);
    expect((await progress(started.body.id)).pending).toBeGreaterThan(0);
    await waitFor(async () => ((await progress(started.body.id)).status === 'finished' ? true : undefined), 'finished');
  });
});
