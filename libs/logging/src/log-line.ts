import type { LogFields } from './log-context';

export interface LogLine extends LogFields {
  time: string;
  level: string;
  msg: string;
  context?: string;
  stack?: string;
  pid: number;
}

/**
 * One JSON object per line, the shape log collectors (Loki, Elasticsearch, CloudWatch) index without a
 * parser of their own. Fields absent from the context are left out rather than written as null.
 */
export function logLine(input: {
  at: Date;
  level: string;
  message: unknown;
  context?: string;
  fields?: LogFields;
  stack?: unknown;
  pid: number;
}): LogLine {
  const line: LogLine = { time: input.at.toISOString(), level: input.level, msg: messageText(input.message), pid: input.pid };
  if (input.context) line.context = input.context;
  const f = input.fields ?? {};
  if (f.requestId) line.requestId = f.requestId;
  if (f.tenantId) line.tenantId = f.tenantId;
  if (f.jobId) line.jobId = f.jobId;
  if (f.job) line.job = f.job;
  if (typeof input.stack === 'string' && input.stack) line.stack = input.stack;
  return line;
}

function messageText(message: unknown): string {
  if (typeof message === 'string') return message;
  if (message instanceof Error) return message.message;
  try {
    return JSON.stringify(message) ?? String(message);
  } catch {
    return String(message);
  }
}

/** The ids of a pretty (development) line, e.g. `[req 1f2… comune 9a…]`. */
export function prettyFields(f: LogFields | undefined): string {
  if (!f) return '';
  const parts = [
    f.requestId && `req ${f.requestId}`,
    f.jobId && `job ${f.jobId}`,
    f.tenantId && `comune ${f.tenantId}`,
  ].filter(Boolean);
  return parts.length ? `[${parts.join(' ')}] ` : '';
}
