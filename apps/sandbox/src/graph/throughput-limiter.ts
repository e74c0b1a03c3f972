import { Injectable } from '@nestjs/common';
import { TokenBucket } from '../common/token-bucket';
import { NumbersStore, SandboxNumber } from '../numbers/numbers.store';

// Pair rate limit (WHATSAPP.md §5): 1 message per 6 s to the same user, bursts of up to 45.
const PAIR_RATE_PER_SECOND = 1 / 6;
const PAIR_BURST = 45;
const PAIR_MAP_PRUNE_AT = 100_000;

/** Per-number messages-per-second (130429) and, when the fault is on, the per-recipient pair limit (131056). */
@Injectable()
export class ThroughputLimiter {
  private readonly perNumber = new Map<string, TokenBucket>();
  private readonly perPair = new Map<string, TokenBucket>();

  constructor(numbers: NumbersStore) {
    // A changed mps starts from a full bucket of the new size.
    numbers.onChange((phoneNumberId) => this.perNumber.delete(phoneNumberId));
  }

  /**
   * The bucket holds one second of traffic, so a number may burst to its mps at once and then sustain
   * it; the sandbox counts outbound sends only (Meta also counts inbound).
   */
  tryTake(number: SandboxNumber): boolean {
    let bucket = this.perNumber.get(number.phoneNumberId);
    if (!bucket) this.perNumber.set(number.phoneNumberId, (bucket = new TokenBucket(number.mps, number.mps)));
    return bucket.tryTake();
  }

  tryTakePair(number: SandboxNumber, recipient: string): boolean {
    const key = `${number.phoneNumberId}>${recipient}`;
    let bucket = this.perPair.get(key);
    if (!bucket) {
      if (this.perPair.size >= PAIR_MAP_PRUNE_AT) this.prunePairs();
      this.perPair.set(key, (bucket = new TokenBucket(PAIR_RATE_PER_SECOND, PAIR_BURST)));
    }
    return bucket.tryTake();
  }

  reset(): void {
    this.perNumber.clear();
    this.perPair.clear();
  }

  private prunePairs(): void {
    for (const [key, bucket] of this.perPair) if (bucket.isFull()) this.perPair.delete(key);
  }
}
