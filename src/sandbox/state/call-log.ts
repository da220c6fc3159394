export interface ApiErrorBody {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export interface RecordedCall {
  seq: number;
  time: number;
  botId: number;
  method: string;
  params: Record<string, unknown>;
  ok: boolean;
  result?: unknown;
  error?: ApiErrorBody;
}

export interface Violation {
  time: number;
  botId: number;
  chatId: number;
  method: string;
  /** The retry_after that was still running when the bot sent anyway. */
  retryAfter: number;
}

/** Every Bot API call the bots made, bounded so that a benchmark cannot exhaust memory. */
export class CallLog {
  private readonly calls: RecordedCall[] = [];
  private seq = 0;

  constructor(private readonly capacity = 100000) {}

  record(call: Omit<RecordedCall, 'seq'>): RecordedCall {
    this.seq += 1;
    const recorded = { ...call, seq: this.seq };
    this.calls.push(recorded);
    if (this.calls.length > this.capacity) this.calls.splice(0, this.calls.length - this.capacity);
    return recorded;
  }

  list(filter: { method?: string; botId?: number; after?: number } = {}): RecordedCall[] {
    const method = filter.method?.toLowerCase();
    // Calls are kept in `seq` order: a reader that follows the log (`after`) skips what it read
    // without scanning it, so polling stays cheap while bots send at full speed.
    const from = filter.after === undefined ? 0 : this.firstAfter(filter.after);
    const found: RecordedCall[] = [];
    for (let i = from; i < this.calls.length; i++) {
      const call = this.calls[i];
      if (method !== undefined && call.method.toLowerCase() !== method) continue;
      if (filter.botId !== undefined && call.botId !== filter.botId) continue;
      found.push(call);
    }
    return found;
  }

  private firstAfter(seq: number): number {
    let low = 0;
    let high = this.calls.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.calls[mid].seq > seq) high = mid;
      else low = mid + 1;
    }
    return low;
  }
}
