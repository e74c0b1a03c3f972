import { estimateSend } from './estimate';
import { formatCount } from './italian';
import { planReach, ReachPlan } from './messaging-limit';

const H = 3_600_000;

function scenario(opts: {
  now: string;
  limit: number;
  recipients: number;
  insideWindow?: number;
  reached?: { hoursAgo: number; count: number }[];
  mps?: number;
  timeZone?: string;
}) {
  const now = new Date(opts.now);
  const insideWindow = opts.insideWindow ?? 0;
  const limitPlan = planReach({
    limit: opts.limit,
    reachedInWindow: (opts.reached ?? []).map((b) => ({ at: new Date(now.getTime() - b.hoursAgo * H), count: b.count })),
    recipientsOutsideWindow: opts.recipients - insideWindow,
    now,
  });
  return estimateSend({ recipients: opts.recipients, insideWindow, mps: opts.mps ?? 80, limitPlan, now, timeZone: opts.timeZone });
}

describe('estimateSend', () => {
  it('within the limit: everyone at the number throughput, no warning', () => {
    const e = scenario({ now: '2026-06-15T10:00:00Z', limit: Infinity, recipients: 8_000, insideWindow: 500 });
    expect(e).toEqual({ reach: 8_000, deferred: 0, durationS: 100, finishAt: new Date('2026-06-15T10:01:40Z') });
  });

  it('citizens inside their window do not count against the limit', () => {
    const e = scenario({ now: '2026-06-15T10:00:00Z', limit: 250, recipients: 1_250, insideWindow: 1_000 });
    expect(e.reach).toBe(1_250);
    expect(e.limitWarning).toBeUndefined();
  });

  it.each([
    {
      label: 'the rest goes tomorrow afternoon when earlier reach leaves the window',
      // 16:00 in Rome; 1,750 reached 90 minutes ago leave the window tomorrow at 14:30.
      input: { now: '2026-06-15T14:00:00Z', limit: 2_000, recipients: 1_000, reached: [{ hoursAgo: 1.5, count: 1_750 }] },
      reach: 250,
      warning:
        'Il limite giornaliero di Meta (2.000 destinatari) verrà superato: 750 destinatari riceveranno il messaggio entro le 14:31 di domani',
    },
    {
      label: 'a new comune on TIER_250 with 1,000 subscribers: three more days',
      input: { now: '2026-06-15T10:00:00Z', limit: 250, recipients: 1_000 },
      reach: 250,
      warning:
        'Il limite giornaliero di Meta (250 destinatari) verrà superato: 750 destinatari riceveranno il messaggio entro le 12:01 di giovedì 18 giugno',
    },
    {
      label: 'day after tomorrow',
      input: { now: '2026-06-15T10:00:00Z', limit: 250, recipients: 600 },
      reach: 250,
      warning:
        'Il limite giornaliero di Meta (250 destinatari) verrà superato: 350 destinatari riceveranno il messaggio entro le 12:01 di dopodomani',
    },
    {
      label: 'one recipient, later today',
      input: { now: '2026-06-15T10:00:00Z', limit: 250, recipients: 1, reached: [{ hoursAgo: 20, count: 250 }] },
      reach: 0,
      warning:
        'Il limite giornaliero di Meta (250 destinatari) verrà superato: 1 destinatario riceverà il messaggio entro le 16:01 di oggi',
    },
    {
      label: 'late evening: after midnight is tomorrow',
      input: { now: '2026-06-15T21:00:00Z', limit: 250, recipients: 10, reached: [{ hoursAgo: 23, count: 250 }] },
      reach: 0,
      warning:
        'Il limite giornaliero di Meta (250 destinatari) verrà superato: 10 destinatari riceveranno il messaggio entro le 00:01 di domani',
    },
    {
      label: "in the comune's zone, not UTC",
      input: { now: '2026-06-15T21:00:00Z', limit: 250, recipients: 10, reached: [{ hoursAgo: 23, count: 250 }], timeZone: 'UTC' },
      reach: 0,
      warning:
        'Il limite giornaliero di Meta (250 destinatari) verrà superato: 10 destinatari riceveranno il messaggio entro le 22:01 di oggi',
    },
  ])('$label', ({ input, reach, warning }) => {
    const e = scenario(input);
    expect(e.reach).toBe(reach);
    expect(e.deferred).toBe(input.recipients - reach);
    expect(e.limitWarning).toBe(warning);
  });

  it('sends a slot that arrives while the previous one is still going after it, not on top of it', () => {
    const now = new Date('2026-06-15T10:00:00Z');
    const plan: ReachPlan = {
      limit: 10,
      total: 20,
      alreadyReached: 0,
      sendNow: 10,
      later: [{ at: new Date(now.getTime() + 5_000), count: 10 }],
      finishAt: new Date(now.getTime() + 5_000),
    };
    const e = estimateSend({ recipients: 20, insideWindow: 0, mps: 1, limitPlan: plan, now });
    expect(e.durationS).toBe(20);
    expect(e.finishAt).toEqual(new Date('2026-06-15T10:00:20Z'));
  });

  it('counts the time of the last slot and its throughput', () => {
    const e = scenario({ now: '2026-06-15T10:00:00Z', limit: 250, recipients: 500, mps: 1_000 });
    expect(e.durationS).toBe(24 * 3600 + 1);
    expect(e.finishAt).toEqual(new Date('2026-06-16T10:00:00.250Z'));
  });

  it('rejects inconsistent input', () => {
    const now = new Date('2026-06-15T10:00:00Z');
    const limitPlan = planReach({ limit: 250, reachedInWindow: [], recipientsOutsideWindow: 100, now });
    expect(() => estimateSend({ recipients: 200, insideWindow: 0, mps: 80, limitPlan, now })).toThrow(/limitPlan covers 100/);
    expect(() => estimateSend({ recipients: 100, insideWindow: 101, mps: 80, limitPlan, now })).toThrow(RangeError);
    expect(() => estimateSend({ recipients: 100, insideWindow: 0, mps: 0, limitPlan, now })).toThrow(RangeError);
  });
});

describe('formatCount', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1_000, '1.000'],
    [1_234_567, '1.234.567'],
    [Infinity, 'illimitati'],
  ])('%d -> %s', (n, text) => {
    expect(formatCount(n)).toBe(text);
  });
});
