import { Injectable } from '@nestjs/common';
import { Actor, AuditService } from '@bacheca/audit';
import { SecretBox, SealedValueError } from '@bacheca/crypto';
import { TenantDb } from '@bacheca/database';
import { ColumnCensus, remainingOf, tallyHeaders } from './reseal-report';
import { ResealRepository } from './reseal.repository';
import { SEALED_COLUMNS, SealedColumn } from './sealed-columns';

/** The platform scope's purpose, in the logs and in `app.purpose` of every transaction of a rotation. */
export const RESEAL_PURPOSE = 'crypto.reseal';
/**
 * Rows held by the app at the moment of a pass (a batch being sent) are skipped and taken by the next;
 * values copied from a source already passed (a fan-out reading subscribers meanwhile) too.
 */
const MAX_PASSES = 3;

export interface ColumnResult {
  column: string;
  resealed: number;
  /** Values no configured key opens, or that do not open in their context: left as they are. */
  unreadable: number;
}

export interface ResealReport {
  keyId: string;
  results: ColumnResult[];
  passes: number;
  /** The census after the run: what still needs ENCRYPTION_KEY_PREVIOUS. */
  after: ColumnCensus[];
}

export interface ResealOptions {
  batchSize: number;
  /** Who ran it, for the audit entry (the CLI has no staff account). */
  operator: string;
  onProgress?: (column: string, resealed: number, unreadable: number) => void;
}

/**
 * Rotation of ENCRYPTION_KEY: moves every sealed value to the current key, a bounded chunk per
 * transaction, in the audited platform scope. Only values not already under the current key are
 * read, so a second run, or a run after a crash, finds just what is left.
 */
@Injectable()
export class ResealSecrets {
  constructor(
    private readonly db: TenantDb,
    private readonly box: SecretBox,
    private readonly repo: ResealRepository,
    private readonly audit: AuditService,
  ) {}

  /** The current key's id, then those of ENCRYPTION_KEY_PREVIOUS. */
  get keyIds(): string[] {
    return this.box.keyIds;
  }

  /** How many values each column holds under each key; reads headers only, changes nothing. */
  check(): Promise<ColumnCensus[]> {
    const keys = { currentKeyId: this.box.keyId, knownKeyIds: this.box.keyIds };
    return this.db.asPlatform(RESEAL_PURPOSE, async (em) => {
      const census: ColumnCensus[] = [];
      for (const c of SEALED_COLUMNS) census.push(tallyHeaders(c.name, await this.repo.census(em, c), keys));
      return census;
    });
  }

  async run(opts: ResealOptions): Promise<ResealReport> {
    const before = await this.check();
    const unknown = before.filter((c) => Object.keys(c.unknownKey).length > 0);
    if (unknown.length) {
      const ids = [...new Set(unknown.flatMap((c) => Object.keys(c.unknownKey)))];
      throw new Error(
        `Values sealed under key ${ids.join(', ')} (in ${unknown.map((c) => c.column).join(', ')}), which is neither ENCRYPTION_KEY ` +
          `(${this.box.keyId}) nor in ENCRYPTION_KEY_PREVIOUS: add the key that sealed them to ENCRYPTION_KEY_PREVIOUS. Nothing was changed.`,
      );
    }
    const results = SEALED_COLUMNS.map((c) => ({ column: c.name, resealed: 0, unreadable: 0 }));
    let passes = 0;
    let after = before;
    try {
      while (passes < MAX_PASSES && after.some((c) => remainingOf(c) > 0)) {
        passes += 1;
        let moved = 0;
        for (const [i, c] of SEALED_COLUMNS.entries()) {
          // The same unreadable values are met on every pass: the last pass says how many there are.
          results[i].unreadable = 0;
          moved += await this.resealColumn(c, results[i], opts);
        }
        after = await this.check();
        const left = after.reduce((n, c) => n + remainingOf(c), 0);
        if (moved === 0 || left <= results.reduce((n, r) => n + r.unreadable, 0)) break;
      }
    } catch (err) {
      // The entry says how far it got; the error that stopped it is what the operator must see, not a failed audit write.
      await this.record(opts, results, passes, 'interrupted', err instanceof Error ? err.message : String(err)).catch(() => undefined);
      throw err;
    }
    await this.record(opts, results, passes, 'completed', undefined, after);
    return { keyId: this.box.keyId, results, passes, after };
  }

  /** One pass over a column; `result` grows chunk by chunk, so an interrupted run still says what it did. */
  private async resealColumn(c: SealedColumn, result: ColumnResult, opts: ResealOptions): Promise<number> {
    let after: string | null = null;
    let moved = 0;
    for (;;) {
      const chunk = await this.db.asPlatform(RESEAL_PURPOSE, async (em) => {
        const rows = await this.repo.nextStale(em, c, this.box.currentHeader, after, opts.batchSize);
        const resealed: { id: string; old: Buffer; sealed: Buffer }[] = [];
        let failed = 0;
        for (const row of rows) {
          try {
            resealed.push({ id: row.id, old: row.sealed, sealed: this.box.reseal(row.sealed, c.context(row.contextSource)) });
          } catch (err) {
            if (!(err instanceof SealedValueError)) throw err;
            failed += 1;
          }
        }
        const written = await this.repo.write(em, c, resealed);
        return { last: rows.at(-1)?.id ?? null, written, failed };
      });
      if (chunk.last === null) return moved;
      after = chunk.last;
      moved += chunk.written;
      result.resealed += chunk.written;
      result.unreadable += chunk.failed;
      opts.onProgress?.(c.name, result.resealed, result.unreadable);
    }
  }

  private record(
    opts: ResealOptions,
    results: ColumnResult[],
    passes: number,
    outcome: 'completed' | 'interrupted',
    error?: string,
    after?: ColumnCensus[],
  ): Promise<void> {
    const system: Actor = { userId: null, role: 'system', tenantId: null };
    return this.db.asPlatform(RESEAL_PURPOSE, (em) =>
      this.audit.record(em, system, {
        action: 'crypto.reseal',
        targetType: 'encryption_key',
        targetId: this.box.keyId,
        tenantId: null,
        // Key ids and counts only: never a key, never a value.
        details: {
          outcome,
          operator: opts.operator,
          keyId: this.box.keyId,
          previousKeyIds: this.box.keyIds.slice(1),
          batchSize: opts.batchSize,
          passes,
          resealed: Object.fromEntries(results.map((r) => [r.column, r.resealed])),
          unreadable: Object.fromEntries(results.filter((r) => r.unreadable).map((r) => [r.column, r.unreadable])),
          ...(after && { remaining: Object.fromEntries(after.map((c) => [c.column, remainingOf(c)])) }),
          ...(error && { error }),
        },
      }),
    );
  }
}
