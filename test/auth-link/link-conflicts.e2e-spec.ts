import { LinkConsumerService } from '../../src/modules/auth-link/link-consumer.service';
import { TestUser } from '../support/factories';
import { api, LinkKit, openLink, Person, say, startLinkKit, telegramPerson, WAIT } from './link-test-kit';

// Races and accounts that already stand for someone: nothing moves without the person saying so.
describe('linking when the token or the Telegram account is contested', () => {
  let kit: LinkKit;
  let vendor: TestUser;

  beforeAll(async () => {
    kit = await startLinkKit('contested_link_bot');
    vendor = await kit.factory.user({ role: 'vendor', name: 'Vera Vendor' });
  });
  afterAll(() => kit.close());

  const status = async (user: TestUser) => (await api(kit, user, 'GET', '/api/telegram/user/status')).body;
  const newLink = async (user: TestUser): Promise<string> =>
    (await api(kit, user, 'POST', '/api/telegram/user/generate-link')).body.token;

  it('two people opening one link at the same time: exactly one is linked', async () => {
    const employee = await kit.factory.user({ role: 'employee', organizationId: vendor.organizationId });
    const token = await newLink(employee);
    const people = [await telegramPerson(kit, 'Ann', 'ann_tg'), await telegramPerson(kit, 'Bob', 'bob_tg')];
    await Promise.all(people.map((p) => p.chat.sendCommand(p.user, 'start', { args: token })));
    const replies = await Promise.all(people.map(async (p) => (await p.chat.nextBotMessage(WAIT)).text ?? ''));

    const winners = replies.filter((r) => r.includes('now linked'));
    expect(winners).toHaveLength(1);
    expect(replies.filter((r) => r.startsWith('This link is not valid'))).toHaveLength(1);
    const winner = people[replies.findIndex((r) => r.includes('now linked'))];
    const loser = people.find((p) => p !== winner)!;
    expect((await status(employee)).telegramUsername).toBe(winner.user.username);
    expect(await say(loser, '/me')).toContain('You are not signed in');
  });

  it('eight uses of one token racing inside the service: exactly one wins', async () => {
    const employee = await kit.factory.user({ role: 'employee', organizationId: vendor.organizationId });
    const token = await newLink(employee);
    const consumer = kit.t.app.get(LinkConsumerService);
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        consumer.openLink(
          token,
          { telegramUserId: 900_000 + i, telegramUsername: `racer${i}`, firstName: 'Racer' },
          new Date(),
          false,
        ),
      ),
    );
    expect(outcomes.filter((o) => o.kind === 'signed-in')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'invalid')).toHaveLength(7);
    expect((await status(employee)).connected).toBe(true);
  });

  it('asks before moving a Telegram account linked to someone else: No keeps it, Yes moves it', async () => {
    const ann = await kit.factory.user({ role: 'employee', organizationId: vendor.organizationId, name: 'Ann Able' });
    const ben = await kit.factory.user({ role: 'employee', organizationId: vendor.organizationId, name: 'Ben Baker' });
    const phone = await telegramPerson(kit, 'Shared');
    expect(await openLink(phone, await newLink(ann))).toContain('Hi Ann Able!');

    const benToken = await newLink(ben);
    await phone.chat.sendCommand(phone.user, 'start', { args: benToken });
    const question = await phone.chat.nextBotMessage(WAIT);
    expect(question.text).toMatch(
      /^This Telegram account is linked to the CRM account of Ann Able \(employee, .+\)\.\n\nLink it to Ben Baker \(employee, .+\) instead\? The current link ends\.$/,
    );
    const buttons = question.reply_markup?.inline_keyboard[0] as Array<{ text: string; callback_data: string }>;
    expect(buttons.map((b) => b.text)).toEqual(['Yes, link it', 'No, keep it']);
    for (const b of buttons) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);

    // No: nothing changes.
    const no = await phone.chat.pressButton(question, buttons[1].callback_data);
    expect((await no.answer(WAIT)).text).toBe('Nothing changed');
    expect((await phone.chat.nextEdit({ ...WAIT, message: question })).text).toBe('Kept as it was: nothing changed.');
    expect((await status(ann)).connected).toBe(true);
    expect((await status(ben)).connected).toBe(false);
    expect(await say(phone, '/me')).toContain('Ann Able');

    // The same link again, and Yes: the account moves to Ben, Ann's link ends.
    await phone.chat.sendCommand(phone.user, 'start', { args: benToken });
    const again = await phone.chat.nextBotMessage(WAIT);
    const yes = await phone.chat.pressButton(
      again,
      (again.reply_markup?.inline_keyboard[0][0] as { callback_data: string }).callback_data,
    );
    expect((await yes.answer(WAIT)).text).toBe('Linked');
    expect((await phone.chat.nextEdit({ ...WAIT, message: again })).text).toContain('Hi Ben Baker!');
    expect((await status(ann)).connected).toBe(false);
    expect((await status(ben)).connected).toBe(true);
    expect(await say(phone, '/me')).toContain('Ben Baker');
  });

  it('a token of another organization’s user does not silently take over a linked account', async () => {
    const phone = await telegramPerson(kit, 'Vera');
    expect(await openLink(phone, await newLink(vendor))).toContain('Hi Vera Vendor!');
    const foreign = await kit.factory.user({ role: 'vendor', name: 'Olga Other' });
    await phone.chat.sendCommand(phone.user, 'start', { args: await newLink(foreign) });
    const question = await phone.chat.nextBotMessage(WAIT);
    expect(question.text).toContain('linked to the CRM account of Vera Vendor');
    expect(question.text).toContain('Link it to Olga Other (vendor,');
    const no = await phone.chat.pressButton(question, 'lk:n');
    await no.answer(WAIT);
    await phone.chat.nextEdit({ ...WAIT, message: question });
    expect((await status(foreign)).connected).toBe(false);
    expect((await status(vendor)).connected).toBe(true);
    expect(await say(phone, '/me')).toContain(vendor.email);
  });

  it('a new link opened on another Telegram account moves the link and signs the old chat out', async () => {
    const employee = await kit.factory.user({ role: 'employee', organizationId: vendor.organizationId, name: 'Moe' });
    const oldPhone: Person = await telegramPerson(kit, 'Moe', 'moe_old');
    const newPhone: Person = await telegramPerson(kit, 'Moe', 'moe_new');
    await openLink(oldPhone, await newLink(employee));
    expect(await openLink(newPhone, await newLink(employee))).toContain('Hi Moe!');
    expect((await oldPhone.chat.nextBotMessage(WAIT)).text).toContain(
      'Your CRM account was linked to another Telegram account, so this chat is signed out.',
    );
    expect((await status(employee)).telegramUsername).toBe('moe_new');
    expect(await say(oldPhone, '/me')).toContain('You are not signed in');
    expect(await say(newPhone, '/me')).toContain('Moe');
  });
});
