import { NestFactory } from '@nestjs/core';
import { hostname, userInfo } from 'node:os';
import { ConfigModule, Settings } from '@bacheca/config';
import { censusLines, ColumnCensus, parseResealArgs, remainingOf } from './reseal-report';
import { ResealSecrets } from './reseal-secrets';
import { ResealModule } from './reseal.module';

/** Exit status of `--check` while values still need ENCRYPTION_KEY_PREVIOUS, so a script can wait on it. */
export const EXIT_OLD_KEYS_REMAIN = 2;
const PROGRESS_EVERY_MS = 2000;

function operatorName(): string {
  try {
    return `${userInfo().username}@${hostname()}`;
  } catch {
    // A container user with no passwd entry has no name.
    return `uid ${process.getuid?.() ?? '?'}@${hostname()}`;
  }
}

function verdict(census: readonly ColumnCensus[]): { left: number; line: string } {
  const left = census.reduce((n, c) => n + remainingOf(c), 0);
  return {
    left,
    line: left === 0
      ? 'Every value is sealed under ENCRYPTION_KEY: ENCRYPTION_KEY_PREVIOUS can be removed.'
      : `${left} ${left === 1 ? 'value is' : 'values are'} not yet sealed under ENCRYPTION_KEY: keep ENCRYPTION_KEY_PREVIOUS.`,
  };
}

/**
 * `crypto:reseal`: moves every sealed value to ENCRYPTION_KEY (docs/operations.md, key rotation);
 * `--check` only counts. Returns the exit status: 0 when nothing is left under an old key.
 */
export async function resealCommand(settings: Settings, argv: readonly string[], print: (line: string) => void = console.log): Promise<number> {
  const args = parseResealArgs(argv);
  const app = await NestFactory.createApplicationContext(
    { module: class ResealRoot {}, imports: [ConfigModule.forRoot(settings), ResealModule] },
    { logger: ['error', 'warn'] },
  );
  try {
    const reseal = app.get(ResealSecrets);
    const [current, ...previous] = reseal.keyIds;
    print(`ENCRYPTION_KEY is key ${current}; ENCRYPTION_KEY_PREVIOUS: ${previous.length ? previous.join(', ') : '(none)'}`);
    if (args.check) {
      const census = await reseal.check();
      print('sealed values by key:');
      for (const line of censusLines(census)) print(line);
      const { left, line } = verdict(census);
      print(left === 0 ? line : `${line} Run crypto:reseal.`);
      return left === 0 ? 0 : EXIT_OLD_KEYS_REMAIN;
    }
    let lastPrint = 0;
    const report = await reseal.run({
      batchSize: args.batchSize,
      operator: operatorName(),
      onProgress: (column, resealed, unreadable) => {
        if (Date.now() - lastPrint < PROGRESS_EVERY_MS) return;
        lastPrint = Date.now();
        print(`  … ${column}: ${resealed} resealed${unreadable ? `, ${unreadable} unreadable` : ''}`);
      },
    });
    const width = Math.max(...report.results.map((r) => r.column.length));
    print(`resealed under key ${report.keyId} (${report.passes} pass${report.passes === 1 ? '' : 'es'}):`);
    for (const r of report.results) {
      print(`  ${r.column.padEnd(width)}  ${String(r.resealed).padStart(9)} resealed${r.unreadable ? `, ${r.unreadable} UNREADABLE (left as they are)` : ''}`);
    }
    print('sealed values by key, after the run:');
    for (const line of censusLines(report.after)) print(line);
    const { left, line } = verdict(report.after);
    const unreadable = report.results.reduce((n, r) => n + r.unreadable, 0);
    if (left === 0) {
      print(line);
      return 0;
    }
    print(
      unreadable
        ? `${line} ${unreadable} of them open with no configured key in their context: see docs/operations.md before removing a key.`
        : `${line} Rows in use during the run were left for later: run crypto:reseal again.`,
    );
    return 1;
  } finally {
    await app.close();
  }
}
