import { batchingFor, MAX_SENDERS, sendersFor } from './batching';

describe('batchingFor', () => {
  it("gives a number at Meta's default 80 mps two chains of batches that last two seconds each", () => {
    expect(batchingFor(80)).toEqual({ chains: 2, batchSize: 80 });
  });

  it('keeps two chains however slow the number, so one chain between batches never stalls it', () => {
    expect(batchingFor(1).chains).toBe(2);
    expect(batchingFor(20)).toEqual({ chains: 2, batchSize: 20 });
  });

  it('adds chains as the rate needs more sends in flight than two batches have senders, up to four', () => {
    expect(batchingFor(160).chains).toBe(2);
    expect(batchingFor(161).chains).toBe(3);
    expect(batchingFor(250).chains).toBe(4);
    expect(batchingFor(1000)).toEqual({ chains: 4, batchSize: 500 });
  });

  it('keeps batches between 20 and 500 rows', () => {
    expect(batchingFor(1).batchSize).toBe(20);
    expect(batchingFor(0).batchSize).toBe(20);
    expect(batchingFor(100_000).batchSize).toBe(500);
  });

  it('never plans fewer senders in flight than the rate needs, until the chains run out', () => {
    for (const mps of [1, 2, 10, 40, 80, 120, 200, 320]) {
      const { chains } = batchingFor(mps);
      expect(chains * sendersFor(mps)).toBeGreaterThanOrEqual(Math.min(Math.ceil(mps * 0.4), 4 * MAX_SENDERS));
    }
  });
});

describe('sendersFor', () => {
  it('keeps the round trip busy at the rate, between 2 and 32', () => {
    expect(sendersFor(2)).toBe(2);
    expect(sendersFor(80)).toBe(32);
    expect(sendersFor(20)).toBe(8);
    expect(sendersFor(1000)).toBe(MAX_SENDERS);
  });
});
