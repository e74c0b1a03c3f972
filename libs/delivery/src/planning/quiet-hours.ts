import type { SendPriority } from './priority';
import {
  addDays,
  clockReaches,
  ClockTime,
  formatClockTime,
  localParts,
  parseClockTime,
  secondOfDay,
} from './zoned-time';

/**
 * A comune's quiet hours on its own wall clock, e.g. `{ start: '21:00', end: '08:00' }` (it may wrap
 * midnight). The start is quiet, the end is not. `start === end` and `null` both mean "no quiet hours".
 * Saronno sends "mostly daytime, urgent alerts any time" (seeds/README.md): news waits, urgent does not.
 */
export interface QuietHours {
  readonly start: string;
  readonly end: string;
}

export type QuietHoursProblemCode = 'invalid_start' | 'invalid_end';

export interface QuietHoursProblem {
  readonly code: QuietHoursProblemCode;
  readonly message: string;
}

/** Every problem with a quiet-hours setting, with Italian messages for the staff editing it. */
export function checkQuietHours(quiet: QuietHours | null): QuietHoursProblem[] {
  if (quiet === null) return [];
  const problems: QuietHoursProblem[] = [];
  if (!parseClockTime(quiet.start)) {
    problems.push({
      code: 'invalid_start',
      message: `Orario di inizio della fascia di silenzio non valido: "${String(quiet.start)}" (usa il formato HH:MM, per esempio 21:00).`,
    });
  }
  if (!parseClockTime(quiet.end)) {
    problems.push({
      code: 'invalid_end',
      message: `Orario di fine della fascia di silenzio non valido: "${String(quiet.end)}" (usa il formato HH:MM, per esempio 08:00).`,
    });
  }
  return problems;
}

/** How staff read the setting: "dalle 21:00 alle 08:00" or "nessuna fascia di silenzio". */
export function describeQuietHours(quiet: QuietHours | null): string {
  const parsed = parse(quiet);
  if (!parsed) return 'nessuna fascia di silenzio';
  return `dalle ${formatClockTime(parsed.start)} alle ${formatClockTime(parsed.end)}`;
}

interface ParsedQuietHours {
  start: ClockTime;
  end: ClockTime;
}

// Cores trust their input (edges validate with checkQuietHours), but a malformed value must not be read
// as "no quiet hours" and wake a town at 3 a.m., so it throws.
function parse(quiet: QuietHours | null): ParsedQuietHours | undefined {
  if (quiet === null) return undefined;
  const problems = checkQuietHours(quiet);
  if (problems.length) throw new RangeError(problems.map((p) => p.message).join(' '));
  const start = parseClockTime(quiet.start)!;
  const end = parseClockTime(quiet.end)!;
  return secondOfDay(start) === secondOfDay(end) ? undefined : { start, end };
}

function quietAtSecond(second: number, q: ParsedQuietHours): boolean {
  const s = secondOfDay(q.start);
  const e = secondOfDay(q.end);
  return s < e ? second >= s && second < e : second >= s || second < e;
}

/** Whether the comune's wall clock at `instant` is inside its quiet hours. */
export function isQuiet(instant: Date, timeZone: string, quiet: QuietHours | null): boolean {
  const q = parse(quiet);
  if (!q) return false;
  const p = localParts(instant, timeZone);
  return quietAtSecond(secondOfDay(p) + p.millisecond / 1000, q);
}

/**
 * The first instant not before `instant` at which a message of this priority may go out: `instant`
 * itself when the clock is outside quiet hours or the message is urgent, otherwise the moment the quiet
 * period ends. Always satisfies `!isQuiet(result)` for normal priority, DST days included: an end time
 * the zone skips ends the quiet period when the clocks jump; one it shows twice ends it at the first
 * reading not before `instant`.
 */
export function nextSendableAt(
  instant: Date,
  timeZone: string,
  quiet: QuietHours | null,
  priority: SendPriority = 'normal',
): Date {
  if (priority === 'urgent') return instant;
  const q = parse(quiet);
  if (!q) return instant;
  let at = instant;
  // One pass is enough except on a fall-back night where the repeated hour re-enters the quiet period;
  // the bound turns an impossible case into an error instead of a hang.
  for (let i = 0; i < 4; i++) {
    if (!isQuiet(at, timeZone, quiet)) return at;
    const p = localParts(at, timeZone);
    const wrapsToTomorrow = secondOfDay(q.start) > secondOfDay(q.end) && secondOfDay(p) >= secondOfDay(q.start);
    const endDate = wrapsToTomorrow ? addDays(p, 1) : p;
    at = clockReaches(endDate, q.end, timeZone, at) ?? clockReaches(addDays(endDate, 1), q.end, timeZone, at)!;
  }
  if (!isQuiet(at, timeZone, quiet)) return at;
  throw new Error(`No sendable instant found after ${instant.toISOString()} in ${timeZone}`);
}
