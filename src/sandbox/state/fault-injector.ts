export type FaultKind = '429' | '500' | 'slow' | 'reset';

export interface FaultSpec {
  kind: FaultKind;
  /** Only calls to this chat (chat_id as sent); every call when absent. */
  chatId?: number | string;
  botId?: number;
  /** Only this Bot API method (case-insensitive). */
  method?: string;
  /** For 429: the retry_after to answer. */
  retryAfter?: number;
  /** For slow: how long the answer takes (the call then runs normally). */
  delayMs?: number;
  /** How many calls it hits; 1 by default. */
  count?: number;
}

export interface Fault extends FaultSpec {
  id: number;
  remaining: number;
}

/** Failures a test asks for: 429s, 500s, slow answers and dropped connections, globally or per chat. */
export class FaultInjector {
  private faults: Fault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): Fault {
    const fault: Fault = { ...spec, id: this.nextId++, remaining: spec.count ?? 1 };
    this.faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return [...this.faults];
  }

  clear(): void {
    this.faults = [];
  }

  /** The first fault matching this call, consumed once. */
  take(botId: number, method: string, chatId: unknown): Fault | undefined {
    const fault = this.faults.find(
      (f) =>
        (f.botId === undefined || f.botId === botId) &&
        (f.method === undefined || f.method.toLowerCase() === method.toLowerCase()) &&
        (f.chatId === undefined || (chatId !== undefined && String(f.chatId) === String(chatId))),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }
}
