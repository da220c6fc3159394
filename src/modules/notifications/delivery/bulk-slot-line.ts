import { Reservation, TelegramRateLimiter } from '../../../core/telegram/telegram-rate-limiter';
import { sleep } from '../../../core/timing/sleep';

// At most this many rows of the line ask Redis at once.
const MAX_BATCH = 32;
// A line that found the schedule full waits at least this long before asking again.
const MIN_SLEEP_MS = 10;

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
 * Bulk rows waiting for the schedule to move wait in one line per process, and only its front
 * asks Redis, as many rows at a time as the schedule has room for: hundreds of jobs in flight
 * do not poll. A row whose own chat decides its slot (the chat's one a second, a group's twenty
 * a minute, a 429 hold) does not hold up the line: it takes that slot (or learns it is further
 * than `maxWaitMs` away) at once.
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
      // Rows at the front of the line ask together (one Redis round trip, pipelined): as many as
      // the schedule is likely to have room for. While nothing is booked that is a whole batch;
      // after a refusal, those that fit in the slots freed while the line slept.
      let batchSize = MAX_BATCH;
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, batchSize);
        const answers = await Promise.allSettled(batch.map((w) => this.limiter.reserve(w.chatId, this.horizonMs)));
        const again: Waiting[] = [];
        let firstFree = Infinity;
        let furthest = 0;
        answers.forEach((answer, i) => {
          const row = batch[i];
          if (answer.status === 'rejected') return row.reject(answer.reason);
          const reservation = answer.value;
          if (reservation.reserved && !reservation.chatBound) furthest = Math.max(furthest, reservation.delayMs);
          if (reservation.reserved || reservation.delayMs > this.maxWaitMs) row.resolve(reservation);
          // Its chat's own next slot, within reach: taken like any row's, without the line.
          else if (reservation.chatBound)
            this.limiter.reserve(row.chatId, this.maxWaitMs).then(row.resolve, row.reject);
          else {
            again.push(row);
            firstFree = Math.min(firstFree, reservation.delayMs);
          }
        });
        const width = this.limiter.slotWidthMs;
        if (again.length === 0) {
          // Room left within the horizon after the furthest slot just taken: ask for that many.
          const room = Math.floor((this.horizonMs - furthest) / width);
          if (room >= 1) {
            batchSize = Math.min(MAX_BATCH, room);
            continue;
          }
          firstFree = furthest + width;
        } else {
          this.waiting.unshift(...again);
        }
        // The first free slot is beyond the horizon: it comes within reach after this long, and
        // by then about this many more.
        const wait = Math.max(MIN_SLEEP_MS, firstFree - this.horizonMs + 1);
        batchSize = Math.min(MAX_BATCH, Math.max(1, Math.floor(wait / width)));
        await sleep(wait);
      }
    } finally {
      this.running = false;
    }
  }
}
