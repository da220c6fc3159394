import { Injectable } from '@nestjs/common';
import { Context } from 'telegraf';

/** Handles `/start <payload>` (deep links); answers whether the payload was its own. */
export type StartPayloadHandler = (ctx: Context, payload: string) => Promise<boolean>;

/**
 * Where modules that hand out deep links (account linking) plug their `/start <payload>`
 * handling into the bot, without the bot depending on them.
 */
@Injectable()
export class StartPayloadRegistry {
  private readonly handlers: StartPayloadHandler[] = [];

  register(handler: StartPayloadHandler): void {
    this.handlers.push(handler);
  }

  /** True when a registered handler took the payload. */
  async handle(ctx: Context, payload: string): Promise<boolean> {
    for (const handler of this.handlers) {
      if (await handler(ctx, payload)) return true;
    }
    return false;
  }
}
