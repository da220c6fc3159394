import type { DigestItems } from '../crm/crm-directory.service';
import { localClock } from '../schedules/schedule-time';
import { formatMoney, ticketNumber } from '../templates/formatting';
import { DEFAULT_DIGEST_HOUR } from './digest-setting.entity';

/** Items listed in a digest (the counts say how many there are in all). */
export const DIGEST_LIST_LENGTH = 5;
/**
 * A digest that could not go at its hour (the service was down) still goes this many hours
 * later, not in the evening.
 */
export const DIGEST_CATCH_UP_HOURS = 3;
const SUBJECT_LENGTH = 80;

export interface DigestChoice {
  enabled: boolean;
  hour: number;
  timeZone: string | null;
}

/**
 * The local date of the digest due for a user at `now`, or null when none is: their hour (09:00
 * by default) has come in their time zone (else `fallbackTimeZone`), and not more than a few
 * hours ago.
 */
export function digestDateAt(now: Date, choice: DigestChoice | undefined, fallbackTimeZone: string): string | null {
  if (choice && !choice.enabled) return null;
  const hour = choice?.hour ?? DEFAULT_DIGEST_HOUR;
  const clock = localClock(now, choice?.timeZone ?? fallbackTimeZone);
  return clock.hour >= hour && clock.hour < hour + DIGEST_CATCH_UP_HOURS ? clock.date : null;
}

export function digestKey(userId: string, localDate: string): string {
  return `digest:${userId}:${localDate}`;
}

const WORDS: Record<string, { noTickets: string; noDeals: string; more: (n: number) => string }> = {
  en: { noTickets: 'No open tickets.', noDeals: 'No open deals.', more: (n) => `…and ${n} more` },
  ru: { noTickets: 'Открытых заявок нет.', noDeals: 'Открытых сделок нет.', more: (n) => `…и ещё ${n}` },
};

/** The digest's variables in `language` (plain text: the template escapes them). */
export function digestVariables(userName: string, work: DigestItems, language: string): Record<string, string> {
  const words = WORDS[language] ?? WORDS.en;
  const list = (lines: string[], total: number, none: string): string => {
    if (total === 0) return none;
    const shown = lines.slice(0, DIGEST_LIST_LENGTH);
    return [...shown, ...(total > shown.length ? [words.more(total - shown.length)] : [])].join('\n');
  };
  return {
    'user.name': userName,
    'tickets.count': String(work.ticketCount),
    'deals.count': String(work.dealCount),
    'tickets.list': list(
      work.tickets.map((t) => `• ${ticketNumber(t.id)} ${cut(t.subject)} (${t.priority})`),
      work.ticketCount,
      words.noTickets,
    ),
    'deals.list': list(
      work.deals.map((d) => `• ${cut(d.title)} — ${d.stage}, ${formatMoney(d.amountMinor, d.currency, language)}`),
      work.dealCount,
      words.noDeals,
    ),
  };
}

function cut(text: string): string {
  return text.length > SUBJECT_LENGTH ? `${text.slice(0, SUBJECT_LENGTH - 1)}…` : text;
}
