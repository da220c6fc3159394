import { FastifyInstance } from 'fastify';
import { SandboxServices } from '../sandbox-services';
import { BodyReader } from './body-reader';

/** Bots, users and chats: create them, list them. */
export function registerEntityRoutes(app: FastifyInstance, services: SandboxServices, prefix: string): void {
  const { state } = services;

  app.get(`${prefix}/state`, async () => ({
    seq: state.events.lastSeq,
    bots: [...state.bots.values()].map((bot) => bot.summary()),
    users: [...state.users.values()].map((u) => ({ ...u.user, phone_number: u.phoneNumber })),
    chats: [...state.chats.values()].map((chat) => chat.summary()),
    limits: state.rateLimiter.limits,
  }));

  app.post(`${prefix}/bots`, async (request) => {
    const body = new BodyReader(request.body);
    const bot = state.createBot({
      username: body.string('username'),
      token: body.optionalString('token'),
      firstName: body.optionalString('firstName'),
      privacyMode: body.optionalBoolean('privacyMode'),
      firstUpdateId: body.optionalNumber('firstUpdateId'),
    });
    return { ...bot.summary(), seq: state.events.lastSeq };
  });

  app.post(`${prefix}/users`, async (request) => {
    const body = new BodyReader(request.body);
    const record = state.createUser({
      firstName: body.string('firstName'),
      lastName: body.optionalString('lastName'),
      username: body.optionalString('username'),
      languageCode: body.optionalString('languageCode'),
      phoneNumber: body.optionalString('phoneNumber'),
      id: body.optionalNumber('id'),
    });
    return { ...record.user, phone_number: record.phoneNumber, seq: state.events.lastSeq };
  });

  app.post(`${prefix}/chats/private`, async (request) => {
    const body = new BodyReader(request.body);
    const chat = state.privateChat(state.requireBot(body.number('botId')), state.requireUser(body.number('userId')));
    return { ...chat.summary(), seq: state.events.lastSeq };
  });

  app.post(`${prefix}/chats`, async (request) => {
    const body = new BodyReader(request.body);
    const type = body.string('type');
    if (type !== 'group' && type !== 'supergroup' && type !== 'channel') {
      throw new Error('type is group, supergroup or channel');
    }
    const chat = services.members.createGroup({
      type,
      title: body.string('title'),
      creatorId: body.number('creatorId'),
      memberIds: body.optionalNumbers('memberIds'),
      forum: body.optionalBoolean('forum'),
      username: body.optionalString('username'),
    });
    return { ...chat.summary(), seq: state.events.lastSeq };
  });

  app.get<{ Params: { key: string } }>(`${prefix}/chats/:key`, async (request) =>
    state.requireChat(request.params.key).summary(),
  );

  app.get<{ Params: { key: string } }>(`${prefix}/chats/:key/messages`, async (request) =>
    state.requireChat(request.params.key).visibleMessages(),
  );

  // A raw Update for a bot, e.g. a recorded payload replayed as it is (update_id kept when given).
  app.post<{ Params: { botId: string } }>(`${prefix}/bots/:botId/updates`, async (request) => {
    const bot = state.requireBot(Number(request.params.botId));
    const body = new BodyReader(request.body);
    const update = body.raw('update') as Record<string, unknown> | undefined;
    if (typeof update !== 'object' || update === null) throw new Error('update is required');
    const kinds = Object.keys(update).filter((key) => key !== 'update_id');
    if (kinds.length !== 1) throw new Error('an update has exactly one field besides update_id');
    const updateId = typeof update.update_id === 'number' ? update.update_id : undefined;
    const queued = bot.updates.push(kinds[0], update[kinds[0]], { updateId, raw: true });
    if (!queued) throw new Error(`allowed_updates of the bot excludes ${kinds[0]}`);
    return { update_id: queued.update_id };
  });
}
