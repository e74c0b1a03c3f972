import type { ReachPlan } from './messaging-limit';
import { daysBetween, formatClockTime, localParts, weekdayOf } from './zoned-time';
import { WEEKDAY_LABELS } from './digest-schedule';
import { formatCount, MONTH_NAMES } from './italian';

export interface EstimateSendInput {
  /** Every recipient of the broadcast. */
  readonly recipients: number;
  /** Those with an open customer service window: free text, outside the messaging limit. */
  readonly insideWindow: number;
  /** The sending number's messages per second (80 by default, up to 1,000). */
  readonly mps: number;
  /** `planReach` for the `recipients - insideWindow` others. */
  readonly limitPlan: ReachPlan;
  /** When sending starts (after quiet hours, if the caller applies them). */
  readonly now: Date;
  /** For the wording of the warning; the comune's zone. */
  readonly timeZone?: string;
}

export interface SendEstimate {
  /** Recipients the messaging limit lets through at once. */
  readonly reach: number;
  /** Recipients who must wait for the limit's moving window to free up. */
  readonly deferred: number;
  /** Seconds from `now` to the last message, rounded up. */
  readonly durationS: number;
  readonly finishAt: Date;
  /** Italian, for staff, when the messaging limit delays part of the audience. */
  readonly limitWarning?: string;
}

/**
 * How long a broadcast takes at the number's throughput, given the messaging limit's plan. The estimate
 * assumes the number sends nothing else meanwhile; other broadcasts and replies share its mps.
 */
export function estimateSend(input: EstimateSendInput): SendEstimate {
  const { recipients, insideWindow, mps, limitPlan, now } = input;
  const timeZone = input.timeZone ?? 'Europe/Rome';
  if (!Number.isInteger(recipients) || !Number.isInteger(insideWindow) || insideWindow < 0 || insideWindow > recipients) {
    throw new RangeError(`insideWindow (${insideWindow}) must be an integer between 0 and recipients (${recipients})`);
  }
  if (!(mps > 0) || !Number.isFinite(mps)) throw new RangeError(`mps must be positive, got ${mps}`);
  if (limitPlan.total !== recipients - insideWindow) {
    throw new RangeError(`limitPlan covers ${limitPlan.total} recipients, expected ${recipients - insideWindow}`);
  }

  const reach = insideWindow + limitPlan.sendNow;
  const deferred = recipients - reach;
  const bursts = [{ at: now.getTime(), count: reach }, ...limitPlan.later.map((s) => ({ at: s.at.getTime(), count: s.count }))];
  let cursor = now.getTime();
  for (const b of bursts) {
    if (b.count === 0) continue;
    cursor = Math.max(cursor, b.at) + (b.count / mps) * 1000;
  }
  const finishAt = new Date(Math.ceil(cursor));
  const durationS = Math.ceil((finishAt.getTime() - now.getTime()) / 1000);
  if (deferred === 0) return { reach, deferred, durationS, finishAt };

  const people = (n: number) => `${formatCount(n)} ${n === 1 ? 'destinatario' : 'destinatari'}`;
  const verb = deferred === 1 ? 'riceverà' : 'riceveranno';
  const limitWarning =
    `Il limite giornaliero di Meta (${people(limitPlan.limit)}) verrà superato: ` +
    `${people(deferred)} ${verb} il messaggio entro ${byWhen(finishAt, now, timeZone)}`;
  return { reach, deferred, durationS, finishAt, limitWarning };
}

/** "le 14:30 di domani": rounded up to the minute, since "entro" promises no earlier reading. */
function byWhen(finishAt: Date, now: Date, timeZone: string): string {
  const rounded = new Date(Math.ceil(finishAt.getTime() / 60_000) * 60_000);
  const at = localParts(rounded, timeZone);
  const days = daysBetween(localParts(now, timeZone), at);
  const time = `le ${formatClockTime(at)}`;
  if (days === 0) return `${time} di oggi`;
  if (days === 1) return `${time} di domani`;
  if (days === 2) return `${time} di dopodomani`;
  return `${time} di ${WEEKDAY_LABELS[weekdayOf(at)]} ${at.day} ${MONTH_NAMES[at.month - 1]}`;
}
