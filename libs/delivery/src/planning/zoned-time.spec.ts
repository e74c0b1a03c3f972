import {
  addDays,
  clockReaches,
  daysBetween,
  formatClockTime,
  isValidTimeZone,
  localParts,
  offsetMs,
  parseClockTime,
  resolveLocal,
  weekdayOf,
  zonedInstant,
} from './zoned-time';

const ROME = 'Europe/Rome';
const z = (iso: string) => new Date(iso);
const d = (year: number, month: number, day: number) => ({ year, month, day });

describe('localParts', () => {
  it.each([
    // Spring forward in Rome, 2026-03-29 01:00 UTC: 01:59:59 CET is followed by 03:00:00 CEST.
    ['2026-03-29T00:59:59.250Z', ROME, '2026-03-29 01:59:59.250 sun'],
    ['2026-03-29T01:00:00.000Z', ROME, '2026-03-29 03:00:00.000 sun'],
    // Fall back, 2026-10-25 01:00 UTC: 02:30 is read twice.
    ['2026-10-25T00:30:00.000Z', ROME, '2026-10-25 02:30:00.000 sun'],
    ['2026-10-25T01:30:00.000Z', ROME, '2026-10-25 02:30:00.000 sun'],
    // Midnight is 00, never 24, and the calendar moves with the zone.
    ['2026-06-30T22:00:00.000Z', ROME, '2026-07-01 00:00:00.000 wed'],
    ['2026-12-31T23:30:00.000Z', ROME, '2027-01-01 00:30:00.000 fri'],
    ['2026-12-31T23:30:00.000Z', 'UTC', '2026-12-31 23:30:00.000 thu'],
    ['2026-03-28T21:00:00.000Z', 'Asia/Kolkata', '2026-03-29 02:30:00.000 sun'],
    ['2026-11-01T05:30:00.000Z', 'America/New_York', '2026-11-01 01:30:00.000 sun'],
    ['1969-12-31T23:59:59.999Z', ROME, '1970-01-01 00:59:59.999 thu'],
  ])('%s in %s is %s', (iso, tz, expected) => {
    const p = localParts(z(iso), tz);
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    const text = `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}.${pad(p.millisecond, 3)} ${p.weekday}`;
    expect(text).toBe(expected);
  });

  it('rejects an invalid date and an unknown zone', () => {
    expect(() => localParts(new Date(NaN), ROME)).toThrow(RangeError);
    expect(() => localParts(z('2026-01-01T00:00:00Z'), 'Europe/Roma')).toThrow(RangeError);
  });
});

describe('offsetMs', () => {
  it.each([
    ['2026-01-15T12:00:00Z', ROME, 3_600_000],
    ['2026-07-15T12:00:00Z', ROME, 7_200_000],
    ['2026-03-29T00:59:59Z', ROME, 3_600_000],
    ['2026-03-29T01:00:00Z', ROME, 7_200_000],
    ['2026-10-25T00:59:59Z', ROME, 7_200_000],
    ['2026-10-25T01:00:00Z', ROME, 3_600_000],
    ['2026-07-15T12:00:00Z', 'Asia/Kolkata', 19_800_000],
    ['2026-07-15T12:00:00Z', 'America/New_York', -14_400_000],
  ])('%s in %s is %d', (iso, tz, offset) => {
    expect(offsetMs(z(iso), tz)).toBe(offset);
  });
});

describe('zonedInstant', () => {
  it.each([
    // [date, hh:mm, zone, disambiguation, expected UTC]
    [d(2026, 1, 15), '08:00', ROME, 'compatible', '2026-01-15T07:00:00.000Z'],
    [d(2026, 6, 15), '08:00', ROME, 'compatible', '2026-06-15T06:00:00.000Z'],
    [d(2026, 3, 29), '01:59', ROME, 'compatible', '2026-03-29T00:59:00.000Z'],
    [d(2026, 3, 29), '03:00', ROME, 'compatible', '2026-03-29T01:00:00.000Z'],
    // The gap: 02:00-02:59 do not exist on 2026-03-29.
    [d(2026, 3, 29), '02:00', ROME, 'compatible', '2026-03-29T01:00:00.000Z'],
    [d(2026, 3, 29), '02:30', ROME, 'compatible', '2026-03-29T01:30:00.000Z'],
    [d(2026, 3, 29), '02:30', ROME, 'later', '2026-03-29T01:30:00.000Z'],
    [d(2026, 3, 29), '02:30', ROME, 'earlier', '2026-03-29T00:30:00.000Z'],
    // The repeated hour: 02:00-02:59 happen twice on 2026-10-25.
    [d(2026, 10, 25), '02:30', ROME, 'compatible', '2026-10-25T00:30:00.000Z'],
    [d(2026, 10, 25), '02:30', ROME, 'earlier', '2026-10-25T00:30:00.000Z'],
    [d(2026, 10, 25), '02:30', ROME, 'later', '2026-10-25T01:30:00.000Z'],
    [d(2026, 10, 25), '02:00', ROME, 'later', '2026-10-25T01:00:00.000Z'],
    [d(2026, 10, 25), '01:59', ROME, 'later', '2026-10-24T23:59:00.000Z'],
    [d(2026, 10, 25), '03:00', ROME, 'earlier', '2026-10-25T02:00:00.000Z'],
    // Other zones, other rules.
    [d(2026, 3, 8), '02:30', 'America/New_York', 'compatible', '2026-03-08T07:30:00.000Z'],
    [d(2026, 11, 1), '01:30', 'America/New_York', 'later', '2026-11-01T06:30:00.000Z'],
    [d(2026, 3, 29), '02:30', 'Asia/Kolkata', 'compatible', '2026-03-28T21:00:00.000Z'],
    [d(2028, 2, 29), '12:00', 'UTC', 'compatible', '2028-02-29T12:00:00.000Z'],
  ] as const)('%j %s %s %s -> %s', (date, hhmm, tz, disambiguation, expected) => {
    expect(zonedInstant(date, parseClockTime(hhmm)!, tz, disambiguation).toISOString()).toBe(expected);
  });

  it('round-trips every quarter hour of the DST weekends and of a year, in Rome and New York', () => {
    const starts = ['2026-03-27T00:00:00Z', '2026-10-23T00:00:00Z', '2026-03-06T00:00:00Z', '2026-10-30T00:00:00Z'];
    const instants: number[] = [];
    for (const s of starts) for (let t = z(s).getTime(); t < z(s).getTime() + 4 * 86_400_000; t += 900_000) instants.push(t);
    for (let t = z('2026-01-01T00:07:00Z').getTime(); t < z('2027-01-01T00:00:00Z').getTime(); t += 7 * 3_600_000) instants.push(t);
    for (const tz of [ROME, 'America/New_York']) {
      for (const t of instants) {
        const p = localParts(new Date(t), tz);
        const r = resolveLocal(p, p, tz);
        const found = r.kind === 'unique' ? [r.instant] : r.kind === 'repeated' ? [r.earlier, r.later] : [];
        expect(found.map((x) => x.getTime())).toContain(t - (t % 1000));
      }
    }
  });
});

describe('resolveLocal', () => {
  it('finds the spring jump and both readings of the autumn hour', () => {
    expect(resolveLocal(d(2026, 3, 29), { hour: 2, minute: 30 }, ROME)).toEqual({
      kind: 'skipped',
      earlier: z('2026-03-29T00:30:00Z'),
      later: z('2026-03-29T01:30:00Z'),
      transition: z('2026-03-29T01:00:00Z'),
    });
    expect(resolveLocal(d(2026, 10, 25), { hour: 2, minute: 30 }, ROME)).toEqual({
      kind: 'repeated',
      earlier: z('2026-10-25T00:30:00Z'),
      later: z('2026-10-25T01:30:00Z'),
    });
    expect(resolveLocal(d(2026, 10, 25), { hour: 3, minute: 0 }, ROME).kind).toBe('unique');
  });

  it('finds a half-hour gap (Lord Howe Island)', () => {
    const r = resolveLocal(d(2026, 10, 4), { hour: 2, minute: 15 }, 'Australia/Lord_Howe');
    expect(r.kind).toBe('skipped');
    if (r.kind === 'skipped') expect(localParts(r.transition, 'Australia/Lord_Howe')).toMatchObject({ hour: 2, minute: 30 });
  });

  it('rejects an impossible clock time', () => {
    expect(() => resolveLocal(d(2026, 1, 1), { hour: 24, minute: 0 }, ROME)).toThrow(RangeError);
    expect(() => resolveLocal(d(2026, 1, 1), { hour: 8, minute: 1.5 }, ROME)).toThrow(RangeError);
  });
});

describe('clockReaches', () => {
  const half2 = { hour: 2, minute: 30 };
  it.each([
    ['repeated, no floor: the first reading', d(2026, 10, 25), undefined, '2026-10-25T00:30:00.000Z'],
    ['repeated, floor between: the second reading', d(2026, 10, 25), '2026-10-25T00:45:00Z', '2026-10-25T01:30:00.000Z'],
    ['repeated, floor on the second reading', d(2026, 10, 25), '2026-10-25T01:30:00Z', '2026-10-25T01:30:00.000Z'],
    ['repeated, floor after both', d(2026, 10, 25), '2026-10-25T01:31:00Z', undefined],
    ['skipped: the jump', d(2026, 3, 29), undefined, '2026-03-29T01:00:00.000Z'],
    ['ordinary day', d(2026, 3, 30), '2026-03-29T12:00:00Z', '2026-03-30T00:30:00.000Z'],
  ])('%s', (_label, date, floor, expected) => {
    expect(clockReaches(date, half2, ROME, floor ? z(floor) : undefined)?.toISOString()).toBe(expected);
  });
});

describe('calendar helpers', () => {
  it.each([
    [d(2028, 2, 28), 1, d(2028, 2, 29)],
    [d(2027, 2, 28), 1, d(2027, 3, 1)],
    [d(2026, 12, 31), 1, d(2027, 1, 1)],
    [d(2026, 3, 1), -1, d(2026, 2, 28)],
    [d(2026, 3, 28), 2, d(2026, 3, 30)],
  ])('addDays(%j, %d) = %j', (date, days, expected) => {
    expect(addDays(date, days)).toEqual(expected);
    expect(daysBetween(date, expected)).toBe(days);
  });

  it.each([
    [d(2026, 3, 29), 'sun'],
    [d(2026, 3, 30), 'mon'],
    [d(2026, 10, 23), 'fri'],
    [d(2028, 2, 29), 'tue'],
  ])('weekdayOf(%j) = %s', (date, weekday) => {
    expect(weekdayOf(date)).toBe(weekday);
  });

  it.each([
    ['08:00', { hour: 8, minute: 0 }],
    ['8:05', { hour: 8, minute: 5 }],
    [' 21:30 ', { hour: 21, minute: 30 }],
    ['23:59', { hour: 23, minute: 59 }],
    ['00:00', { hour: 0, minute: 0 }],
    ['24:00', undefined],
    ['08:60', undefined],
    ['0800', undefined],
    ['8', undefined],
    ['8.00', undefined],
    ['', undefined],
  ])('parseClockTime(%j) = %j', (text, expected) => {
    expect(parseClockTime(text)).toEqual(expected);
  });

  it('formats clock times with two digits', () => {
    expect(formatClockTime({ hour: 8, minute: 5 })).toBe('08:05');
  });

  it.each([
    ['Europe/Rome', true],
    ['UTC', true],
    ['Europe/Roma', false],
    ['', false],
  ])('isValidTimeZone(%j) = %s', (tz, valid) => {
    expect(isValidTimeZone(tz)).toBe(valid);
  });
});
