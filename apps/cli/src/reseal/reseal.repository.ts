import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SEALED_HEADER_BYTES } from '@bacheca/crypto';
import type { SealedColumn } from './sealed-columns';

export interface HeaderCount {
  /** The version byte, and for format 2 the key id after it. */
  header: Buffer;
  n: number;
}

export interface SealedRow {
  id: string;
  contextSource: string;
  sealed: Buffer;
}

/**
 * The SQL of a rotation, for any column of SEALED_COLUMNS. Every statement reads the key from the
 * value's first bytes, so counting what is left and finding the next rows to move need no decryption.
 */
@Injectable()
export class ResealRepository {
  /** How many values each header has: format 1 values by their version byte alone, format 2 with their key id. */
  async census(em: EntityManager, c: SealedColumn): Promise<HeaderCount[]> {
    const rows: { header: Buffer; n: number }[] = await em.query(
      `select case when length(v) >= ${SEALED_HEADER_BYTES} and get_byte(v, 0) = 2 then substring(v from 1 for ${SEALED_HEADER_BYTES})
                   else substring(v from 1 for 1) end as header,
              count(*)::int as n
         from (select ${c.value} as v from ${c.table} t) s
        where v is not null
        group by 1`,
    );
    return rows.map((r) => ({ header: r.header, n: r.n }));
  }

  /**
   * The next rows after `after` (in id order) whose value is not under `currentHeader`. Locked, so the
   * value cannot change between reading and writing it; `skip locked`, so a row a sender or the
   * citizen's flow holds at that moment is left for the next pass instead of being waited for (never
   * waiting is also what keeps this from ever taking part in a deadlock).
   */
  async nextStale(em: EntityManager, c: SealedColumn, currentHeader: Buffer, after: string | null, limit: number): Promise<SealedRow[]> {
    const rows: { id: string; ctx: string; v: Buffer }[] = await em.query(
      `select t.id::text as id, ${c.contextSource} as ctx, ${c.value} as v
         from ${c.table} t
        where ${after === null ? '' : `t.id > $3::${c.idType} and `}${c.value} is not null
          and substring(${c.value} from 1 for ${SEALED_HEADER_BYTES}) <> $1
        order by t.id
        limit $2
          for update of t skip locked`,
      after === null ? [currentHeader, limit] : [currentHeader, limit, after],
    );
    return rows.map((r) => ({ id: r.id, contextSource: r.ctx, sealed: r.v }));
  }

  /** Writes resealed values over the ones read (still locked by the same transaction); returns how many changed. */
  async write(em: EntityManager, c: SealedColumn, rows: { id: string; old: Buffer; sealed: Buffer }[]): Promise<number> {
    if (!rows.length) return 0;
    const [, changed] = await em.query(
      `update ${c.table} t set ${c.assign}
         from unnest($1::${c.idType}[], $2::bytea[], $3::bytea[]) as x(id, old, v)
        where t.id = x.id and ${c.value} = x.old`,
      [rows.map((r) => r.id), rows.map((r) => r.old), rows.map((r) => r.sealed)],
    );
    return Number(changed);
  }
}
