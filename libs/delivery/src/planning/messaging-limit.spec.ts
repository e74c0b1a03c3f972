import {
  isMessagingTier,
  MESSAGING_TIER_LIMITS,
  messagingLimitOf,
  planReach,
  planReachForDemands,
  ReachBucket,
} from './messaging-limit';

const H = 3_600_000;
const NOW = new Date('2026-06-15T12:00:00.000Z');
const at = (hoursFromNow: number) => new Date(NOW.getTime() + hoursFromNow * H);
const bucket = (hoursFromNow: number, count: number): ReachBucket => ({ at: at(hoursFromNow), count });
const slots = (list: readonly { at: Date; count: number }[]) =>
  list.map((s) => [(s.at.getTime() - NOW.getTime()) / H, s.count]);

describe('tiers', () => {
  it.each([
    ['TIER_250', 250],
    ['TIER_2K', 2000],
    ['TIER_10K', 10000],
    ['TIER_100K', 100000],
    ['TIER_UNLIMITED', Infinity],
    // The old 1K tier ended on 7 Oct 2025; anything unknown is planned as the smallest tier.
    ['TIER_1K', 250],
    ['tier_2k', 250],
    ['toString', 250],
    [undefined, 250],
    [null, 250],
  ])('%s -> %d', (tier, limit) => {
    expect(messagingLimitOf(tier)).toBe(limit);
  });

  it('knows exactly the five current tiers', () => {
    expect(Object.keys(MESSAGING_TIER_LIMITS).filter(isMessagingTier)).toHaveLength(5);
    expect(isMessagingTier('constructor')).toBe(false);
  });
});

describe('planReach', () => {
  it.each([
    {
      label: 'unlimited portfolio: everyone now',
      limit: Infinity, reached: [bucket(-1, 5_000)], recipients: 3_000,
      sendNow: 3_000, later: [], finishH: 0,
    },
    {
      label: 'new comune, 1,000 subscribers, TIER_250: four days',
      limit: 250, reached: [], recipients: 1_000,
      sendNow: 250, later: [[24, 250], [48, 250], [72, 250]], finishH: 72,
    },
    {
      label: 'earlier sends leave the window one bucket at a time',
      limit: 250, reached: [bucket(-20, 100), bucket(-2, 100)], recipients: 300,
      sendNow: 50, later: [[4, 100], [22, 100], [24, 50]], finishH: 24,
    },
    {
      label: 'buckets 24 h old or older no longer count',
      limit: 250, reached: [bucket(-24, 200), bucket(-30, 200), bucket(-23.5, 10)], recipients: 300,
      sendNow: 240, later: [[0.5, 10], [24, 50]], finishH: 24,
    },
    {
      label: 'window already over the limit (another sender): wait until it drops below',
      limit: 250, reached: [bucket(-23, 200), bucket(-1, 100)], recipients: 100,
      sendNow: 0, later: [[1, 100]], finishH: 1,
    },
    {
      label: 'a bucket stamped in the future counts as now',
      limit: 250, reached: [bucket(1, 250)], recipients: 10,
      sendNow: 0, later: [[24, 10]], finishH: 24,
    },
    {
      label: 'buckets expiring together free up together',
      limit: 250, reached: [bucket(-10, 100), bucket(-10, 150)], recipients: 400,
      sendNow: 0, later: [[14, 250], [38, 150]], finishH: 38,
    },
    {
      label: 'enough room: all now',
      limit: 2_000, reached: [bucket(-3, 1_200)], recipients: 800,
      sendNow: 800, later: [], finishH: 0,
    },
    {
      label: 'nobody outside a window',
      limit: 250, reached: [bucket(-3, 250)], recipients: 0,
      sendNow: 0, later: [], finishH: 0,
    },
  ])('$label', ({ limit, reached, recipients, sendNow, later, finishH }) => {
    const plan = planReach({ limit, reachedInWindow: reached, recipientsOutsideWindow: recipients, now: NOW });
    expect(plan.sendNow).toBe(sendNow);
    expect(slots(plan.later)).toEqual(later);
    expect(plan.finishAt).toEqual(at(finishH));
    expect(plan.total).toBe(recipients);
    expect(plan.sendNow + plan.later.reduce((s, x) => s + x.count, 0)).toBe(recipients);
  });

  it('reports what the window already holds', () => {
    const plan = planReach({ limit: 250, reachedInWindow: [bucket(-2, 30), bucket(-25, 99)], recipientsOutsideWindow: 1, now: NOW });
    expect(plan.alreadyReached).toBe(30);
  });

  it('never exceeds the limit in any 24 h window and never waits longer than needed', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let scenario = 0; scenario < 300; scenario++) {
      const limit = [250, 2_000, 10_000][scenario % 3];
      const reached = Array.from({ length: Math.floor(random() * 30) }, () =>
        bucket(-random() * 30, Math.floor((random() * limit) / 8)),
      );
      const recipients = Math.floor(random() * limit * 3);
      const plan = planReach({ limit, reachedInWindow: reached, recipientsOutsideWindow: recipients, now: NOW });
      const sends = [
        ...reached.map((b) => ({ t: b.at.getTime(), count: b.count })),
        { t: NOW.getTime(), count: plan.sendNow },
        ...plan.later.map((s) => ({ t: s.at.getTime(), count: s.count })),
      ];
      const windowSum = (t: number) => sends.filter((s) => s.t <= t && s.t > t - 24 * H).reduce((a, s) => a + s.count, 0);
      const initial = windowSum(NOW.getTime());
      for (const s of plan.later) {
        // At the slot the window fits the limit; a moment earlier it was full, so the slot is the earliest.
        expect(windowSum(s.at.getTime())).toBeLessThanOrEqual(limit);
        expect(windowSum(s.at.getTime() - 1)).toBeGreaterThanOrEqual(limit);
      }
      if (plan.sendNow > 0) expect(initial).toBeLessThanOrEqual(limit);
      expect(plan.sendNow + plan.later.reduce((a, s) => a + s.count, 0)).toBe(recipients);
    }
  });

  it('rejects inputs it cannot plan', () => {
    const base = { reachedInWindow: [], now: NOW };
    expect(() => planReach({ ...base, limit: 0, recipientsOutsideWindow: 1 })).toThrow(RangeError);
    expect(() => planReach({ ...base, limit: NaN, recipientsOutsideWindow: 1 })).toThrow(RangeError);
    expect(() => planReach({ ...base, limit: 250, recipientsOutsideWindow: -1 })).toThrow(RangeError);
    expect(() => planReach({ ...base, limit: 250, recipientsOutsideWindow: 1.5 })).toThrow(RangeError);
    expect(() => planReach({ ...base, limit: 250, recipientsOutsideWindow: 1, reachedInWindow: [bucket(-1, -3)] })).toThrow(RangeError);
  });

  it('honours a shorter window (sandbox)', () => {
    const plan = planReach({ limit: 10, reachedInWindow: [], recipientsOutsideWindow: 25, now: NOW, windowMs: 60_000 });
    expect(plan.later.map((s) => [s.at.getTime() - NOW.getTime(), s.count])).toEqual([[60_000, 10], [120_000, 5]]);
  });
});

describe('planReachForDemands', () => {
  it('serves urgent alerts first, then news in the given order', () => {
    const { plan, demands } = planReachForDemands({
      limit: 250,
      reachedInWindow: [],
      now: NOW,
      demands: [
        { id: 'news-1', priority: 'normal', recipients: 200 },
        { id: 'alert', priority: 'urgent', recipients: 100 },
        { id: 'news-2', priority: 'normal', recipients: 100 },
      ],
    });
    expect(plan.sendNow).toBe(250);
    expect(demands.map((d) => [d.id, d.sendNow, slots(d.later), d.finishAt.getTime() === NOW.getTime()])).toEqual([
      ['alert', 100, [], true],
      ['news-1', 150, [[24, 50]], false],
      ['news-2', 0, [[24, 100]], false],
    ]);
  });

  it('spreads one demand over several slots and skips empty demands', () => {
    const { demands } = planReachForDemands({
      limit: 100,
      reachedInWindow: [bucket(-20, 60), bucket(-10, 40)],
      now: NOW,
      demands: [
        { id: 'empty', priority: 'normal', recipients: 0 },
        { id: 'alert', priority: 'urgent', recipients: 150 },
      ],
    });
    expect(demands.map((d) => [d.id, d.sendNow, slots(d.later)])).toEqual([
      ['alert', 0, [[4, 60], [14, 40], [28, 50]]],
      ['empty', 0, []],
    ]);
  });
});
