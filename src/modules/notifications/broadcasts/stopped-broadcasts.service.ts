import { Injectable } from '@nestjs/common';
import { BroadcastsRepository } from './broadcasts.repository';

const REFRESH_MS = 250;

/**
 * Which broadcasts were paused or cancelled, as the worker knows it a moment before each send: a
 * row claimed before its broadcast was paused waits for its slot (up to a second or so) and must
 * not go out after the pause. Read at most every 250 ms per process, not once per send.
 */
@Injectable()
export class StoppedBroadcasts {
  private stopped = new Set<string>();
  private readAt = 0;
  private reading?: Promise<void>;

  constructor(private readonly broadcasts: BroadcastsRepository) {}

  async isStopped(broadcastId: string): Promise<boolean> {
    if (Date.now() - this.readAt > REFRESH_MS) {
      this.reading ??= this.broadcasts
        .recentlyStopped()
        .then((ids) => {
          this.stopped = new Set(ids);
          this.readAt = Date.now();
        })
        .catch(() => undefined)
        .finally(() => (this.reading = undefined));
      await this.reading;
    }
    return this.stopped.has(broadcastId);
  }
}
