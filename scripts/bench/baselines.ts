/**
 * The two yardsticks of the delivery bench, each run as its own process so that, like the worker,
 * it has its own event loop (the bench process itself hosts the API):
 *
 *   raw   — the machine's ceiling: a plain keep-alive HTTP loop (the project's CloudApiClient, an undici
 *           Pool) posting the bulletin straight to the sandbox. No database, no queue, no rate limiter.
 *   naive — what a first implementation would do: one Bull job per message, and one row UPDATE per
 *           message (autocommit, through the application role under row-level security), sending the
 *           same request to the sandbox.
 *
 * Usage (the bench does this): node baselines.js '<json config>'. Key material comes in the
 * environment (BENCH_ENCRYPTION_KEY, BENCH_BLIND_INDEX_KEY), not on the command line. The last line
 * printed is one JSON object with the result.
 */
import Bull from 'bull';
import { Pool } from 'pg';
import { bulletinText } from '@bacheca/broadcasts';
import { BlindIndex, citizenPhoneCodec, SecretBox } from '@bacheca/crypto';
import { CloudApiClient, CloudApiError, Credentials } from '@bacheca/whatsapp';
import { BULLETIN, phoneOf } from './common';

export interface RawConfig {
  mode: 'raw';
  sandboxUrl: string;
  creds: Credentials;
  count: number;
  /** Requests in flight. */
  concurrency: number;
  /** Keep-alive sockets (the product's client uses 16). */
  connections: number;
  firstPhone: number;
}

export interface NaiveConfig {
  mode: 'naive';
  sandboxUrl: string;
  creds: Credentials;
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  tenantId: string;
  broadcastId: string;
  concurrency: number;
  connections: number;
  timeoutMs: number;
}

export interface BaselineResult {
  mode: 'raw' | 'naive';
  messages: number;
  ok: number;
  errors: number;
  throttled: number;
  ms: number;
  mps: number;
  /** naive only: rows found `sent` in Postgres afterwards. */
  rowsSent?: number;
  enqueueMs?: number;
  /** CPU seconds this process used (user + system). */
  cpuS?: number;
  /** Filled in by the bench: the child's peak resident set. */
  peakRssMb?: number;
}

const TEXT = bulletinText({ ...BULLETIN, mediaUrl: null, mediaKind: null });

function tally(err: unknown, r: { errors: number; throttled: number }) {
  r.errors += 1;
  if (err instanceof CloudApiError && err.kind === 'throttled') r.throttled += 1;
}

async function raw(c: RawConfig): Promise<BaselineResult> {
  const client = new CloudApiClient({ baseUrl: c.sandboxUrl, timeoutMs: 10_000, connections: c.connections });
  const r = { ok: 0, errors: 0, throttled: 0 };
  let next = 0;
  const started = performance.now();
  const loop = async () => {
    for (let i = next++; i < c.count; i = next++) {
      try {
        await client.sendText(c.creds, phoneOf(c.firstPhone + i), TEXT, { previewUrl: true, bizOpaqueCallbackData: `d:${i + 1}` });
        r.ok += 1;
      } catch (err) {
        tally(err, r);
      }
    }
  };
  await Promise.all(Array.from({ length: c.concurrency }, loop));
  const ms = performance.now() - started;
  await client.close();
  return { mode: 'raw', messages: c.count, ...r, ms: Math.round(ms), mps: (r.ok * 1000) / ms };
}

async function naive(c: NaiveConfig, encryptionKey: string, blindIndexKey: string): Promise<BaselineResult> {
  const client = new CloudApiClient({ baseUrl: c.sandboxUrl, timeoutMs: 10_000, connections: c.connections });
  // The naive app sets its comune once per connection (row-level security), then autocommits.
  const pool = new Pool({ connectionString: c.databaseUrl, max: 10, options: `-c app.tenant_id=${c.tenantId}` });
  const queue = new Bull<{ id: string; to: string }>('naive', { redis: c.redisUrl, prefix: c.redisPrefix });
  const codec = citizenPhoneCodec(new SecretBox(encryptionKey), new BlindIndex(blindIndexKey), c.tenantId);
  const r = { ok: 0, errors: 0, throttled: 0 };
  let total = Infinity;
  let done = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const settle = () => {
    done += 1;
    if (done >= total) finish();
  };

  const started = performance.now();
  void queue.process(c.concurrency, async (job) => {
    try {
      const res = await client.sendText(c.creds, job.data.to, TEXT, { previewUrl: true, bizOpaqueCallbackData: `d:${job.data.id}` });
      await pool.query(`update deliveries set status = 'sent', sent_at = now(), attempts = attempts + 1, meta_message_id = $2 where id = $1`, [
        job.data.id,
        res.messageId,
      ]);
      r.ok += 1;
    } catch (err) {
      tally(err, r);
    } finally {
      settle();
    }
  });
  // The producer: one job per message, as a first implementation would queue them.
  const rows: { id: string; recipient_enc: Buffer }[] = (
    await pool.query(`select id, recipient_enc from deliveries where broadcast_id = $1 and status = 'queued' order by id`, [c.broadcastId])
  ).rows;
  total = rows.length;
  for (let i = 0; i < rows.length; i += 500) {
    await queue.addBulk(
      rows.slice(i, i + 500).map((row) => ({ data: { id: String(row.id), to: codec.open(row.recipient_enc) }, opts: { removeOnComplete: true, removeOnFail: true } })),
    );
  }
  const enqueueMs = performance.now() - started;
  if (done >= total) finish();
  const timeout = new Promise<void>((_, reject) => setTimeout(() => reject(new Error(`naive baseline: ${done}/${total} after ${c.timeoutMs} ms`)), c.timeoutMs).unref());
  await Promise.race([finished, timeout]);
  const ms = performance.now() - started;
  const [{ n }] = (await pool.query(`select count(*)::int as n from deliveries where broadcast_id = $1 and status = 'sent'`, [c.broadcastId])).rows;
  await queue.close();
  await pool.end();
  await client.close();
  return { mode: 'naive', messages: total, ...r, ms: Math.round(ms), mps: (r.ok * 1000) / ms, rowsSent: n, enqueueMs: Math.round(enqueueMs) };
}

async function main() {
  const config = JSON.parse(process.argv[2] ?? '{}') as RawConfig | NaiveConfig;
  // eslint-disable-next-line no-restricted-syntax -- a bench child process: its keys come from the bench, not from .env
  const env = process.env;
  const result = config.mode === 'raw' ? await raw(config) : await naive(config, env.BENCH_ENCRYPTION_KEY ?? '', env.BENCH_BLIND_INDEX_KEY ?? '');
  const cpu = process.cpuUsage();
  process.stdout.write(`${JSON.stringify({ ...result, cpuS: Math.round((cpu.user + cpu.system) / 1e5) / 10 })}\n`);
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err instanceof Error ? err.stack : err);
      process.exit(1);
    },
  );
}
