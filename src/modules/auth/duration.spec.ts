import { durationToMs } from './duration';

describe('durationToMs', () => {
  it('reads the units of the config schema', () => {
    expect([
      durationToMs('500ms'),
      durationToMs('2s'),
      durationToMs('15m'),
      durationToMs('12h'),
      durationToMs('7d'),
    ]).toEqual([500, 2000, 900_000, 43_200_000, 604_800_000]);
  });

  it('refuses anything else', () => {
    expect(() => durationToMs('15 minutes')).toThrow('Not a duration');
  });
});
