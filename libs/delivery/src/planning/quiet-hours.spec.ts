import { checkQuietHours, describeQuietHours, isQuiet, nextSendableAt, QuietHours } from './quiet-hours';

const ROME = 'Europe/Rome';
const z = (iso: string) => new Date(iso);
const NIGHT: QuietHours = { start: '21:00', end: '08:00' };
const LUNCH: QuietHours = { start: '13:00', end: '15:00' };
const EARLY: QuietHours = { start: '01:00', end: '02:30' };

describe('isQuiet', () => {
  it.each([
    // [quiet, UTC instant, Rome wall clock, quiet?]
    [NIGHT, '2026-06-15T18:59:59Z', '20:59:59 CEST', false],
    [NIGHT, '2026-06-15T19:00:00Z', '21:00 CEST', true],
    [NIGHT, '2026-06-15T22:00:00Z', '00:00 CEST', true],
    [NIGHT, '2026-06-16T05:59:59Z', '07:59:59 CEST', true],
    [NIGHT, '2026-06-16T06:00:00Z', '08:00 CEST', false],
    [NIGHT, '2026-01-15T06:59:00Z', '07:59 CET', true],
    [NIGHT, '2026-01-15T07:00:00Z', '08:00 CET', false],
    [NIGHT, '2026-01-15T19:59:00Z', '20:59 CET', false],
    [LUNCH, '2026-06-15T12:00:00Z', '14:00 CEST', true],
    [LUNCH, '2026-06-15T13:00:00Z', '15:00 CEST', false],
    [LUNCH, '2026-06-15T10:59:00Z', '12:59 CEST', false],
    [{ start: '08:00', end: '08:00' }, '2026-06-15T06:00:00Z', '08:00 CEST', false],
    [{ start: '08:00', end: '8:00' }, '2026-06-15T02:00:00Z', '04:00 CEST', false],
    [null, '2026-06-15T01:00:00Z', '03:00 CEST', false],
  ])('%j at %s (%s): %s', (quiet, iso, _wall, expected) => {
    expect(isQuiet(z(iso), ROME, quiet)).toBe(expected);
  });

  it('reads the clock of the given zone, not of the process', () => {
    expect(isQuiet(z('2026-06-15T19:30:00Z'), ROME, NIGHT)).toBe(true);
    expect(isQuiet(z('2026-06-15T19:30:00Z'), 'America/New_York', NIGHT)).toBe(false);
  });

  it('throws on a malformed setting instead of ignoring it', () => {
    expect(() => isQuiet(z('2026-06-15T19:30:00Z'), ROME, { start: '25:00', end: '08:00' })).toThrow(/Orario di inizio/);
  });
});

describe('nextSendableAt', () => {
  it.each([
    ['outside quiet hours: now', NIGHT, '2026-06-15T10:00:00Z', 'normal', '2026-06-15T10:00:00.000Z'],
    ['evening: tomorrow 08:00', NIGHT, '2026-06-15T20:00:00Z', 'normal', '2026-06-16T06:00:00.000Z'],
    ['after midnight: this morning 08:00', NIGHT, '2026-06-16T00:00:00Z', 'normal', '2026-06-16T06:00:00.000Z'],
    ['exactly at the start', NIGHT, '2026-06-15T19:00:00Z', 'normal', '2026-06-16T06:00:00.000Z'],
    ['urgent ignores quiet hours', NIGHT, '2026-06-15T20:00:00Z', 'urgent', '2026-06-15T20:00:00.000Z'],
    ['non-wrapping period', LUNCH, '2026-06-15T11:30:00Z', 'normal', '2026-06-15T13:00:00.000Z'],
    ['start equals end: never quiet', { start: '08:00', end: '08:00' }, '2026-06-15T20:00:00Z', 'normal', '2026-06-15T20:00:00.000Z'],
    ['no quiet hours', null, '2026-06-15T20:00:00Z', 'normal', '2026-06-15T20:00:00.000Z'],
    // The night the clocks go forward is an hour shorter: 08:00 CEST is 06:00 UTC, not 07:00.
    ['spring-forward night', NIGHT, '2026-03-28T21:00:00Z', 'normal', '2026-03-29T06:00:00.000Z'],
    // The night the clocks go back is an hour longer: 08:00 CET is 07:00 UTC.
    ['fall-back night', NIGHT, '2026-10-24T20:00:00Z', 'normal', '2026-10-25T07:00:00.000Z'],
    // 02:30 does not exist on 2026-03-29: quiet ends when the clocks jump from 02:00 to 03:00.
    ['end time in the spring gap', EARLY, '2026-03-29T00:15:00Z', 'normal', '2026-03-29T01:00:00.000Z'],
    // 02:30 happens twice on 2026-10-25: the first reading ends the period...
    ['end time in the repeated hour, first pass', EARLY, '2026-10-24T23:30:00Z', 'normal', '2026-10-25T00:30:00.000Z'],
    // ...and when the clock is back at 02:10 (CET), it is quiet again until 02:30 CET.
    ['end time in the repeated hour, second pass', EARLY, '2026-10-25T01:10:00Z', 'normal', '2026-10-25T01:30:00.000Z'],
  ] as const)('%s', (_label, quiet, iso, priority, expected) => {
    expect(nextSendableAt(z(iso), ROME, quiet, priority).toISOString()).toBe(expected);
  });

  it('always lands on a sendable instant and skips no earlier one, across both DST weekends', () => {
    const configs: QuietHours[] = [NIGHT, LUNCH, EARLY, { start: '02:15', end: '02:45' }, { start: '23:00', end: '02:30' }];
    const starts = ['2026-03-27T12:00:00Z', '2026-10-23T12:00:00Z'];
    let checked = 0;
    for (const quiet of configs) {
      for (const s of starts) {
        for (let t = z(s).getTime(); t < z(s).getTime() + 3 * 86_400_000; t += 10 * 60_000) {
          const at = new Date(t);
          const next = nextSendableAt(at, ROME, quiet);
          expect(next.getTime()).toBeGreaterThanOrEqual(t);
          expect(isQuiet(next, ROME, quiet)).toBe(false);
          expect(next.getTime() === t).toBe(!isQuiet(at, ROME, quiet));
          // The moment before the answer is still quiet, so no earlier instant was sendable.
          if (next.getTime() > t) expect(isQuiet(new Date(next.getTime() - 1), ROME, quiet)).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBe(5 * 2 * 432);
  });
});

describe('checkQuietHours', () => {
  it.each([
    [NIGHT, []],
    [null, []],
    [{ start: '8:00', end: '20:00' }, []],
    [{ start: '21', end: '08:00' }, ['invalid_start']],
    [{ start: '21:00', end: '24:00' }, ['invalid_end']],
    [{ start: '', end: 'mezzanotte' }, ['invalid_start', 'invalid_end']],
  ])('%j -> %j', (quiet, codes) => {
    expect(checkQuietHours(quiet).map((p) => p.code)).toEqual(codes);
  });

  it('explains the problem in Italian with an example', () => {
    expect(checkQuietHours({ start: '21:00', end: '8' })[0].message).toBe(
      'Orario di fine della fascia di silenzio non valido: "8" (usa il formato HH:MM, per esempio 08:00).',
    );
  });

  it.each([
    [NIGHT, 'dalle 21:00 alle 08:00'],
    [{ start: '7:30', end: '9:00' }, 'dalle 07:30 alle 09:00'],
    [{ start: '08:00', end: '08:00' }, 'nessuna fascia di silenzio'],
    [null, 'nessuna fascia di silenzio'],
  ])('describes %j as %j', (quiet, text) => {
    expect(describeQuietHours(quiet)).toBe(text);
  });
});
