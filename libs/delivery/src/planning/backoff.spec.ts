import { BACKOFF_POLICIES, RetryCause, retryCauseOf, retryDelayMs } from './backoff';

const fixed = (r: number) => () => r;

describe('retryDelayMs', () => {
  it.each<[RetryCause, number, number, number]>([
    // [cause, attempt, random, expected ms]
    ['throttled', 0, 0, 500],
    ['throttled', 0, 0.5, 750],
    ['throttled', 3, 0, 4_000],
    ['throttled', 10, 0, 30_000],
    ['throttled', 10, 0.9999, 59_997],
    ['temporary', 0, 0, 1_000],
    ['temporary', 2, 0.9999, 8_000],
    ['temporary', 20, 0, 150_000],
    // 131056: Meta's 4^X seconds, never less.
    ['pair_rate_limit', 0, 0, 1_000],
    ['pair_rate_limit', 1, 0, 4_000],
    ['pair_rate_limit', 2, 0, 16_000],
    ['pair_rate_limit', 3, 0, 64_000],
    ['pair_rate_limit', 5, 0, 1_024_000],
    ['pair_rate_limit', 2, 0.5, 16_800],
    ['pair_rate_limit', 6, 0, 3_600_000],
    ['pair_rate_limit', 30, 0, 3_600_000],
  ])('%s attempt %d random %d -> %d ms', (cause, attempt, r, expected) => {
    expect(retryDelayMs({ attempt, cause }, { random: fixed(r) })).toBe(expected);
  });

  it('stays within its band, grows, and is capped, for every attempt', () => {
    for (const cause of ['throttled', 'temporary', 'pair_rate_limit'] as const) {
      const p = BACKOFF_POLICIES[cause];
      let previousLow = 0;
      for (let attempt = 0; attempt <= 25; attempt++) {
        const step = Math.min(p.maxMs, p.baseMs * p.factor ** attempt);
        const low = retryDelayMs({ attempt, cause }, { random: fixed(0) });
        const high = retryDelayMs({ attempt, cause }, { random: fixed(0.999999) });
        expect(low).toBeGreaterThanOrEqual(previousLow);
        expect(high).toBeGreaterThanOrEqual(low);
        if (cause === 'pair_rate_limit') {
          expect(low).toBe(Math.round(step));
          expect(high).toBeLessThanOrEqual(Math.round(step * (1 + p.jitter)));
        } else {
          expect(low).toBe(Math.round(step * (1 - p.jitter)));
          expect(high).toBeLessThanOrEqual(p.maxMs);
        }
        previousLow = low;
      }
    }
  });

  it('spreads retries of a throttled broadcast instead of bunching them', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647);
    const delays = Array.from({ length: 200 }, () => retryDelayMs({ attempt: 2, cause: 'throttled' }, { random }));
    expect(new Set(delays).size).toBeGreaterThan(150);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(2_000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(4_000);
  });

  it('honours a floor from the error, even above the cap', () => {
    expect(retryDelayMs({ attempt: 0, cause: 'throttled', minDelayMs: 6_000 }, { random: fixed(0) })).toBe(6_000);
    expect(retryDelayMs({ attempt: 0, cause: 'throttled', minDelayMs: 120_000 }, { random: fixed(0) })).toBe(120_000);
    expect(retryDelayMs({ attempt: 4, cause: 'temporary', minDelayMs: 1_000 }, { random: fixed(0) })).toBe(16_000);
  });

  it('clamps a random source out of range and rejects a bad attempt number', () => {
    expect(retryDelayMs({ attempt: 0, cause: 'throttled' }, { random: fixed(7) })).toBe(1_000);
    expect(retryDelayMs({ attempt: 0, cause: 'throttled' }, { random: fixed(-1) })).toBe(500);
    expect(() => retryDelayMs({ attempt: -1, cause: 'throttled' })).toThrow(RangeError);
    expect(() => retryDelayMs({ attempt: 1.5, cause: 'throttled' })).toThrow(RangeError);
  });

  it('accepts a custom policy', () => {
    const policy = { baseMs: 100, factor: 3, maxMs: 1_000, jitter: 0 };
    expect([0, 1, 2, 3].map((attempt) => retryDelayMs({ attempt, cause: 'temporary' }, { policy }))).toEqual([100, 300, 900, 1_000]);
  });
});

describe('retryCauseOf', () => {
  it.each([
    [131056, undefined, 'pair_rate_limit'],
    [130429, 400, 'throttled'],
    [4, 400, 'throttled'],
    [80007, 400, 'throttled'],
    [131048, 400, 'throttled'],
    [1, 400, 'temporary'],
    [2, 503, 'temporary'],
    [131000, 500, 'temporary'],
    [131016, 500, 'temporary'],
    [133004, 503, 'temporary'],
    [131057, 500, 'temporary'],
    [131053, 400, 'temporary'],
    // Permanent: fix the request, the template or the account; never retry blindly.
    [100, 400, undefined],
    [131047, 400, undefined],
    [131050, 400, undefined],
    [131026, 400, undefined],
    [190, 500, undefined],
    [133016, 400, undefined],
    // No code: the HTTP status decides; no answer at all is worth retrying.
    [undefined, 429, 'throttled'],
    [undefined, 502, 'temporary'],
    [undefined, undefined, 'temporary'],
    [undefined, 400, undefined],
  ])('code %s, HTTP %s -> %s', (code, status, cause) => {
    expect(retryCauseOf(code, status)).toBe(cause);
  });
});
