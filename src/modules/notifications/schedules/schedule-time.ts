import { parseExpression } from 'cron-parser';

// Bull computes a repeatable job's runs with cron-parser (bull/lib/repeatable.js), so the same
// parser checks expressions here: what passes is what Bull will run.

const ALIASES = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@hourly'];
// One item of a field: `*`, a number or a name, a range, each with an optional step; `?`, `L`, `5L`, `1#2`.
const ITEM = /^(\*|[0-9]+|[A-Za-z]{3})(-([0-9]+|[A-Za-z]{3}))?(\/[0-9]+)?$|^(\?|L|[0-9]L|[0-9]#[1-5])$/;
const FIELD_NAMES = ['minute', 'hour', 'day of month', 'month', 'day of week'];

/** A time zone name the runtime knows (IANA, such as Europe/Berlin, or UTC). */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/**
 * What is wrong with a cron expression (empty when nothing): five fields (minute hour
 * day-of-month month day-of-week, no seconds) or an alias such as @daily, values in range, and
 * at least one run to come.
 */
export function cronProblems(expression: unknown, timeZone = 'UTC'): string[] {
  if (typeof expression !== 'string' || expression.trim().length === 0) return ['cron must be a cron expression'];
  const text = expression.trim();
  if (text.length > 100) return ['cron must be at most 100 characters'];
  if (text.startsWith('@')) {
    if (!ALIASES.includes(text)) return [`cron alias must be one of ${ALIASES.join(', ')}`];
  } else {
    const fields = text.split(/\s+/);
    if (fields.length !== 5) {
      return [
        `cron must have 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}` +
          (fields.length === 6 ? ' (a seconds field is not accepted)' : ''),
      ];
    }
    const bad = fields.findIndex((field) => !field.split(',').every((item) => ITEM.test(item)));
    if (bad >= 0) return [`cron's ${FIELD_NAMES[bad]} field "${fields[bad]}" is not valid`];
  }
  try {
    parseExpression(text, { tz: timeZone }).next();
    return [];
  } catch (error) {
    return [`cron is not valid: ${(error as Error).message}`];
  }
}

/** When a cron expression fires next after `from`, in its time zone. */
export function nextRunOf(cron: string, timeZone: string, from: Date): Date | null {
  try {
    return parseExpression(cron, { tz: timeZone, currentDate: from }).next().toDate();
  } catch {
    return null;
  }
}

/** The calendar date (YYYY-MM-DD) and hour (0-23) on the wall clock of `timeZone` at `at`. */
export function localClock(at: Date, timeZone: string): { date: string; hour: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${part('year')}-${part('month')}-${part('day')}`, hour: Number(part('hour')) };
}

/** A YYYY-MM-DD date `days` later (earlier when negative). */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}
