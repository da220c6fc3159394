import type { Reservation, TelegramRateLimiter } from '../../../core/telegram/telegram-rate-limiter';
import { BulkSlotLine } from './bulk-slot-line';

/**
 * A schedule in memory with the limiter's contract: one slot every `width` ms from now on, a slot
 * further than `maxDelayMs` away not taken; the chat `slow` has its next slot 800 ms away.
 */
class MemorySchedule {
  readonly width = 5;
  calls = 0;
  taken: { at: number; askedAt: number }[] = [];
  private next = Date.now();

  async reserve(chatId: string, maxDelayMs = 0): Promise<Reservation> {
    this.calls++;
    await new Promise((resolve) => setImmediate(resolve));
    const now = Date.now();
    const chatBound = chatId === 'slow';
    const at = chatBound ? now + 800 : Math.max(this.next, now);
    const common = { slot: 0, slotAt: at, dueAt: at, chatBound, chatId };
    if (maxDelayMs > 0 && at - now > maxDelayMs) return { ...common, delayMs: at - now, reserved: false };
    if (!chatBound) this.next = at + this.width;
    this.taken.push({ at, askedAt: now });
    return { ...common, delayMs: Math.max(0, at - now), reserved: true };
  }

  get slotWidthMs(): number {
    return this.width;
  }
}

describe('BulkSlotLine', () => {
  it('books no further ahead than its horizon, and asks about once per row', async () => {
    const schedule = new MemorySchedule();
    const line = new BulkSlotLine(schedule as unknown as TelegramRateLimiter, 100, 1500);
    const reservations = await Promise.all(Array.from({ length: 100 }, (_, i) => line.reserve(String(i))));
    expect(reservations.every((r) => r.reserved)).toBe(true);
    // 100 rows, 5 ms apart: the line waited for the schedule instead of booking 500 ms ahead.
    for (const { at, askedAt } of schedule.taken) expect(at - askedAt).toBeLessThanOrEqual(100);
    expect(schedule.calls).toBeLessThan(130);
  });

  it('does not let a row whose own chat decides its slot hold up the rows behind it', async () => {
    const schedule = new MemorySchedule();
    const line = new BulkSlotLine(schedule as unknown as TelegramRateLimiter, 100, 1500);
    const started = Date.now();
    const slow = line.reserve('slow');
    const others = await Promise.all(Array.from({ length: 10 }, (_, i) => line.reserve(String(i))));
    // The ten took the next 50 ms of slots; the slow chat's slot, 800 ms away, was taken too.
    expect(others.every((r) => r.reserved)).toBe(true);
    expect(Date.now() - started).toBeLessThan(400);
    expect(await slow).toMatchObject({ reserved: true, chatBound: true });
  });
});
