import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Json } from './sandbox-harness';

export interface ReceivedWebhook {
  headers: IncomingMessage['headers'];
  body: Json;
}

export type WebhookAnswer = { status: number; body?: unknown; delayMs?: number };

/** A webhook endpoint for tests: records what the sandbox POSTs and answers as told. */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly waiters: Array<{ count: number; resolve: () => void }> = [];
  private answers: Array<(hook: ReceivedWebhook) => WebhookAnswer> = [];
  private readonly server: Server;

  constructor() {
    this.server = createServer((request, response) => void this.handle(request, response));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/telegram/webhook`;
  }

  /** How the next deliveries are answered, in order; 200 afterwards. */
  answerWith(...answers: Array<WebhookAnswer | ((hook: ReceivedWebhook) => WebhookAnswer)>): void {
    this.answers.push(...answers.map((a) => (typeof a === 'function' ? a : () => a)));
  }

  /** Resolves once `count` deliveries arrived in total (no sleeps). */
  waitFor(count: number, timeoutMs = 5000): Promise<ReceivedWebhook[]> {
    if (this.received.length >= count) return Promise.resolve(this.received);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`Timed out: ${this.received.length} of ${count} webhook deliveries`)),
        timeoutMs,
      );
      this.waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve(this.received);
        },
      });
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const hook = { headers: request.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
    this.received.push(hook);
    const answer: WebhookAnswer = (this.answers.shift() ?? (() => ({ status: 200 })))(hook);
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    if (response.destroyed) return;
    response.writeHead(answer.status, answer.body === undefined ? {} : { 'content-type': 'application/json' });
    response.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    for (const waiter of this.waiters.filter((w) => this.received.length >= w.count)) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }
}
