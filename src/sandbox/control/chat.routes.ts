import { FastifyInstance } from 'fastify';
import { menuScopeKeys } from '../methods/command-scope';
import { SandboxServices } from '../sandbox-services';
import { BodyReader } from './body-reader';
import { samplePng } from './sample-image';

type ChatRoute = { Params: { key: string; id?: string }; Querystring: Record<string, string | undefined> };

/** What people do in a chat: write, send files, press buttons, manage members. */
export function registerChatRoutes(app: FastifyInstance, services: SandboxServices, prefix: string): void {
  const { state, users, members } = services;
  const seq = (): { seq: number } => ({ seq: state.events.lastSeq });
  const chatPath = `${prefix}/chats/:key`;

  app.post<ChatRoute>(`${chatPath}/messages`, async (request) => {
    const body = new BodyReader(request.body);
    const message = users.sendText(request.params.key, body.number('userId'), body.string('text'), placement(body));
    return { message, ...seq() };
  });

  app.patch<ChatRoute>(`${chatPath}/messages/:id`, async (request) => {
    const body = new BodyReader(request.body);
    const message = users.editText(
      request.params.key,
      body.number('userId'),
      Number(request.params.id),
      body.string('text'),
    );
    return { message, ...seq() };
  });

  app.post<ChatRoute>(`${chatPath}/photos`, async (request) => {
    const body = new BodyReader(request.body);
    const file = body.optionalFile() ?? { data: samplePng(), fileName: 'photo.png', mimeType: 'image/png' };
    const message = users.sendPhoto(
      request.params.key,
      body.number('userId'),
      file,
      body.optionalString('caption'),
      placement(body),
    );
    return { message, ...seq() };
  });

  app.post<ChatRoute>(`${chatPath}/documents`, async (request) => {
    const body = new BodyReader(request.body);
    const file = body.optionalFile();
    if (!file) throw new Error('base64 (the file) is required');
    const message = users.sendDocument(
      request.params.key,
      body.number('userId'),
      file,
      body.optionalString('caption'),
      placement(body),
    );
    return { message, ...seq() };
  });

  app.post<ChatRoute>(`${chatPath}/contact`, async (request) => {
    const body = new BodyReader(request.body);
    const message = users.shareContact(request.params.key, body.number('userId'), {
      phoneNumber: body.optionalString('phoneNumber'),
    });
    return { message, ...seq() };
  });

  app.post<ChatRoute>(`${chatPath}/callbacks`, async (request) => {
    const body = new BodyReader(request.body);
    const pressed = users.pressButton(
      request.params.key,
      body.number('userId'),
      body.number('messageId'),
      body.string('data'),
    );
    return { ...pressed, ...seq() };
  });

  app.post<ChatRoute>(`${chatPath}/block`, async (request) => {
    users.blockBot(request.params.key);
    return seq();
  });

  app.post<ChatRoute>(`${chatPath}/unblock`, async (request) => {
    users.unblockBot(request.params.key);
    return seq();
  });

  app.post<ChatRoute>(`${chatPath}/bots`, async (request) => {
    const body = new BodyReader(request.body);
    members.addBot(request.params.key, body.number('botId'), body.optionalNumber('byUserId'));
    return seq();
  });

  app.delete<ChatRoute>(`${chatPath}/bots/:id`, async (request) => {
    members.removeBot(request.params.key, Number(request.params.id), optionalNumber(request.query.byUserId));
    return seq();
  });

  app.post<ChatRoute>(`${chatPath}/members`, async (request) => {
    const body = new BodyReader(request.body);
    members.addUser(request.params.key, body.number('userId'), body.optionalNumber('byUserId'));
    return seq();
  });

  app.delete<ChatRoute>(`${chatPath}/members/:id`, async (request) => {
    members.removeUser(request.params.key, Number(request.params.id), optionalNumber(request.query.byUserId));
    return seq();
  });

  app.post<ChatRoute>(`${chatPath}/admins`, async (request) => {
    members.makeAdmin(request.params.key, new BodyReader(request.body).number('memberId'));
    return seq();
  });

  app.post<ChatRoute>(`${chatPath}/topics`, async (request) => {
    const body = new BodyReader(request.body);
    return { ...members.createTopic(request.params.key, body.number('userId'), body.string('name')), ...seq() };
  });

  // The command menu a user sees in this chat: for each bot, the most specific list set for them.
  app.get<ChatRoute>(`${chatPath}/commands`, async (request) => {
    const chat = state.requireChat(request.params.key);
    const userId = Number(request.query.userId);
    const language = state.users.get(userId)?.user.language_code ?? '';
    const isAdmin = ['creator', 'administrator'].includes(chat.statusOf(userId));
    return services.updates.botsIn(chat).map((bot) => {
      const keys = menuScopeKeys(chat, userId, isAdmin);
      const found = keys
        .flatMap((key) => [`${key}|${language}`, `${key}|`])
        .map((key) => bot.commands.get(key))
        .find((list) => list !== undefined);
      return { botId: bot.id, username: bot.username, commands: found ?? [] };
    });
  });
}

function placement(body: BodyReader): { replyToMessageId?: number; threadId?: number } {
  return { replyToMessageId: body.optionalNumber('replyToMessageId'), threadId: body.optionalNumber('threadId') };
}

function optionalNumber(value: string | undefined): number | undefined {
  return value === undefined || value === '' ? undefined : Number(value);
}
