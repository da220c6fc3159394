import { samplePng } from '../../src/sandbox/control/sample-image';
import { SandboxChat } from '../../src/sandbox/client/sandbox-chat';
import { SandboxBotHandle } from '../../src/sandbox/client/sandbox-handles';
import { SandboxUserHandle } from '../../src/sandbox/client/sandbox-user';
import { Harness, expectError, expectOk, startHarness } from './support/sandbox-harness';

describe('sendPhoto, sendDocument, getFile and downloads', () => {
  let h: Harness;
  let bot: SandboxBotHandle;
  let alice: SandboxUserHandle;
  let chat: SandboxChat;

  beforeAll(async () => {
    h = await startHarness({ limits: { enabled: false } });
    bot = await h.client.createBot({ username: 'acme_crm_bot' });
    alice = await h.client.createUser({ firstName: 'Alice' });
    chat = await alice.privateChat(bot);
    await chat.sendCommand(alice, 'start');
  });

  afterAll(() => h.close());

  const download = async (fileId: string): Promise<Buffer> => {
    const file = expectOk(await h.call(bot.token, 'getFile', { file_id: fileId }));
    expect(file).toMatchObject({ file_id: fileId, file_unique_id: expect.any(String), file_path: expect.any(String) });
    const response = await fetch(`${h.sandbox.url}/file/bot${bot.token}/${file.file_path}`);
    expect(response.status).toBe(200);
    return Buffer.from(await response.arrayBuffer());
  };

  it('uploads a photo (multipart) in several sizes, with an HTML caption', async () => {
    const png = samplePng(1600, 900);
    const message = expectOk(
      await h.call(
        bot.token,
        'sendPhoto',
        {
          chat_id: alice.id,
          photo: new File([png], 'chart.png', { type: 'image/png' }),
          caption: '<b>Q3</b> chart',
          parse_mode: 'HTML',
        },
        'multipart',
      ),
    );
    expect(message.photo.map((size: { width: number; height: number }) => [size.width, size.height])).toEqual([
      [90, 51],
      [320, 180],
      [800, 450],
      [1280, 720],
      [1600, 900],
    ]);
    expect(message).toMatchObject({ caption: 'Q3 chart', caption_entities: [{ type: 'bold', offset: 0, length: 2 }] });
    expect(await download(message.photo.at(-1).file_id)).toEqual(png);
  });

  it('sends a photo again by file_id, and refuses what is not an image or not a file', async () => {
    const first = expectOk(
      await h.call(bot.token, 'sendPhoto', { chat_id: alice.id, photo: new File([samplePng()], 'a.png') }, 'multipart'),
    );
    const again = expectOk(await h.call(bot.token, 'sendPhoto', { chat_id: alice.id, photo: first.photo[0].file_id }));
    expect(again.photo).toHaveLength(1);
    expectError(
      await h.call(
        bot.token,
        'sendPhoto',
        { chat_id: alice.id, photo: new File(['plain text'], 'a.png') },
        'multipart',
      ),
      400,
      'Bad Request: IMAGE_PROCESS_FAILED',
    );
    expectError(
      await h.call(bot.token, 'sendPhoto', { chat_id: alice.id, photo: 'no-such-file-id' }),
      400,
      'Bad Request: wrong file identifier/HTTP URL specified',
    );
    expectError(
      await h.call(bot.token, 'sendPhoto', { chat_id: alice.id }),
      400,
      'Bad Request: there is no photo in the request',
    );
    expectError(
      await h.call(bot.token, 'sendPhoto', {
        chat_id: alice.id,
        photo: first.photo[0].file_id,
        caption: 'x'.repeat(1025),
      }),
      400,
      'Bad Request: message caption is too long',
    );
  });

  it('uploads a document with its name and type, downloadable by the bot', async () => {
    const pdf = Buffer.from('%PDF-1.4 contract');
    const message = expectOk(
      await h.call(
        bot.token,
        'sendDocument',
        {
          chat_id: alice.id,
          document: new File([pdf], 'contract.pdf', { type: 'application/pdf' }),
          caption: 'Signed',
        },
        'multipart',
      ),
    );
    expect(message.document).toMatchObject({
      file_name: 'contract.pdf',
      mime_type: 'application/pdf',
      file_size: pdf.length,
    });
    expect(message.caption).toBe('Signed');
    expect(await download(message.document.file_id)).toEqual(pdf);
    expectError(
      await h.call(bot.token, 'sendDocument', { chat_id: alice.id }),
      400,
      'Bad Request: there is no document in the request',
    );
  });

  it('lets the bot download what a user sent, and refuses an unknown file_id or path', async () => {
    const csv = Buffer.from('name,amount\nAcme,12400\n');
    const sent = await chat.sendDocument(alice, { data: csv, fileName: 'deals.csv', mimeType: 'text/csv' });
    const photo = await chat.sendPhoto(alice, { caption: 'receipt' });
    const updates = expectOk(await h.call(bot.token, 'getUpdates', {}));
    expect(updates.at(-2).message.document).toEqual(sent.document);
    expect(updates.at(-1).message).toMatchObject({ caption: 'receipt', photo: [{ width: 64, height: 48 }] });
    expect(await download(sent.document?.file_id as string)).toEqual(csv);
    expect(photo.photo?.at(-1)).toMatchObject({ width: 64, height: 48 });
    expectError(await h.call(bot.token, 'getFile', { file_id: 'nope' }), 400, 'Bad Request: invalid file_id');
    const missing = await fetch(`${h.sandbox.url}/file/bot${bot.token}/documents/none.pdf`);
    expect(missing.status).toBe(404);
  });

  it('fetches a photo given by HTTP URL, and says so when the URL does not answer', async () => {
    const page = await chat.sendPhoto(alice);
    const fileUrl = `${h.sandbox.url}/sandbox/api/files/${page.photo?.[0].file_id}`;
    const message = expectOk(await h.call(bot.token, 'sendPhoto', { chat_id: alice.id, photo: fileUrl }));
    expect(message.photo.at(-1)).toMatchObject({ width: 64, height: 48 });
    expectError(
      await h.call(bot.token, 'sendPhoto', { chat_id: alice.id, photo: `${h.sandbox.url}/sandbox/api/files/missing` }),
      400,
      'Bad Request: failed to get HTTP URL content',
    );
  });
});
