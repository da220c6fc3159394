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
    return this.calls.filter(
      (call) =>
        (method === undefined || call.method.toLowerCase() === method) &&
        (filter.botId === undefined || call.botId === filter.botId) &&
        (filter.after === undefined || call.seq > filter.after),
    );
  }
}
