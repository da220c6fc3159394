import { RawUpdate } from './update-key.util';

/** What runs one update (the Telegraf bot in production). */
export abstract class UpdateHandler {
  abstract handle(update: RawUpdate): Promise<void>;
}
