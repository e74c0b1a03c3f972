import {
  addDays,
  ClockTime,
  LocalDate,
  formatClockTime,
  localParts,
  parseClockTime,
  Weekday,
  WEEKDAYS,
  weekdayOf,
  zonedInstant,
} from './zoned-time';

/**
 * A recurring digest on the comune's wall clock: San Giuliano Milanese sends its news twice a week
 * (seeds/README.md), e.g. `{ days: ['tue', 'fri'], time: '18:00' }`.
 */
export interface DigestSchedule {
  readonly days: readonly Weekday[];
  readonly time: string;
}

export type DigestScheduleProblemCode = 'no_days' | 'unknown_day' | 'duplicate_day' | 'invalid_time';

export interface DigestScheduleProblem {
  readonly code: DigestScheduleProblemCode;
  readonly message: string;
}

/** Italian names, for staff and for the digest's own header. */
export const WEEKDAY_LABELS: Readonly<Record<Weekday, string>> = {
  mon: 'lunedì',
  tue: 'martedì',
  wed: 'mercoledì',
  thu: 'giovedì',
  fri: 'venerdì',
  sat: 'sabato',
  sun: 'domenica',
};

/** Every problem with a digest schedule, with Italian messages. Empty when the schedule is usable. */
export function checkDigestSchedule(schedule: DigestSchedule): DigestScheduleProblem[] {
  const problems: DigestScheduleProblem[] = [];
  const days: readonly Weekday[] = Array.isArray(schedule.days) ? schedule.days : [];
  if (days.length === 0) {
    problems.push({ code: 'no_days', message: 'Scegli almeno un giorno della settimana per il riepilogo.' });
  }
  const seen = new Set<string>();
  for (const day of days) {
    if (!(WEEKDAYS as readonly string[]).includes(day)) {
      problems.push({
        code: 'unknown_day',
        message: `Giorno "${String(day)}" non riconosciuto (ammessi: ${WEEKDAYS.join(', ')}).`,
      });
    } else if (seen.has(day)) {
      problems.push({ code: 'duplicate_day', message: `Il giorno ${WEEKDAY_LABELS[day]} è indicato più volte.` });
    }
    seen.add(day);
  }
  if (!parseClockTime(schedule.time)) {
    problems.push({
      code: 'invalid_time',
      message: `Orario del riepilogo non valido: "${String(schedule.time)}" (usa il formato HH:MM, per esempio 18:00).`,
    });
  }
  return problems;
}

/** The Italian messages of {@link checkDigestSchedule}. */
export function validateDigestSchedule(schedule: DigestSchedule): string[] {
  return checkDigestSchedule(schedule).map((p) => p.message);
}

/** "ogni martedì e venerdì alle 18:00", days in calendar order. */
export function describeDigestSchedule(schedule: DigestSchedule): string {
  const { days, time } = parse(schedule);
  const labels = WEEKDAYS.filter((d) => days.has(d)).map((d) => WEEKDAY_LABELS[d]);
  if (labels.length === 7) return `ogni giorno alle ${formatClockTime(time)}`;
  const list = labels.length === 1 ? labels[0] : `${labels.slice(0, -1).join(', ')} e ${labels[labels.length - 1]}`;
  return `ogni ${list} alle ${formatClockTime(time)}`;
}

function parse(schedule: DigestSchedule) {
  const problems = checkDigestSchedule(schedule);
  if (problems.length) throw new RangeError(problems.map((p) => p.message).join(' '));
  return { days: new Set<Weekday>(schedule.days), time: parseClockTime(schedule.time)! };
}

// A digest time the zone skips (02:30 on the spring-forward Sunday) goes out when the clocks have
// jumped by the gap, 03:30; one the zone shows twice (the autumn Sunday) goes out once, the first time.
// 'compatible' gives both, so a digest is never skipped and never doubled.
function occurrence(date: LocalDate, time: ClockTime, timeZone: string): Date {
  return zonedInstant(date, time, timeZone, 'compatible');
}

/** The first digest strictly after `after`. */
export function nextDigestAt(after: Date, timeZone: string, schedule: DigestSchedule): Date {
  const { days, time } = parse(schedule);
  const today = localParts(after, timeZone);
  // Eight days: today's slot may already be past and the only scheduled weekday may be today's.
  for (let i = 0; i <= 7; i++) {
    const date = addDays(today, i);
    if (!days.has(weekdayOf(date))) continue;
    const at = occurrence(date, time, timeZone);
    if (at.getTime() > after.getTime()) return at;
  }
  throw new Error('unreachable: a valid schedule has a slot every week');
}

/**
 * The last digest at or before `atOrBefore`. A digest job running at its slot T covers what was
 * published after `previousDigestAt(T - 1 ms)` and up to T.
 */
export function previousDigestAt(atOrBefore: Date, timeZone: string, schedule: DigestSchedule): Date {
  const { days, time } = parse(schedule);
  const today = localParts(atOrBefore, timeZone);
  for (let i = 0; i <= 7; i++) {
    const date = addDays(today, -i);
    if (!days.has(weekdayOf(date))) continue;
    const at = occurrence(date, time, timeZone);
    if (at.getTime() <= atOrBefore.getTime()) return at;
  }
  throw new Error('unreachable: a valid schedule has a slot every week');
}
