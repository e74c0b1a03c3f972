import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';

/**
 * The send rate of one WhatsApp number, shared by every worker process. Meta allows 80 messages per
 * second per number by default, up to 1,000 (WHATSAPP.md §5); beyond it every send fails with 130429
 * until the number is back under, so the limit has to hold across processes, not per process.
 *
 * A token bucket in one Redis hash per number, updated by a Lua script so read-refill-take is atomic.
 * The script reads the clock with TIME: all processes share Redis's clock, so a worker whose clock is
 * off cannot over-grant. Redis 5+ replicates a script by its effects, which is what makes calling
 * TIME before writing allowed.
 *
 * The caller passes the number's current `mps` on every call, so a change (a tier upgrade to 1,000 mps,
 * a sandbox set to 5) takes effect at the next call with no invalidation; tokens above a lowered burst
 * are dropped. An idle key expires once it would be full again, which is indistinguishable from a
 * missing key, so 8,000 numbers leave no permanent keys behind.
 */

export interface RateRequest {
  /** Messages the caller would like to send now. */
  readonly n: number;
  /** The number's messages per second. */
  readonly mps: number;
  /**
   * The most that may go at once after an idle spell; default a tenth of a second's worth. A burst of a
   * full second would allow 2 × mps inside one second, which is what Meta counts.
   */
  readonly burst?: number;
}

export interface RateGrant {
  /** How many of the `n` may be sent now (0..n). */
  readonly granted: number;
  /**
   * 0 when everything was granted; otherwise how long until the rest (up to one burst) would be
   * available if nobody else took it. Other processes may, so the next call can again be partial.
   */
  readonly retryAfterMs: number;
}

export function defaultBurst(mps: number): number {
  return Math.max(1, Math.ceil(mps / 10));
}

// Tokens are kept with microsecond timestamps: at 1,000 mps a millisecond clock would refill in steps
// of a whole message. Doubles hold microseconds since 1970 exactly (about 1.8e15 < 2^53).
const SCRIPT = `
local mps = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local n = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = burst
  ts = now
end
-- A clock that went backwards (failover to a replica) refills nothing until it catches up.
if now > ts then
  tokens = tokens + (now - ts) * mps / 1000000
  ts = now
end
if tokens > burst then tokens = burst end
local granted = math.min(n, math.floor(tokens + 1e-9))
tokens = tokens - granted
local retry = 0
if granted < n then
  local want = math.min(n - granted, burst)
  retry = math.ceil((want - tokens) * 1000 / mps)
  if retry < 1 then retry = 1 end
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'ts', string.format('%.0f', ts))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) * 1000 / mps) + 1000)
return { granted, retry }
`;

const SCRIPT_SHA = createHash('sha1').update(SCRIPT).digest('hex');

export class SendRateLimiter {
  /**
   * @param redis any ioredis connection (or cluster); the limiter does not own it and never closes it.
   * @param prefix the deployment's key prefix; keys are `${prefix}:rate:${phoneNumberId}`.
   */
  constructor(
    private readonly redis: Redis | Cluster,
    private readonly prefix: string,
  ) {}

  key(phoneNumberId: string): string {
    return `${this.prefix}:rate:${phoneNumberId}`;
  }

  /** Takes up to `n` sends for this number, atomically across all processes. */
  async acquire(phoneNumberId: string, request: RateRequest): Promise<RateGrant> {
    const { n, mps } = request;
    const burst = request.burst ?? defaultBurst(mps);
    if (!phoneNumberId) throw new RangeError('phoneNumberId is required');
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
    if (!(mps > 0) || !Number.isFinite(mps)) throw new RangeError(`mps must be positive, got ${mps}`);
    if (!Number.isInteger(burst) || burst < 1) throw new RangeError(`burst must be a positive integer, got ${burst}`);
    const [granted, retryAfterMs] = await this.run(this.key(phoneNumberId), [String(mps), String(burst), String(n)]);
    return { granted, retryAfterMs };
  }

  // EVALSHA first so a busy worker does not ship the script on every call; EVAL once after a Redis
  // restart or failover emptied the script cache.
  private async run(key: string, args: string[]): Promise<[number, number]> {
    try {
      return (await this.redis.evalsha(SCRIPT_SHA, 1, key, ...args)) as [number, number];
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return (await this.redis.eval(SCRIPT, 1, key, ...args)) as [number, number];
    }
  }
}
