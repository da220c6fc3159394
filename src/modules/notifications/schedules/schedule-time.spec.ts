import { addDays, cronProblems, isTimeZone, localClock, nextRunOf } from './schedule-time';

describe('schedule times', () => {
  it('accepts five-field cron expressions and aliases', () => {
    for (const cron of ['*/15 * * * *', '0 9-18 * * *', '30 3 * * *', '0 8 * * MON-FRI', '0 0 1,15 * *', '@daily']) {
      expect({ cron, problems: cronProblems(cron) }).toEqual({ cron, problems: [] });
    }
  });

  it('refuses what Bull could not run or would run every second, saying why', () => {
    expect(cronProblems('')).toEqual(['cron must be a cron expression']);
    expect(cronProblems('* * * * * *')).toEqual([
      'cron must have 5 fields (minute hour day-of-month month day-of-week), got 6 (a seconds field is not accepted)',
    ]);
    expect(cronProblems('60 * * * *')).toEqual([
      'cron is not valid: Constraint error, got value 60 expected range 0-59',
    ]);
    expect(cronProblems('0 9 * * fun')).toEqual(['cron is not valid: Validation error, cannot resolve alias "fun"']);
    expect(cronProblems('1-2-3 * * * *')).toEqual(['cron\'s minute field "1-2-3" is not valid']);
    expect(cronProblems('0 0 31 2 *')).toEqual(['cron is not valid: Invalid explicit day of month definition']);
    expect(cronProblems('@sometimes')).toHaveLength(1);
  });

  it('knows IANA time zones', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });

  it('computes the next run in the time zone of the schedule', () => {
    const from = new Date('2031-05-06T09:20:00Z');
    expect(nextRunOf('0 9-18 * * *', 'UTC', from)?.toISOString()).toBe('2031-05-06T10:00:00.000Z');
    // 09:00 in Moscow (UTC+3) is 06:00 UTC: the next one is tomorrow's.
    expect(nextRunOf('0 9 * * *', 'Europe/Moscow', from)?.toISOString()).toBe('2031-05-07T06:00:00.000Z');
  });

  it('reads the wall clock of a time zone, across the date line and DST', () => {
    const at = new Date('2031-05-06T23:30:00Z');
    expect(localClock(at, 'UTC')).toEqual({ date: '2031-05-06', hour: 23 });
    expect(localClock(at, 'Asia/Tokyo')).toEqual({ date: '2031-05-07', hour: 8 });
    expect(localClock(at, 'America/New_York')).toEqual({ date: '2031-05-06', hour: 19 });
    expect(localClock(new Date('2031-01-06T23:30:00Z'), 'America/New_York')).toEqual({ date: '2031-01-06', hour: 18 });
    expect(localClock(new Date('2031-05-06T00:10:00Z'), 'UTC').hour).toBe(0);
  });

  it('adds days to calendar dates', () => {
    expect(addDays('2031-02-27', 3)).toBe('2031-03-02');
    expect(addDays('2031-01-01', -1)).toBe('2030-12-31');
  });
});
