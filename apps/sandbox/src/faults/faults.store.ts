import { Injectable } from '@nestjs/common';

/** Misbehaviours tests switch on to see how our sender copes. */
export interface Faults {
  /** Added to every Graph request before it is handled. */
  latencyMs: number;
  /** Share of sends answered HTTP 500, code 131000. */
  errorRate: number;
  /**
   * Share of sends held for `timeoutMs` (default SANDBOX_TIMEOUT_FAULT_MS) before being handled
   * normally: the caller times out while the message may still be accepted, as a slow Meta would.
   */
  timeoutRate: number;
  timeoutMs?: number;
  /** Every send answered 130429. */
  throttleAll: boolean;
  /**
   * Every send (once the token is checked) answered with this Meta error code and HTTP status, in
   * Meta's shape: for the codes the sandbox has no situation of its own for (billing, permissions,
   * paused templates…).
   */
  errorCode: number | null;
  errorHttpStatus: number;
  /** Phone number ids whose token is treated as expired (401, code 190). */
  expiredToken: string[];
  /**
   * E.164 recipients that cannot receive: the send is accepted and a `failed` status with 131026 follows,
   * which is how the Cloud API usually reports it (the error is also documented synchronously; the
   * asynchronous path is the one a sender is likelier to get wrong).
   */
  undeliverable: string[];
  /** Enforces the per-recipient pair limit (1 per 6 s, bursts of 45) with 131056. Off by default so
   * load tests to one test phone are not throttled. */
  pairRateLimit: boolean;
}

const NONE: Faults = {
  latencyMs: 0,
  errorRate: 0,
  timeoutRate: 0,
  throttleAll: false,
  errorCode: null,
  errorHttpStatus: 400,
  expiredToken: [],
  undeliverable: [],
  pairRateLimit: false,
};

@Injectable()
export class FaultsStore {
  private faults: Faults = { ...NONE };

  get current(): Faults {
    return this.faults;
  }

  /** Merges: fields not given keep their value. */
  update(change: Partial<Faults>): Faults {
    const defined = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
    this.faults = { ...this.faults, ...defined };
    return this.faults;
  }

  reset(): Faults {
    this.faults = { ...NONE };
    return this.faults;
  }

  /** True with probability `rate`; 0 and 1 are exact so tests are deterministic. */
  static happens(rate: number): boolean {
    return rate >= 1 || (rate > 0 && Math.random() < rate);
  }
}
