export interface RateLimits {
  enabled: boolean;
  /** Messages per second the bot may send in total (Telegram: about 30). */
  botPerSecond: number;
  /** Sustained messages per second to one chat (Telegram: 1)… */
  chatPerSecond: number;
  /** …with short bursts of this many tolerated. */
  chatBurst: number;
  /** Messages per minute to one group or supergroup (Telegram: 20). */
  groupPerMinute: number;
  /** How much longer the wait gets when a sender ignores retry_after ("sending more only makes it longer"). */
  violationPenaltySeconds: number;
}

export const TELEGRAM_RATE_LIMITS: RateLimits = {
  enabled: true,
  botPerSecond: 30,
  chatPerSecond: 1,
  chatBurst: 2,
  groupPerMinute: 20,
  violationPenaltySeconds: 1,
};

export type RateLimitName = 'bot' | 'chat' | 'group' | 'retry_after';

export type RateDecision =
  { allowed: true } | { allowed: false; retryAfter: number; limit: RateLimitName; violation: boolean };

interface ChatBudget {
  tokens: number;
  updatedAt: number;
  blockedUntil: number;
  groupSends: number[];
}

/**
 * Telegram's flood limits for what a bot sends: a sliding second per bot, a token bucket per chat
 * (1/s with a burst of 2) and a sliding minute per group. A 429 blocks the chat for retry_after
 * seconds; sending to it before that is a violation and prolongs the block.
 */
export class RateLimiter {
  private readonly botSends = new Map<number, number[]>();
  private readonly chats = new Map<string, ChatBudget>();

  constructor(
    private readonly now: () => number,
    public limits: RateLimits,
  ) {}

  configure(limits: Partial<RateLimits>): RateLimits {
    this.limits = { ...this.limits, ...limits };
    return this.limits;
  }

  /** Decides one send by `botId` to `chatId`; an allowed send is counted. */
  take(botId: number, chatId: number, isGroup: boolean): RateDecision {
    const now = this.now();
    const budget = this.budget(botId, chatId, now);
    if (budget.blockedUntil > now) {
      budget.blockedUntil += this.limits.violationPenaltySeconds * 1000;
      return { allowed: false, retryAfter: seconds(budget.blockedUntil - now), limit: 'retry_after', violation: true };
    }
    if (!this.limits.enabled) return { allowed: true };
    const refused = this.refusal(botId, budget, isGroup, now);
    if (refused) {
      budget.blockedUntil = now + refused.retryAfter * 1000;
      return { allowed: false, retryAfter: refused.retryAfter, limit: refused.limit, violation: false };
    }
    budget.tokens -= 1;
    this.sendsOf(botId, now).push(now);
    if (isGroup) budget.groupSends.push(now);
    return { allowed: true };
  }

  /** An injected 429 blocks the chat like a real one. */
  block(botId: number, chatId: number, retryAfterSeconds: number): void {
    const now = this.now();
    const budget = this.budget(botId, chatId, now);
    budget.blockedUntil = Math.max(budget.blockedUntil, now + retryAfterSeconds * 1000);
  }

  private refusal(
    botId: number,
    budget: ChatBudget,
    isGroup: boolean,
    now: number,
  ): { retryAfter: number; limit: RateLimitName } | undefined {
    const sends = this.sendsOf(botId, now);
    if (sends.length >= this.limits.botPerSecond) return { retryAfter: seconds(sends[0] + 1000 - now), limit: 'bot' };
    if (budget.tokens < 1) {
      return { retryAfter: seconds(((1 - budget.tokens) / this.limits.chatPerSecond) * 1000), limit: 'chat' };
    }
    if (isGroup) {
      while (budget.groupSends.length > 0 && budget.groupSends[0] <= now - 60000) budget.groupSends.shift();
      if (budget.groupSends.length >= this.limits.groupPerMinute) {
        return { retryAfter: seconds(budget.groupSends[0] + 60000 - now), limit: 'group' };
      }
    }
    return undefined;
  }

  private sendsOf(botId: number, now: number): number[] {
    let sends = this.botSends.get(botId);
    if (!sends) {
      sends = [];
      this.botSends.set(botId, sends);
    }
    while (sends.length > 0 && sends[0] <= now - 1000) sends.shift();
    return sends;
  }

  private budget(botId: number, chatId: number, now: number): ChatBudget {
    const key = `${botId}:${chatId}`;
    let budget = this.chats.get(key);
    if (!budget) {
      budget = { tokens: this.limits.chatBurst, updatedAt: now, blockedUntil: 0, groupSends: [] };
      this.chats.set(key, budget);
    }
    const refill = ((now - budget.updatedAt) / 1000) * this.limits.chatPerSecond;
    budget.tokens = Math.min(this.limits.chatBurst, budget.tokens + refill);
    budget.updatedAt = now;
    return budget;
  }
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
