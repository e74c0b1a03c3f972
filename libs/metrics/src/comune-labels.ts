import { Injectable } from '@nestjs/common';
import { TenantDb } from '@bacheca/database';

const REFRESH_MS = 5 * 60_000;
const MISS_RETRY_MS = 30_000;

/**
 * Comuni are named by slug in metrics (readable on a dashboard, unlike a uuid). One query loads every
 * slug (8,000 short rows); it is repeated at most every few minutes, or sooner for a comune created
 * since. A renamed slug starts new series after the refresh.
 */
@Injectable()
export class ComuneLabels {
  private slugs = new Map<string, string>();
  private loadedAt = 0;
  private loading?: Promise<void>;

  constructor(private readonly db: TenantDb) {}

  async slugOf(tenantId: string): Promise<string> {
    const age = Date.now() - this.loadedAt;
    if (age > REFRESH_MS || (!this.slugs.has(tenantId) && age > MISS_RETRY_MS)) await this.load().catch(() => undefined);
    return this.slugs.get(tenantId) ?? tenantId;
  }

  /** What the subscriber gauge learnt at scrape time serves the counters too. */
  remember(rows: { id: string; slug: string }[]): void {
    for (const r of rows) this.slugs.set(r.id, r.slug);
  }

  private load(): Promise<void> {
    this.loading ??= this.db
      .asPlatform('metrics.labels', (em) => em.query('select id, slug from comuni'))
      .then((rows: { id: string; slug: string }[]) => {
        this.slugs = new Map(rows.map((r) => [r.id, r.slug]));
        this.loadedAt = Date.now();
      })
      .finally(() => (this.loading = undefined));
    return this.loading;
  }
}
