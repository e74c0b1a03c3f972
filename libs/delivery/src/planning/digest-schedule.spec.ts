import {
  checkDigestSchedule,
  describeDigestSchedule,
  DigestSchedule,
  nextDigestAt,
  previousDigestAt,
  validateDigestSchedule,
} from './digest-schedule';

const ROME = 'Europe/Rome';
const z = (iso: string) => new Date(iso);
// San Giuliano Milanese: a twice-a-week digest.
const SAN_GIULIANO: DigestSchedule = { days: ['tue', 'fri'], time: '18:00' };
const SUNDAY_NIGHT: DigestSchedule = { days: ['sun'], time: '02:30' };

describe('nextDigestAt (strictly after)', () => {
  it.each([
    ['Monday morning -> Tuesday 18:00 CEST', SAN_GIULIANO, '2026-06-15T10:00:00Z', '2026-06-16T16:00:00.000Z'],
    ['a second before the slot -> the slot', SAN_GIULIANO, '2026-06-16T15:59:59Z', '2026-06-16T16:00:00.000Z'],
    ['exactly at the slot -> the next one', SAN_GIULIANO, '2026-06-16T16:00:00Z', '2026-06-19T16:00:00.000Z'],
    ['Friday evening -> next Tuesday', SAN_GIULIANO, '2026-06-19T17:00:00Z', '2026-06-23T16:00:00.000Z'],
    ['only day, slot just passed -> a week later', { days: ['mon'], time: '09:00' }, '2026-06-15T07:00:00Z', '2026-06-22T07:00:00.000Z'],
    ['winter offset', SAN_GIULIANO, '2026-01-12T10:00:00Z', '2026-01-13T17:00:00.000Z'],
    ['across the spring change the wall clock holds', { days: ['mon'], time: '18:00' }, '2026-03-27T12:00:00Z', '2026-03-30T16:00:00.000Z'],
    ['across the autumn change the wall clock holds', { days: ['mon'], time: '18:00' }, '2026-10-23T12:00:00Z', '2026-10-26T17:00:00.000Z'],
    // 02:30 is skipped on 2026-03-29: the digest goes at 03:30 CEST, not never.
    ['a slot in the spring gap is moved forward', SUNDAY_NIGHT, '2026-03-28T12:00:00Z', '2026-03-29T01:30:00.000Z'],
    // 02:30 happens twice on 2026-10-25: the digest goes once, at the first.
    ['a slot in the repeated hour, first reading', SUNDAY_NIGHT, '2026-10-24T12:00:00Z', '2026-10-25T00:30:00.000Z'],
    ['a slot in the repeated hour is not sent twice', SUNDAY_NIGHT, '2026-10-25T00:30:00Z', '2026-11-01T01:30:00.000Z'],
  ] as const)('%s', (_label, schedule, after, expected) => {
    expect(nextDigestAt(z(after), ROME, schedule).toISOString()).toBe(expected);
  });
});

describe('previousDigestAt (at or before)', () => {
  it.each([
    ['at the slot -> the slot', SAN_GIULIANO, '2026-06-16T16:00:00Z', '2026-06-16T16:00:00.000Z'],
    ['a second before -> the previous one', SAN_GIULIANO, '2026-06-16T15:59:59Z', '2026-06-12T16:00:00.000Z'],
    ['Monday -> last Friday', SAN_GIULIANO, '2026-06-15T10:00:00Z', '2026-06-12T16:00:00.000Z'],
    ['during the repeated hour -> its first reading', SUNDAY_NIGHT, '2026-10-25T01:45:00Z', '2026-10-25T00:30:00.000Z'],
    ['before the moved spring slot -> the week before', SUNDAY_NIGHT, '2026-03-29T01:29:00Z', '2026-03-22T01:30:00.000Z'],
  ] as const)('%s', (_label, schedule, at, expected) => {
    expect(previousDigestAt(z(at), ROME, schedule).toISOString()).toBe(expected);
  });

  it('brackets every instant with adjacent slots, DST weeks included', () => {
    const schedules: DigestSchedule[] = [SAN_GIULIANO, SUNDAY_NIGHT, { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], time: '00:00' }];
    for (const schedule of schedules) {
      for (const start of ['2026-03-22T00:00:00Z', '2026-10-18T00:00:00Z']) {
        for (let t = z(start).getTime(); t < z(start).getTime() + 14 * 86_400_000; t += 97 * 60_000) {
          const x = new Date(t);
          const prev = previousDigestAt(x, ROME, schedule);
          const next = nextDigestAt(x, ROME, schedule);
          expect(prev.getTime()).toBeLessThanOrEqual(t);
          expect(next.getTime()).toBeGreaterThan(t);
          // No slot lies between them.
          expect(nextDigestAt(prev, ROME, schedule)).toEqual(next);
          expect(previousDigestAt(next, ROME, schedule)).toEqual(next);
        }
      }
    }
  });
});

describe('checkDigestSchedule', () => {
  it.each([
    [SAN_GIULIANO, []],
    [{ days: [], time: '18:00' }, ['no_days']],
    [{ days: ['tue', 'mar'], time: '18:00' }, ['unknown_day']],
    [{ days: ['tue', 'tue'], time: '18:00' }, ['duplicate_day']],
    [{ days: ['tue'], time: '18' }, ['invalid_time']],
    [{ days: [], time: '' }, ['no_days', 'invalid_time']],
  ])('%j -> %j', (schedule, codes) => {
    expect(checkDigestSchedule(schedule as DigestSchedule).map((p) => p.code)).toEqual(codes);
  });

  it('speaks Italian to staff', () => {
    expect(validateDigestSchedule({ days: ['fri', 'fri'], time: '25:00' })).toEqual([
      'Il giorno venerdì è indicato più volte.',
      'Orario del riepilogo non valido: "25:00" (usa il formato HH:MM, per esempio 18:00).',
    ]);
  });

  it('refuses to compute with an invalid schedule', () => {
    expect(() => nextDigestAt(z('2026-06-15T10:00:00Z'), ROME, { days: [], time: '18:00' })).toThrow(
      'Scegli almeno un giorno della settimana per il riepilogo.',
    );
    expect(() => previousDigestAt(z('2026-06-15T10:00:00Z'), ROME, { days: ['tue'], time: 'sera' })).toThrow(RangeError);
  });
});

describe('describeDigestSchedule', () => {
  it.each([
    [SAN_GIULIANO, 'ogni martedì e venerdì alle 18:00'],
    [{ days: ['fri', 'tue'], time: '8:00' }, 'ogni martedì e venerdì alle 08:00'],
    [{ days: ['wed', 'mon', 'fri'], time: '07:30' }, 'ogni lunedì, mercoledì e venerdì alle 07:30'],
    [{ days: ['sun'], time: '10:00' }, 'ogni domenica alle 10:00'],
    [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], time: '07:00' }, 'ogni giorno alle 07:00'],
  ] as const)('%j -> %s', (schedule, text) => {
    expect(describeDigestSchedule(schedule)).toBe(text);
  });
});
