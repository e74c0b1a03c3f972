/**
 * Wall-clock maths in an IANA time zone with nothing but Intl (luxon is not a dependency and Temporal is
 * not in Node 20). A comune's quiet hours and digest times are wall-clock times in its zone, so every
 * rule that says "at 08:00" must survive the two days a year when 08:00 is not 24 hours after 08:00.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface LocalDate {
  readonly year: number;
  /** 1-12 */
  readonly month: number;
  /** 1-31 */
  readonly day: number;
}

export interface ClockTime {
  /** 0-23 */
  readonly hour: number;
  readonly minute: number;
  readonly second?: number;
}

export interface LocalDateTime extends LocalDate {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  readonly weekday: Weekday;
}

/**
 * What to do with a local time the zone skips (spring forward) or shows twice (fall back), with
 * Temporal's meanings: `compatible` takes the earlier of two and, for a skipped time, moves forward by
 * the length of the gap (02:30 on 2026-03-29 in Rome becomes 03:30 CEST).
 */
export type Disambiguation = 'compatible' | 'earlier' | 'later';

/** How a local date and time maps onto instants in a zone. */
export type LocalResolution =
  | { readonly kind: 'unique'; readonly instant: Date }
  | { readonly kind: 'repeated'; readonly earlier: Date; readonly later: Date }
  | {
      readonly kind: 'skipped';
      /** The same wall-clock reading taken with the offset after the gap (before the transition). */
      readonly earlier: Date;
      /** The same wall-clock reading taken with the offset before the gap (after the transition). */
      readonly later: Date;
      /** The instant the clocks jump: the first moment the wall clock reads past the requested time. */
      readonly transition: Date;
    };

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // hourCycle h23: with hour12:false some ICU versions print midnight as "24".
    f = new Intl.DateTimeFormat('en-US-u-nu-latn', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for a zone name Intl knows ("Europe/Rome"); false for typos and for empty strings. */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone.trim() === '') return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Milliseconds since the epoch of a wall-clock reading taken as if it were UTC; years < 100 included. */
function wallMs(date: LocalDate, hour = 0, minute = 0, second = 0, millisecond = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(date.year, date.month - 1, date.day);
  d.setUTCHours(hour, minute, second, millisecond);
  return d.getTime();
}

function checkInstant(instant: Date): number {
  const t = instant.getTime();
  if (!Number.isFinite(t)) throw new RangeError('Invalid Date');
  return t;
}

/** The wall clock and calendar of `instant` in `timeZone`. */
export function localParts(instant: Date, timeZone: string): LocalDateTime {
  const t = checkInstant(instant);
  const values: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  // Offsets are whole seconds in every tz database zone, so the millisecond is the instant's own.
  const millisecond = ((t % 1000) + 1000) % 1000;
  const date = { year: values.year, month: values.month, day: values.day };
  return {
    ...date,
    hour: values.hour % 24,
    minute: values.minute,
    second: values.second,
    millisecond,
    weekday: weekdayOf(date),
  };
}

/** The zone's offset from UTC at `instant`, in milliseconds (Rome: 3,600,000 in winter, 7,200,000 in summer). */
export function offsetMs(instant: Date, timeZone: string): number {
  const p = localParts(instant, timeZone);
  return wallMs(p, p.hour, p.minute, p.second, p.millisecond) - instant.getTime();
}

function offsetAt(t: number, timeZone: string): number {
  return offsetMs(new Date(t), timeZone);
}

/**
 * Every way a local date and time exists in a zone. The offsets a day before and a day after bound the
 * only transition that can be involved (zones never change offset twice within two days).
 */
export function resolveLocal(date: LocalDate, time: ClockTime, timeZone: string): LocalResolution {
  checkClockTime(time);
  const wall = wallMs(date, time.hour, time.minute, time.second ?? 0);
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const candidates = [...new Set([wall - before, wall - after])]
    .filter((t) => offsetAt(t, timeZone) === wall - t)
    .sort((a, b) => a - b);
  if (candidates.length === 1) return { kind: 'unique', instant: new Date(candidates[0]) };
  if (candidates.length === 2) return { kind: 'repeated', earlier: new Date(candidates[0]), later: new Date(candidates[1]) };
  // Skipped: before the jump the zone used `before`, after it `after`. Bisect for the jump itself.
  let lo = Math.min(wall - before, wall - after);
  let hi = Math.max(wall - before, wall - after);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid, timeZone) === after) hi = mid;
    else lo = mid;
  }
  return { kind: 'skipped', earlier: new Date(wall - after), later: new Date(wall - before), transition: new Date(hi) };
}

/** The instant at which the wall clock in `timeZone` reads `date` `time`, disambiguated as Temporal does. */
export function zonedInstant(
  date: LocalDate,
  time: ClockTime,
  timeZone: string,
  disambiguation: Disambiguation = 'compatible',
): Date {
  const r = resolveLocal(date, time, timeZone);
  if (r.kind === 'unique') return r.instant;
  if (r.kind === 'repeated') return disambiguation === 'later' ? r.later : r.earlier;
  return disambiguation === 'earlier' ? r.earlier : r.later;
}

/**
 * The first instant, not before `notBefore`, at which the wall clock reaches `date` `time`: the moment
 * it reads that time, or, when the zone skips it, the moment the clocks jump past it. Undefined when all
 * such moments are before `notBefore`.
 */
export function clockReaches(date: LocalDate, time: ClockTime, timeZone: string, notBefore?: Date): Date | undefined {
  const r = resolveLocal(date, time, timeZone);
  const moments = r.kind === 'unique' ? [r.instant] : r.kind === 'repeated' ? [r.earlier, r.later] : [r.transition];
  const floor = notBefore ? checkInstant(notBefore) : -Infinity;
  return moments.find((m) => m.getTime() >= floor);
}

/** The calendar date `days` after (or before, when negative) `date`. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(wallMs(date) + days * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Whole calendar days from `from` to `to` (1 from today to tomorrow, whatever the zone did in between). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((wallMs(to) - wallMs(from)) / DAY_MS);
}

export function weekdayOf(date: LocalDate): Weekday {
  // getUTCDay: 0 is Sunday; WEEKDAYS starts on Monday as Italian calendars do.
  return WEEKDAYS[(new Date(wallMs(date)).getUTCDay() + 6) % 7];
}

const CLOCK = /^(\d{1,2}):(\d{2})$/;

/** "08:00" or "8:00" as a clock time; undefined for anything else ("24:00", "8", "08:60"). */
export function parseClockTime(text: string): ClockTime | undefined {
  const m = typeof text === 'string' ? CLOCK.exec(text.trim()) : null;
  if (!m) return undefined;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  if (hour > 23 || minute > 59) return undefined;
  return { hour, minute };
}

/** "08:05": the way staff write times in Italy. */
export function formatClockTime(time: ClockTime): string {
  return `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
}

/** Seconds since local midnight on the wall clock, for comparing clock readings. */
export function secondOfDay(time: ClockTime): number {
  return time.hour * 3600 + time.minute * 60 + (time.second ?? 0);
}

function checkClockTime(time: ClockTime): void {
  const { hour, minute } = time;
  const second = time.second ?? 0;
  const ok =
    Number.isInteger(hour) && hour >= 0 && hour <= 23 &&
    Number.isInteger(minute) && minute >= 0 && minute <= 59 &&
    Number.isInteger(second) && second >= 0 && second <= 59;
  if (!ok) throw new RangeError(`Invalid clock time ${hour}:${minute}:${second}`);
}
