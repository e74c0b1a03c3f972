/** Senders in flight per batch at most: enough to keep an 80 mps number busy over a ~100-400 ms round trip. */
export const MAX_SENDERS = 32;
const MAX_BATCH = 500;
const MIN_BATCH = 20;
const MIN_CHAINS = 2;
const MAX_CHAINS = 4;
/** Meta's round trip is 100-400 ms: a sender is busy for up to this long per message. */
const ROUND_TRIP_S = 0.4;
/** A batch holds a worker slot for about this long. */
const BATCH_SECONDS = 2;

/**
 * Senders for a batch of a number sending at `mps`: what that rate keeps busy over a round trip. More
 * would only queue for tokens, each holding a delivery it could no longer give back quickly.
 */
export function sendersFor(mps: number): number {
  return Math.min(MAX_SENDERS, Math.max(2, Math.ceil(mps * ROUND_TRIP_S)));
}

/**
 * How a broadcast is cut up for a number sending at `mps`. A batch is about two seconds of the
 * number's rate, so it gives its worker slot back often and the comuni sending at once take turns.
 * Chains of batches run side by side on the number's one rate: two at least, so that while one is
 * between batches (queueing its successor, claiming, reading) the other's senders take the turns it
 * leaves, which a single chain would lose (about a tenth of the rate, measured); more only as the rate
 * needs more sends in flight, so a slow number does not hold four slots to wait on its rate in each.
 */
export function batchingFor(mps: number): { chains: number; batchSize: number } {
  const rate = Math.max(1, mps);
  const chains = Math.min(MAX_CHAINS, Math.max(MIN_CHAINS, Math.ceil((rate * ROUND_TRIP_S) / MAX_SENDERS)));
  const batchSize = Math.min(MAX_BATCH, Math.max(MIN_BATCH, Math.round((rate * BATCH_SECONDS) / chains)));
  return { chains, batchSize };
}
