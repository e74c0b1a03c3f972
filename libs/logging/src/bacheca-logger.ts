import { ConsoleLogger, LogLevel } from '@nestjs/common';
import { currentLogFields } from './log-context';
import { logLine, prettyFields } from './log-line';

export type LogFormat = 'json' | 'pretty';

/** Nest's start-up chatter (one line per module and route): kept for `debug`, not for every start. */
const BOOT_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);
export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogThreshold = (typeof LOG_LEVELS)[number];

/** The levels printed at a threshold: `warn` prints errors and warnings. */
export const levelsFrom = (threshold: LogThreshold): LogLevel[] => LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(threshold) + 1);

/**
 * Nest's own logger, so `new Logger('ctx').log(...)` keeps working everywhere, with the request id,
 * the comune and the job of the current async context on every line. `json`: one object per line for
 * a log collector; `pretty`: Nest's coloured lines for a developer's terminal.
 */
export class BachecaLogger extends ConsoleLogger {
  constructor(
    private readonly format: LogFormat,
    threshold: LogThreshold,
    private readonly out: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream } = process,
  ) {
    super({ json: format === 'json', colors: format === 'pretty' && !!process.stdout.isTTY, logLevels: levelsFrom(threshold) });
  }

  protected override printMessages(
    messages: unknown[],
    context = '',
    logLevel: LogLevel = 'log',
    writeStreamType?: 'stdout' | 'stderr',
    errorStack?: unknown,
  ): void {
    if (logLevel === 'log' && BOOT_CONTEXTS.has(context) && !this.isLevelEnabled('debug')) return;
    super.printMessages(messages, context, logLevel, writeStreamType, errorStack);
  }

  protected override printAsJson(
    message: unknown,
    options: { context: string; logLevel: LogLevel; writeStreamType?: 'stdout' | 'stderr'; errorStack?: unknown },
  ): void {
    const line = logLine({
      at: new Date(),
      level: options.logLevel,
      message,
      context: options.context,
      fields: currentLogFields(),
      stack: options.errorStack,
      pid: process.pid,
    });
    this.out[options.writeStreamType ?? 'stdout'].write(`${JSON.stringify(line)}\n`);
  }

  protected override formatContext(context: string): string {
    return `${super.formatContext(context)}${this.format === 'pretty' ? prettyFields(currentLogFields()) : ''}`;
  }
}
