import { Reservation, TelegramRateLimiter } from '../../../core/telegram/telegram-rate-limiter';

const sleep = (ms: number): Promise<void> =>
  ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();

interface Waiting {
  chatId: string;
  resolve: (reservation: Reservation) => void;
  reject: (error: unknown) => void;
}

/**
 * Where broadcast and digest rows (bulk priority) take their send slots: they book at most
 * `horizonMs` ahead, so the schedule beyond stays free for direct messages and event
 * notifications, which book up to `maxWaitMs` ahead and so always find a slot before a running
 * broadcast's next ones. Without it a broadcast keeps every slot in reach taken and a staff
 * member's messages to one chat lose the race for the edge of the schedule again and again.
 *
 * Bulk rows waiting for the schedule to move wait in one line per process, and only its head
 * asks Redis: hundreds of jobs in flight do not poll. A row whose own chat decides its slot
 * (the chat's one a second, a group's twenty a minute, a 429 hold) does not hold up the line:
 * it takes that slot (or learns it is further than `maxWaitMs` away) at once.
 */
export class BulkSlotLine {
  private readonly waiting: Waiting[] = [];
  private running = false;

  constructor(
    private readonly limiter: TelegramRateLimiter,
    private readonly horizonMs: number,
    private readonly maxWaitMs: number,
  ) {}

  /** A reserved slot within the horizon, or (not reserved) how far the row's own next slot is. */
  reserve(chatId: string): Promise<Reservation> {
    return new Promise<Reservation>((resolve, reject) => {
      this.waiting.push({ chatId, resolve, reject });
      void this.run();
    });
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.waiting.length > 0) {
        const head = this.waiting[0];
        try {
          const reservation = await this.limiter.reserve(head.chatId, this.horizonMs);
          if (reservation.reserved || reservation.delayMs > this.maxWaitMs) {
            this.waiting.shift();
            head.resolve(reservation);
          } else if (reservation.chatBound) {
            // Its chat's own next slot, within reach: taken like any row's, without the line.
            this.waiting.shift();
            this.limiter.reserve(head.chatId, this.maxWaitMs).then(head.resolve, head.reject);
          } else {
            // The first free slot is beyond the horizon: it comes within reach after this long.
            await sleep(reservation.delayMs - this.horizonMs + 1);
          }
        } catch (error) {
          this.waiting.shift();
          head.reject(error);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
