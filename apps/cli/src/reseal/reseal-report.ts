/** What one sealed column holds, by key. */
export interface ColumnCensus {
  column: string;
  total: number;
  /** Under ENCRYPTION_KEY, in the current format: nothing to do. */
  current: number;
  /** Under a key of ENCRYPTION_KEY_PREVIOUS, by key id. */
  previous: Record<string, number>;
  /** Format 1, written before values named their key: under the first key the deployment had. */
  legacy: number;
  /** Under a key no setting names, by key id: unreadable until that key is in ENCRYPTION_KEY_PREVIOUS. */
  unknownKey: Record<string, number>;
  /** Not a sealed value at all (damaged). */
  malformed: number;
}

/**
 * Values not yet under ENCRYPTION_KEY in format 2: ENCRYPTION_KEY_PREVIOUS can go when this is 0
 * everywhere. Format 1 values count even if the current key sealed them: only decrypting would say.
 */
export function remainingOf(c: ColumnCensus): number {
  return c.total - c.current;
}

/**
 * Sorts a column's header counts (`census` of ResealRepository) by key. Format 2 headers are the
 * version byte 2 and the key id; anything else starting with 1 is format 1.
 */
export function tallyHeaders(
  column: string,
  counts: { header: Buffer; n: number }[],
  keys: { currentKeyId: string; knownKeyIds: readonly string[] },
): ColumnCensus {
  const census: ColumnCensus = { column, total: 0, current: 0, previous: {}, legacy: 0, unknownKey: {}, malformed: 0 };
  const add = (into: Record<string, number>, id: string, n: number) => (into[id] = (into[id] ?? 0) + n);
  for (const { header, n } of counts) {
    census.total += n;
    if (header.length === 5 && header[0] === 2) {
      const id = header.subarray(1).toString('hex');
      if (id === keys.currentKeyId) census.current += n;
      else if (keys.knownKeyIds.includes(id)) add(census.previous, id, n);
      else add(census.unknownKey, id, n);
    } else if (header.length === 1 && header[0] === 1) census.legacy += n;
    else census.malformed += n;
  }
  return census;
}

const byKey = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([id, n]) => `${n} under ${id}`)
    .join(', ');

/** One line per column, for the operator. */
export function censusLines(census: readonly ColumnCensus[]): string[] {
  const width = Math.max(...census.map((c) => c.column.length));
  return census.map((c) => {
    const old = [
      c.legacy ? `${c.legacy} in format 1 (no key id)` : '',
      byKey(c.previous),
      Object.keys(c.unknownKey).length ? `UNREADABLE: ${byKey(c.unknownKey)} (key not configured)` : '',
      c.malformed ? `DAMAGED: ${c.malformed} not a sealed value` : '',
    ].filter(Boolean);
    return `  ${c.column.padEnd(width)}  ${String(c.total).padStart(9)} sealed, ${String(remainingOf(c)).padStart(9)} to reseal${old.length ? `: ${old.join('; ')}` : ''}`;
  });
}

export interface ResealArgs {
  check: boolean;
  batchSize: number;
}

export const RESEAL_USAGE = 'usage: cli crypto:reseal [--check | --dry-run] [--batch-size N]   (N from 1 to 5000, default 500)';

/** The command line after `crypto:reseal`; anything unexpected is refused before a single row is read. */
export function parseResealArgs(argv: readonly string[]): ResealArgs {
  const args: ResealArgs = { check: false, batchSize: 500 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--check' || arg === '--dry-run') args.check = true;
    else if (arg === '--batch-size' || arg.startsWith('--batch-size=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (value === undefined || !/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 5000) {
        throw new Error(`--batch-size must be a whole number from 1 to 5000, got ${JSON.stringify(value ?? '')}\n${RESEAL_USAGE}`);
      }
      args.batchSize = Number(value);
    } else throw new Error(`unknown argument ${JSON.stringify(arg)}\n${RESEAL_USAGE}`);
  }
  return args;
}
