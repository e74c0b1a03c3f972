import { Batch, FairShareInput, FairShareState, initialFairShareState, Lane, nextBatches, PendingWork } from './fair-share';

const work = (tenantId: string, numberId: string, lane: Lane, pending: number): PendingWork => ({ tenantId, numberId, lane, pending });
const short = (batches: Batch[]) => batches.map((b) => `${b.tenantId}/${b.numberId}/${b.lane}/${b.size}`);
const FAST = { a1: 1000, a2: 1000, a3: 1000, b1: 1000, c1: 1000, d1: 1000 };

/** Runs steps, taking the batches off the pending counts as workers would. */
function simulate(pending: PendingWork[], steps: number, base: Omit<FairShareInput, 'pending'>) {
  let state = initialFairShareState();
  let current = pending.map((w) => ({ ...w }));
  const log: Batch[][] = [];
  for (let i = 0; i < steps; i++) {
    const out = nextBatches(state, { ...base, pending: current });
    state = out.state;
    log.push(out.batches);
    for (const b of out.batches) {
      const w = current.find((x) => x.tenantId === b.tenantId && x.numberId === b.numberId && x.lane === b.lane)!;
      current = current.map((x) => (x === w ? { ...x, pending: x.pending - b.size } : x));
    }
  }
  return { log, state, remaining: current };
}

describe('nextBatches: lanes', () => {
  it.each([
    {
      label: "an alert in one town overtakes another town's news",
      pending: [work('A', 'a1', 'news', 10_000), work('B', 'b1', 'urgent', 500)],
      slots: 1,
      expected: ['B/b1/urgent/50'],
    },
    {
      label: "an alert overtakes the same town's news",
      pending: [work('A', 'a1', 'news', 10_000), work('A', 'a1', 'urgent', 500)],
      slots: 2,
      expected: ['A/a1/urgent/50', 'A/a1/urgent/50'],
    },
    {
      label: 'a reply goes before news on the same number',
      pending: [work('A', 'a1', 'news', 10_000), work('A', 'a1', 'reply', 2)],
      slots: 2,
      expected: ['A/a1/reply/2', 'A/a1/news/50'],
    },
    {
      label: 'a reply is not stuck behind an alert on the same number: the lanes alternate',
      pending: [work('A', 'a1', 'urgent', 10_000), work('A', 'a1', 'reply', 200), work('A', 'a1', 'news', 10_000)],
      slots: 4,
      expected: ['A/a1/reply/50', 'A/a1/urgent/50', 'A/a1/reply/50', 'A/a1/urgent/50'],
    },
    {
      label: "a reply in one town is not stuck behind another town's alert",
      pending: [work('A', 'a1', 'urgent', 10_000), work('B', 'b1', 'reply', 1)],
      slots: 2,
      expected: ['A/a1/urgent/50', 'B/b1/reply/1'],
    },
    {
      label: "an alert takes only what its number can send: other towns' news gets the spare slots",
      pending: [work('A', 'a1', 'urgent', 10_000), work('B', 'b1', 'news', 10_000)],
      slots: 10,
      mps: { a1: 80, b1: 80 },
      expected: ['A/a1/urgent/50', 'A/a1/urgent/30', 'B/b1/news/50', 'B/b1/news/30'],
    },
  ])('$label', ({ pending, slots, expected, mps }) => {
    const out = nextBatches(initialFairShareState(), { pending, slots, maxBatchSize: 50, mps: mps ?? FAST });
    expect(short(out.batches)).toEqual(expected);
  });
});

describe('nextBatches: fairness between towns', () => {
  it('serves tenants in turn, carrying the turn across steps', () => {
    const pending = ['A', 'B', 'C'].map((t) => work(t, `${t.toLowerCase()}1`, 'news', 10_000));
    const { log } = simulate(pending, 3, { slots: 2, maxBatchSize: 50, mps: FAST });
    expect(log.map((batches) => batches.map((b) => b.tenantId).join(''))).toEqual(['AB', 'CA', 'BC']);
  });

  it('gives a town with three numbers one turn, not three, and rotates its numbers', () => {
    const pending = [
      work('A', 'a1', 'news', 10_000),
      work('A', 'a2', 'news', 10_000),
      work('A', 'a3', 'news', 10_000),
      work('B', 'b1', 'news', 10_000),
    ];
    const { log } = simulate(pending, 2, { slots: 4, maxBatchSize: 50, mps: FAST });
    expect(log.map((batches) => batches.map((b) => b.numberId))).toEqual([
      ['a1', 'b1', 'a2', 'b1'],
      ['a3', 'b1', 'a1', 'b1'],
    ]);
  });

  it('lets a small town finish while a big one is still sending, and shares evenly meanwhile', () => {
    const pending = [work('big', 'a1', 'news', 100_000), work('mid', 'b1', 'news', 100_000), work('small', 'c1', 'news', 120)];
    const { log, remaining } = simulate(pending, 20, { slots: 3, maxBatchSize: 50, mps: FAST });
    const sent = (tenant: string) => log.flat().filter((b) => b.tenantId === tenant).reduce((a, b) => a + b.size, 0);
    expect(remaining.find((w) => w.tenantId === 'small')!.pending).toBe(0);
    const smallDoneAt = log.findIndex((batches) => batches.every((b) => b.tenantId !== 'small'));
    expect(smallDoneAt).toBe(3);
    expect(Math.abs(sent('big') - sent('mid'))).toBeLessThanOrEqual(50);
    expect(sent('big') + sent('mid') + sent('small')).toBe(20 * 3 * 50 - 30);
  });

  it("never gives a number more than mps × stepS in a step", () => {
    const out = nextBatches(initialFairShareState(), {
      pending: [work('A', 'a1', 'urgent', 5_000), work('A', 'a1', 'reply', 5), work('A', 'a1', 'news', 5_000)],
      slots: 100,
      maxBatchSize: 50,
      mps: { a1: 80 },
      stepS: 2,
    });
    expect(out.batches.reduce((a, b) => a + b.size, 0)).toBe(160);
    expect(out.batches.some((b) => b.lane === 'news')).toBe(false);
  });

  it('uses the default 80 mps for a number without a rate, and at least one message for a very slow one', () => {
    const out = nextBatches(initialFairShareState(), {
      pending: [work('A', 'a1', 'news', 1_000), work('B', 'b1', 'news', 1_000)],
      slots: 100,
      maxBatchSize: 500,
      mps: { b1: 0.2 },
    });
    expect(short(out.batches)).toEqual(['A/a1/news/80', 'B/b1/news/1']);
  });
});

describe('nextBatches: state and input', () => {
  const input: FairShareInput = {
    pending: [work('A', 'a1', 'news', 1_000), work('B', 'b1', 'urgent', 60), work('B', 'b1', 'reply', 5)],
    slots: 3,
    maxBatchSize: 50,
    mps: FAST,
  };

  it('is deterministic and its state survives serialisation', () => {
    const first = nextBatches(initialFairShareState(), input);
    const replayed = nextBatches(JSON.parse(JSON.stringify(initialFairShareState())) as FairShareState, input);
    expect(replayed).toEqual(first);
    const again = nextBatches(JSON.parse(JSON.stringify(first.state)) as FairShareState, input);
    expect(again).toEqual(nextBatches(first.state, input));
  });

  it('forgets towns and numbers with nothing pending', () => {
    const { state } = nextBatches(initialFairShareState(), input);
    expect(Object.keys(state.replyNext)).toEqual(['b1']);
    const later = nextBatches(state, { ...input, pending: [work('A', 'a1', 'news', 10)] });
    expect(later.state.replyNext).toEqual({});
    expect(Object.keys(later.state.lastNumber)).toEqual(['news|A']);
  });

  it('adds up repeated entries and ignores empty ones', () => {
    const out = nextBatches(initialFairShareState(), {
      pending: [work('A', 'a1', 'news', 30), work('A', 'a1', 'news', 30), work('B', 'b1', 'urgent', 0)],
      slots: 5,
      maxBatchSize: 100,
      mps: FAST,
    });
    expect(short(out.batches)).toEqual(['A/a1/news/60']);
  });

  it('hands out nothing without free slots', () => {
    expect(nextBatches(initialFairShareState(), { ...input, slots: 0 }).batches).toEqual([]);
  });

  it('rejects a number claimed by two towns, an unknown lane and bad sizes', () => {
    const base = { slots: 1, maxBatchSize: 10, mps: FAST };
    expect(() => nextBatches(initialFairShareState(), { ...base, pending: [work('A', 'x', 'news', 1), work('B', 'x', 'news', 1)] })).toThrow(
      /appears under tenants A and B/,
    );
    expect(() => nextBatches(initialFairShareState(), { ...base, pending: [work('A', 'x', 'bulk' as Lane, 1)] })).toThrow(/Unknown lane/);
    expect(() => nextBatches(initialFairShareState(), { ...base, maxBatchSize: 0, pending: [] })).toThrow(RangeError);
    expect(() => nextBatches(initialFairShareState(), { ...base, slots: -1, pending: [] })).toThrow(RangeError);
  });
});
