import type { RateGrant, RateRequest } from '../rate-limiter';
import { TurnSource, Turns } from './turns';

/** A token bucket in memory, counting the calls made to it (the limiter's contract, not Redis). */
class Bucket implements TurnSource {
  calls = 0;
  granted = 0;
  private tokens: number;
  private at = Date.now();
  constructor(
    private readonly mps: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }
  async acquire(_: string, r: RateRequest): Promise<RateGrant> {
    this.calls += 1;
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) * this.mps) / 1000);
    this.at = now;
    const granted = Math.min(r.n, Math.floor(this.tokens));
    this.tokens -= granted;
    this.granted += granted;
    const want = Math.min(r.n - granted, this.burst);
    return { granted, retryAfterMs: granted < r.n ? Math.max(1, Math.ceil(((want - this.tokens) * 1000) / this.mps)) : 0 };
  }
}

describe('Turns', () => {
  it('gives 64 waiting senders their turns at the rate with one call per refill, not one per sender', async () => {
    const bucket = new Bucket(100, 10);
    const turns = new Turns(bucket, 'n1', 100, 5000);
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 64 }, () => turns.take()));
    const elapsed = Date.now() - started;
    expect(results.every(Boolean)).toBe(true);
    expect(bucket.granted).toBe(64);
    // 10 at once, then 54 more at 100 a second.
    expect(elapsed).toBeGreaterThanOrEqual(450);
    // Each sender on its own would have asked about 64 times per refill.
    expect(bucket.calls).toBeLessThan(30);
  });

  it('lets a sender go after its patience with no turn, so it can look at its delivery again', async () => {
    const bucket = new Bucket(1, 1);
    const turns = new Turns(bucket, 'n1', 1, 150);
    const [a, b] = await Promise.all([turns.take(), turns.take()]);
    expect([a, b]).toEqual([true, false]);
  });

  it('fails the waiting senders when the limiter fails, as the batch did before', async () => {
    const broken: TurnSource = { acquire: () => Promise.reject(new Error('Redis down')) };
    const turns = new Turns(broken, 'n1', 80, 1000);
    await expect(Promise.all([turns.take(), turns.take()])).rejects.toThrow('Redis down');
    // And the next sender is asked for again, not left waiting.
    await expect(turns.take()).rejects.toThrow('Redis down');
  });
});
