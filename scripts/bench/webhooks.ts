/**
 * Webhook intake bench: `npm run bench:webhooks`. Validly signed status webhooks, as Meta posts them,
 * at the highest rate this machine sustains, against a real API process, for WEBHOOKS_DURATION_S
 * (default 60). Afterwards every event sent is looked up: stored exactly once, redeliveries included
 * (WEBHOOKS_REDELIVER_PCT of the POSTs are sent twice, as Meta does when it misses an answer).
 *
 * The API runs as a child process with its own database and Redis prefix (created and dropped as the
 * integration tests do). No worker runs: what is measured is the intake (verify, store once, queue).
 * Concurrency: WEBHOOKS_CONCURRENCY, or chosen by a short calibration (the best of 4..128 in flight).
 * The last line printed is JSON: rps, events_per_s, p50_ms, p99_ms, errors, stored_once.
 */
import { cpus } from 'node:os';
import { Agent } from 'undici';
import { Pool } from 'pg';
import { createTestEnvironment, TestEnvironment, urlAs } from '@bacheca/testing';
import { signPayload, toMetaJson } from '@bacheca/whatsapp';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { statusObject } from '../../apps/sandbox/src/statuses/status-objects';
import { BenchComune, onboardComune } from './comuni';
import { cpuSecondsOf, freePort, intEnv, log, round, runMain, sleep } from './common';
import { Child, startChild, stopChild, until } from './processes';

const O = {
  durationS: intEnv('WEBHOOKS_DURATION_S', 60, 1, 3600),
  /** 0 = calibrate. */
  concurrency: intEnv('WEBHOOKS_CONCURRENCY', 0, 0, 1024),
  eventsPerPost: intEnv('WEBHOOKS_EVENTS_PER_POST', 10, 1, 1000),
  redeliverPct: intEnv('WEBHOOKS_REDELIVER_PCT', 5, 0, 100),
  comuni: intEnv('WEBHOOKS_COMUNI', 4, 1, 50),
};

interface Sent {
  keys: string[];
  tenantId: string;
}

// Numbered across every load (calibration included), so no two POSTs of a run carry the same message ids.
let nextPost = 0;

class Load {
  readonly latencies: number[] = [];
  errors = 0;
  requests = 0;
  events = 0;
  readonly sent: Sent[] = [];
  private readonly dispatcher: Agent;

  constructor(
    private readonly url: string,
    private readonly comuni: BenchComune[],
    connections: number,
  ) {
    this.dispatcher = new Agent({ connections, keepAliveTimeout: 30_000 });
  }

  /** One POST of `eventsPerPost` statuses for one comune's number: bytes as Meta writes them, signed. */
  private payload(): { body: string; signature: string; keys: string[]; tenantId: string } {
    const n = nextPost++;
    const c = this.comuni[n % this.comuni.length];
    const now = new Date();
    const statuses = [];
    const keys: string[] = [];
    for (let i = 0; i < O.eventsPerPost; i++) {
      const wamid = `wamid.bench${process.pid}x${n}x${i}`;
      const status = (['sent', 'delivered', 'read'] as const)[i % 3];
      statuses.push(
        statusObject({ wamid, status, recipientDigits: `39340${String(n % 10_000_000).padStart(7, '0')}`, recipientUserId: `IT.${n}`, timestamp: now, billing: 'service' }),
      );
      keys.push(`s:${wamid}:${status}`);
    }
    const body = toMetaJson({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '920000000000000',
          changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '390200000000', phone_number_id: c.phoneNumberId }, statuses } }],
        },
      ],
    });
    return { body, signature: signPayload(body, c.appSecret), keys, tenantId: c.tenantId };
  }

  private async post(body: string, signature: string): Promise<boolean> {
    const t = performance.now();
    try {
      const res = await fetch(this.url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
        // @ts-expect-error -- undici's option on Node's fetch
        dispatcher: this.dispatcher,
        signal: AbortSignal.timeout(30_000),
      });
      await res.arrayBuffer();
      this.latencies.push(performance.now() - t);
      return res.status === 200;
    } catch {
      this.latencies.push(performance.now() - t);
      return false;
    }
  }

  /** `concurrency` loops posting back to back until `untilMs`; returns the POSTs made. */
  async run(concurrency: number, untilMs: number, record: boolean): Promise<number> {
    let posts = 0;
    const loop = async () => {
      while (Date.now() < untilMs) {
        const p = this.payload();
        const ok = await this.post(p.body, p.signature);
        posts++;
        // Meta redelivers what it believes was missed; the copy must store nothing new.
        let again = true;
        if (ok && Math.random() * 100 < O.redeliverPct) {
          again = await this.post(p.body, p.signature);
          posts++;
        }
        if (!record) continue;
        if (!ok || !again) this.errors++;
        if (ok) {
          this.events += p.keys.length;
          this.sent.push({ keys: p.keys, tenantId: p.tenantId });
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, loop));
    if (record) this.requests += posts;
    return posts;
  }

  close() {
    return this.dispatcher.close();
  }
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<number> {
  const wall0 = Date.now();
  let env: TestEnvironment | undefined;
  let api: Child | undefined;
  let pg: Pool | undefined;
  let load: Load | undefined;
  const cleanup = async () => {
    await load?.close().catch(() => undefined);
    await stopChild(api, 10_000);
    await pg?.end().catch(() => undefined);
    await env?.cleanup().catch((e: Error) => log(`cleanup: ${e.message}`));
  };
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));
  try {
    log(`options ${JSON.stringify(O)}; ${cpus().length} CPUs, node ${process.version}`);
    env = await createTestEnvironment({ DATABASE_POOL_SIZE: '20' });
    const port = await freePort();
    const childEnv: Record<string, string> = {};
    for (const [k, v] of Object.entries(env.settings)) if (v !== undefined && v !== null) childEnv[k] = String(v);
    Object.assign(childEnv, { NODE_ENV: 'production', API_PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}` });

    // The comuni, made through the product's services (the API process then finds their numbers).
    const setup = await createApiApp(env.settings);
    const comuni: BenchComune[] = [];
    try {
      for (let i = 0; i < O.comuni; i++) comuni.push(await onboardComune(setup, null, `wh-${i + 1}`, 80, 'http://127.0.0.1:9/unused'));
    } finally {
      await setup.close();
    }

    api = startChild('api', 'apps/api/src/main.js', [], childEnv, (l) => /ERROR|Error:|FATAL/.test(l));
    const base = `http://127.0.0.1:${port}`;
    await until('the API', async () => ((await fetch(`${base}/api/docs/openapi.json`).then((r) => r.ok, () => false)) ? true : undefined), 60_000, 250);
    log(`API ${api.proc.pid} on ${base}; database ${env.database}`);

    const url = `${base}/webhooks/whatsapp`;
    let concurrency = O.concurrency;
    if (!concurrency) {
      // Calibration: a few seconds at each level; the best sustained rate wins (its events are not counted).
      let best = { c: 8, rps: 0 };
      for (const c of [4, 8, 16, 32, 64, 128]) {
        const probe = new Load(url, comuni, c);
        const t = Date.now();
        const n = await probe.run(c, t + 4000, false);
        await probe.close();
        const rps = n / ((Date.now() - t) / 1000);
        log(`calibration: ${c} in flight → ${round(rps, 0)} POST/s`);
        if (rps > best.rps * 1.05) best = { c, rps };
        else if (rps < best.rps * 0.95) break;
        await sleep(500);
      }
      concurrency = best.c;
    }
    // What calibration stored is not part of the run: only rows added from here on are compared.
    pg = new Pool({ connectionString: urlAs(env, 'postgres'), max: 2 });
    const before = Number((await pg.query(`select count(*)::int as n from webhook_events`)).rows[0].n);
    log(`load: ${O.durationS} s, ${concurrency} in flight, ${O.eventsPerPost} statuses per POST, ${O.redeliverPct}% redelivered`);
    load = new Load(url, comuni, concurrency);
    const cpu0 = cpuSecondsOf(api.proc.pid!);
    const t0 = Date.now();
    const progress = setInterval(() => log(`${load!.events} events stored, ${load!.errors} errors, ${round((Date.now() - t0) / 1000, 0)} s`), 10_000);
    await load.run(concurrency, t0 + O.durationS * 1000, true);
    clearInterval(progress);
    const seconds = (Date.now() - t0) / 1000;
    const apiCpuS = cpuSecondsOf(api.proc.pid!) - cpu0;

    // Every event sent, stored exactly once: looked up by its key (the unique key Meta's ids make).
    const keys = load.sent.flatMap((s) => s.keys);
    const distinct = new Set(keys);
    let missing = 0;
    let twice = 0;
    const all = [...distinct];
    for (let i = 0; i < all.length; i += 20_000) {
      const chunk = all.slice(i, i + 20_000);
      const rows = (await pg.query(`select event_key as k, count(*)::int as n from webhook_events where event_key = any($1::text[]) group by event_key`, [chunk])).rows as { k: string; n: number }[];
      const found = new Map(rows.map((r) => [r.k, r.n]));
      for (const k of chunk) {
        const n = found.get(k) ?? 0;
        if (n === 0) missing++;
        if (n > 1) twice++;
      }
    }
    const total = Number((await pg.query(`select count(*)::int as n from webhook_events`)).rows[0].n) - before;
    const lat = [...load.latencies].sort((a, b) => a - b);
    const result = {
      rps: round(load.requests / seconds, 0),
      events_per_s: round(load.events / seconds, 0),
      p50_ms: round(percentile(lat, 50), 1),
      p99_ms: round(percentile(lat, 99), 1),
      errors: load.errors,
      stored_once: missing === 0 && twice === 0 && total === distinct.size && distinct.size === keys.length,
      posts: load.requests,
      events: load.events,
      events_missing: missing,
      events_stored_twice: twice,
      rows_in_table: total,
      concurrency,
      events_per_post: O.eventsPerPost,
      redelivered_pct: O.redeliverPct,
      duration_s: round(seconds, 1),
      api_cpu_s: round(apiCpuS, 1),
      cpus: cpus().length,
      wall_s: round((Date.now() - wall0) / 1000, 0),
    };
    await cleanup();
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return result.stored_once && result.errors === 0 ? 0 : 1;
  } catch (err) {
    console.error(err instanceof Error ? err.stack : err);
    if (api) console.error(`api output (last lines):\n${api.tail.slice(-20).join('\n')}`);
    await cleanup();
    return 1;
  }
}

runMain(main);
