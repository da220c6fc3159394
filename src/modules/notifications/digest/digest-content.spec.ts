import { DIGEST_CATCH_UP_HOURS, digestDateAt, digestKey, digestVariables } from './digest-content';

describe('daily digest', () => {
  const at = (iso: string): Date => new Date(iso);

  it('is due from the digest hour (09:00 by default) for a few hours, on the local date', () => {
    expect(digestDateAt(at('2031-05-06T08:59:00Z'), undefined, 'UTC')).toBeNull();
    expect(digestDateAt(at('2031-05-06T09:00:00Z'), undefined, 'UTC')).toBe('2031-05-06');
    expect(digestDateAt(at(`2031-05-06T${String(9 + DIGEST_CATCH_UP_HOURS - 1)}:59:00Z`), undefined, 'UTC')).toBe(
      '2031-05-06',
    );
    expect(digestDateAt(at(`2031-05-06T${String(9 + DIGEST_CATCH_UP_HOURS)}:00:00Z`), undefined, 'UTC')).toBeNull();
  });

  it("follows the user's own hour and time zone, else the fallback zone", () => {
    const tokyo = { enabled: true, hour: 8, timeZone: 'Asia/Tokyo' };
    // 23:30 UTC is 08:30 the next day in Tokyo.
    expect(digestDateAt(at('2031-05-06T23:30:00Z'), tokyo, 'UTC')).toBe('2031-05-07');
    expect(digestDateAt(at('2031-05-06T09:30:00Z'), tokyo, 'UTC')).toBeNull();
    const late = { enabled: true, hour: 18, timeZone: null };
    expect(digestDateAt(at('2031-05-06T09:30:00Z'), late, 'UTC')).toBeNull();
    expect(digestDateAt(at('2031-05-06T15:30:00Z'), late, 'Europe/Moscow')).toBe('2031-05-06');
    expect(digestDateAt(at('2031-05-06T09:30:00Z'), { enabled: false, hour: 9, timeZone: null }, 'UTC')).toBeNull();
  });

  it('keys one digest per user and local day', () => {
    expect(digestKey('u1', '2031-05-06')).toBe('digest:u1:2031-05-06');
  });

  it('lists a few items with counts and what is left, in the language', () => {
    const work = {
      ticketCount: 7,
      tickets: Array.from({ length: 7 }, (_, i) => ({
        id: `0000000${i}-aaaa-bbbb-cccc-dddddddddddd`,
        subject: i === 0 ? 'Printer <HP> & scanner' : `Ticket ${i}`,
        priority: 'high',
        status: 'open',
      })),
      dealCount: 1,
      deals: [{ title: 'Website redesign', stage: 'negotiation', amountMinor: 1200000, currency: 'USD' }],
    };
    const en = digestVariables('Ann', work, 'en');
    expect(en['tickets.count']).toBe('7');
    expect(en['tickets.list'].split('\n')).toEqual([
      '• T-000000 Printer <HP> & scanner (high)',
      '• T-000000 Ticket 1 (high)',
      '• T-000000 Ticket 2 (high)',
      '• T-000000 Ticket 3 (high)',
      '• T-000000 Ticket 4 (high)',
      '…and 2 more',
    ]);
    expect(en['deals.list']).toBe('• Website redesign — negotiation, $12,000.00');
    const ru = digestVariables('Анна', { ...work, dealCount: 0, deals: [] }, 'ru');
    expect(ru['deals.list']).toBe('Открытых сделок нет.');
    expect(ru['tickets.list'].endsWith('…и ещё 2')).toBe(true);
  });
});
