import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { RateRequest, SendRateLimiter } from '../src/rate-limiter';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `bacheca-test:delivery-rate:${randomBytes(5).toString('hex')}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Grant {
  at: number;
  n: number;
}

interface HammerResult {
  grants: Grant[];
  /** The slowest call's round trip: how far a client timestamp can lag the grant in Redis. */
  maxLatencyMs: number;
}

/** One worker's loop: ask for `request.n` at a time until `until`, waiting as told when refused. */
async function hammer(limiter: SendRateLimiter, numberId: string, request: RateRequest, until: number): Promise<HammerResult> {
  const grants: Grant[] = [];
  let maxLatencyMs = 0;
  while (Date.now() < until) {
    const sent = Date.now();
    const g = await limiter.acquire(numberId, request);
    const received = Date.now();
    maxLatencyMs = Math.max(maxLatencyMs, received - sent);
    if (g.granted > 0) grants.push({ at: received, n: g.granted });
    if (g.granted < request.n) await sleep(Math.max(1, Math.min(g.retryAfterMs, until - Date.now())));
  }
  return { grants, maxLatencyMs };
}

const total = (grants: Grant[]) => grants.reduce((sum, g) => sum + g.n, 0);

describe('SendRateLimiter (real Redis)', () => {
  let processA: Redis;
  let processB: Redis;
  let limiterA: SendRateLimiter;
  let limiterB: SendRateLimiter;

  beforeAll(() => {
    processA = new Redis(REDIS_URL);
    processB = new Redis(REDIS_URL);
    limiterA = new SendRateLimiter(processA, PREFIX);
    limiterB = new SendRateLimiter(processB, PREFIX);
  });

  afterAll(async () => {
    const keys = await processA.keys(`${PREFIX}:*`);
    if (keys.length) await processA.del(...keys);
    expect(await processA.keys(`${PREFIX}:*`)).toEqual([]);
    await Promise.all([processA.quit(), processB.quit()]);
  });

  it('holds 80 mps across two processes hammering the same number', async () => {
    const request = { n: 10, mps: 80, burst: 8 };
    const start = Date.now();
    const until = start + 2_000;
    const loops = await Promise.all([
      hammer(limiterA, 'num-shared', request, until),
      hammer(limiterA, 'num-shared', request, until),
      hammer(limiterB, 'num-shared', request, until),
      hammer(limiterB, 'num-shared', request, until),
    ]);
    const elapsedS = (Date.now() - start) / 1000;
    const grants = loops.flatMap((l) => l.grants).sort((x, y) => x.at - y.at);
    const sent = total(grants);

    // Redis's elapsed time between the first and last script is within the client's: the bound is exact.
    expect(sent).toBeLessThanOrEqual(request.burst + request.mps * elapsedS);
    // And the limiter does not starve the number either.
    expect(sent).toBeGreaterThanOrEqual(0.9 * request.mps * 2);
    expect(total(loops[0].grants) + total(loops[1].grants)).toBeGreaterThan(0);
    expect(total(loops[2].grants) + total(loops[3].grants)).toBeGreaterThan(0);

    // Any one-second window: at most mps + burst, plus what a client-side delay can shift into it.
    const lagS = Math.max(...loops.map((l) => l.maxLatencyMs)) / 1000;
    for (const g of grants) {
      const inWindow = total(grants.filter((x) => x.at >= g.at && x.at < g.at + 1_000));
      expect(inWindow).toBeLessThanOrEqual(request.burst + request.mps * (1 + lagS));
    }
  });

  it('keeps numbers independent', async () => {
    const request = { n: 5, mps: 10, burst: 5 };
    expect(await limiterA.acquire('num-x', request)).toEqual({ granted: 5, retryAfterMs: 0 });
    const refused = await limiterB.acquire('num-x', request);
    expect(refused.granted).toBe(0);
    expect(refused.retryAfterMs).toBeGreaterThan(400);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(500);
    expect(await limiterB.acquire('num-y', request)).toEqual({ granted: 5, retryAfterMs: 0 });
  });

  it('grants part of a request and says when the rest is worth asking for', async () => {
    // 3 more wanted, but a burst is 2: come back when 2 are there, 100 ms at 20 mps.
    const request = { n: 5, mps: 20, burst: 2 };
    expect(await limiterA.acquire('num-partial', request)).toEqual({ granted: 2, retryAfterMs: 100 });
    const refused = await limiterB.acquire('num-partial', { ...request, n: 1 });
    expect(refused.granted).toBe(0);
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(50);
    await sleep(refused.retryAfterMs + 5);
    expect((await limiterB.acquire('num-partial', { ...request, n: 1 })).granted).toBe(1);
  });

  it("applies a number's new mps at the next call", async () => {
    const fast = { n: 20, mps: 200, burst: 20 };
    const start = Date.now();
    const phase1 = await Promise.all([
      hammer(limiterA, 'num-change', fast, start + 500),
      hammer(limiterB, 'num-change', fast, start + 500),
    ]);
    const fastRate = total(phase1.flatMap((l) => l.grants)) / ((Date.now() - start) / 1000);

    const slow = { n: 20, mps: 40, burst: 4 };
    const switched = Date.now();
    const phase2 = await Promise.all([
      hammer(limiterA, 'num-change', slow, switched + 1_000),
      hammer(limiterB, 'num-change', slow, switched + 1_000),
    ]);
    const slowElapsedS = (Date.now() - switched) / 1000;
    const slowSent = total(phase2.flatMap((l) => l.grants));

    expect(fastRate).toBeGreaterThan(150);
    // Tokens saved at 200 mps are capped at the new burst, so the slow phase starts with at most 4.
    expect(slowSent).toBeLessThanOrEqual(slow.burst + slow.mps * slowElapsedS);
    expect(slowSent).toBeGreaterThanOrEqual(0.8 * slow.mps * 1);
  });

  it('expires an idle key once its bucket would be full again, and uses Redis time', async () => {
    const key = limiterA.key('num-idle');
    await limiterA.acquire('num-idle', { n: 10, mps: 1_000, burst: 10 });
    const [seconds, micros] = await processA.time();
    const stored = await processA.hgetall(key);
    expect(Math.abs(Number(stored.ts) - (Number(seconds) * 1e6 + Number(micros)))).toBeLessThan(1e6);
    expect(Number(stored.tokens)).toBeLessThan(1);
    const ttl = await processA.pttl(key);
    expect(ttl).toBeGreaterThan(900);
    expect(ttl).toBeLessThanOrEqual(1_010);

    await sleep(ttl + 100);
    expect(await processA.exists(key)).toBe(0);
    // Gone means full: the next caller gets a whole burst.
    expect(await limiterB.acquire('num-idle', { n: 10, mps: 1_000, burst: 10 })).toEqual({ granted: 10, retryAfterMs: 0 });
  });

  it('reloads its script after Redis forgets it', async () => {
    await processB.script('FLUSH');
    expect((await limiterB.acquire('num-flush', { n: 1, mps: 80 })).granted).toBe(1);
  });

  it('rejects requests it cannot answer, without touching Redis', async () => {
    await expect(limiterA.acquire('num-bad', { n: 1, mps: 0 })).rejects.toThrow(RangeError);
    await expect(limiterA.acquire('num-bad', { n: -1, mps: 80 })).rejects.toThrow(RangeError);
    await expect(limiterA.acquire('num-bad', { n: 1, mps: 80, burst: 0 })).rejects.toThrow(RangeError);
    await expect(limiterA.acquire('', { n: 1, mps: 80 })).rejects.toThrow(RangeError);
    expect(await processA.exists(limiterA.key('num-bad'))).toBe(0);
  });
});
