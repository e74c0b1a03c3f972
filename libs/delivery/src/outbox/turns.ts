import type { RateGrant, RateRequest } from '../rate-limiter';

/** The part of the shared limiter a batch needs. */
export interface TurnSource {
  acquire(phoneNumberId: string, request: RateRequest): Promise<RateGrant>;
}

interface Waiter {
  grant: (granted: boolean) => void;
  fail: (err: unknown) => void;
  giveUpAt: number;
}

/**
 * A batch's queue for its number's turns. The batch's senders wait here and one loop asks the shared
 * limiter for as many turns as there are senders waiting. Each sender asking Redis on its own made
 * every refill a stampede: at 80 mps, 64 senders woke together for each token, one won and the others
 * paid a round trip for nothing, which took more CPU than the sends themselves.
 */
export class Turns {
  private readonly waiting: Waiter[] = [];
  private looping = false;

  constructor(
    private readonly source: TurnSource,
    private readonly phoneNumberId: string,
    private readonly mps: number,
    /** A sender waits at most this long, then looks at its delivery again (a pause, a cancel). */
    private readonly patienceMs: number,
  ) {}

  /** True when a turn is granted; false after `patienceMs` without one. Fails if the limiter does. */
  take(): Promise<boolean> {
    return new Promise((grant, fail) => {
      this.waiting.push({ grant, fail, giveUpAt: Date.now() + this.patienceMs });
      if (!this.looping) void this.loop();
    });
  }

  private async loop(): Promise<void> {
    this.looping = true;
    try {
      while (this.waiting.length) {
        let result: RateGrant;
        try {
          result = await this.source.acquire(this.phoneNumberId, { n: this.waiting.length, mps: this.mps });
        } catch (err) {
          // As when each sender asked for itself: the batch fails, and its rows are recovered.
          for (const w of this.waiting.splice(0)) w.fail(err);
          return;
        }
        for (const w of this.waiting.splice(0, result.granted)) w.grant(true);
        const { retryAfterMs } = result;
        const now = Date.now();
        for (let i = this.waiting.length - 1; i >= 0; i--) {
          if (this.waiting[i].giveUpAt <= now) this.waiting.splice(i, 1)[0].grant(false);
        }
        if (this.waiting.length && retryAfterMs > 0) {
          const soonestGiveUp = Math.min(...this.waiting.map((w) => w.giveUpAt)) - now;
          await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.min(retryAfterMs, soonestGiveUp))));
        }
      }
    } finally {
      this.looping = false;
    }
  }
}
