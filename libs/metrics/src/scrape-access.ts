import { createHash, timingSafeEqual } from 'node:crypto';

export type ScrapeDecision = 'allowed' | 'disabled' | 'refused';

/**
 * Who may read /metrics. The metrics name comuni and their numbers, so they are served only when a
 * token is configured, and only to a caller presenting it (`Authorization: Bearer <token>`).
 */
export function scrapeDecision(authorization: string | undefined, token: string | undefined): ScrapeDecision {
  if (!token) return 'disabled';
  const m = /^Bearer ([^\s]+)$/.exec(authorization ?? '');
  if (!m) return 'refused';
  // Compared as digests: equal length whatever was sent, and in constant time.
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(m[1]), digest(token)) ? 'allowed' : 'refused';
}
