import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SandboxClient } from '../../src/sandbox/client/sandbox-client';
import { sandboxPlugin } from '../../src/sandbox/sandbox.plugin';
import { SandboxState } from '../../src/sandbox/state/sandbox-state';
import { eventually } from './support/eventually';
import { callBotApi, expectOk, Json } from './support/sandbox-harness';

@Controller('api')
class PingController {
  @Get('ping')
  ping(): { pong: true } {
    return { pong: true };
  }

  @Post('echo')
  echo(@Body() body: unknown): unknown {
    return body;
  }
}

@Module({ controllers: [PingController] })
class HostModule {}

// The app mounts the same plugin on its own Fastify instance: both must keep working side by side.
describe('the sandbox mounted in a Nest + Fastify app', () => {
  let app: NestFastifyApplication;
  let url: string;
  const state = new SandboxState();

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(HostModule, new FastifyAdapter({ bodyLimit: 1024 }), {
      logger: false,
    });
    await app.register(sandboxPlugin, { state });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = await app.getUrl();
    url = url.replace('[::1]', '127.0.0.1');
  });

  it('serves the Bot API, the control API and the page next to the app’s routes', async () => {
    const client = new SandboxClient(url);
    const bot = await client.createBot({ username: 'inprocess_bot' });
    expect(state.bots.get(bot.id)?.username).toBe('inprocess_bot');
    expect(expectOk(await callBotApi(url, bot.token, 'getMe', {})).username).toBe('inprocess_bot');
    expect(await fetch(`${url}/api/ping`).then((r) => r.json())).toEqual({ pong: true });
    const page = await fetch(`${url}/sandbox`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('data-api="/sandbox/api"');
  });

  it('keeps the app’s own body parsing and errors, and its own body limit', async () => {
    const echo = await fetch(`${url}/api/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ a: 1 }),
    });
    expect(await echo.json()).toEqual({ a: 1 });
    const broken = await fetch(`${url}/api/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as Json).ok).toBeUndefined();
    const large = await fetch(`${url}/api/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'x'.repeat(2000) }),
    });
    expect(large.status).toBe(413);
  });

  it('takes uploads larger than the app’s body limit on the Bot API', async () => {
    const client = new SandboxClient(url);
    const bot = await client.createBot({ username: 'upload_host_bot' });
    const alice = await client.createUser({ firstName: 'Alice' });
    const chat = await alice.privateChat(bot);
    await chat.sendCommand(alice, 'start');
    const document = new File([Buffer.alloc(100_000, 7)], 'big.bin');
    const sent = expectOk(
      await callBotApi(url, bot.token, 'sendDocument', { chat_id: alice.id, document }, 'multipart'),
    );
    expect(sent.document.file_size).toBe(100_000);
  });

  it('closes with the app while an event stream and a long poll are open', async () => {
    const client = new SandboxClient(url);
    const bot = await client.createBot({ username: 'closing_host_bot' });
    const stream = await fetch(`${url}/sandbox/api/events/stream`);
    expect(stream.headers.get('content-type')).toBe('text/event-stream');
    const poll = callBotApi(url, bot.token, 'getUpdates', { timeout: 50 });
    await eventually(() => expect(state.bots.get(bot.id)?.updates.isPolling).toBe(true));
    await app.close();
    expect(expectOk(await poll)).toEqual([]);
    await stream.body?.cancel();
  });
});
