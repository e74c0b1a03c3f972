/**
 * Fault suite: `npm run test:faults`. Breaks things on purpose during a large broadcast and checks
 * that every subscriber gets it once, that nobody who left gets it, and that no webhook Meta (the
 * sandbox) saw answered 200 is missing. See docs/reliability.md.
 *
 * Everything runs against PRIVATE services started from the machine's binaries: a Postgres cluster
 * initialised in a temporary directory (port FAULTS_PG_PORT, default 55432) and a redis-server
 * (FAULTS_REDIS_PORT, default 56379). The machine's shared Postgres and Redis are never touched,
 * so restarting, flushing and killing here harms nobody else.
 *
 * Processes: this orchestrator (it also hosts a Nest context on the private database for set-up and
 * for the comune's own actions: submitting broadcasts, pasting a new token), the sandbox, the API and
 * FAULTS_WORKERS workers, all compiled (`dist/bench`) and run as in production.
 *
 * Each scenario: a fresh broadcast to every active subscriber (FAULTS_RECIPIENTS, default 50,000);
 * once FAULT_AT of it is sent, the fault; then wait until the system settles, and print one JSON line.
 * Citizens write all along (some leave with STOP, new ones subscribe) through signed webhooks.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { BroadcastsService } from '@bacheca/broadcasts';
import { loadSettings, Settings } from '@bacheca/config';
import { BlindIndex, SecretBox } from '@bacheca/crypto';
import { eventKey } from '@bacheca/inbound';
import { NumbersService } from '@bacheca/numbers';
import { parseWebhookPayload } from '@bacheca/whatsapp';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { BenchComune, onboardComune, seedSubscribers, SYSTEM } from '../bench/comuni';
import { BULLETIN, freePort, httpJson, intEnv, phoneOf, round, runMain, sleep } from '../bench/common';
import { Child, startChild, stopChild, until } from '../bench/processes';

// ---------------------------------------------------------------------------------------------
// Options (environment, so `npm run test:faults` needs no `--`)

const SCENARIOS = ['kill_one_worker', 'kill_all_workers', 'redis_wipe_restart', 'postgres_restart', 'sandbox_errors', 'token_expired'] as const;
type Scenario = (typeof SCENARIOS)[number];

// eslint-disable-next-line no-restricted-syntax -- as above
const env = process.env;
const O = {
  recipients: intEnv('FAULTS_RECIPIENTS', 50_000, 100, 1_000_000),
  workers: intEnv('FAULTS_WORKERS', 2, 1, 8),
  mps: intEnv('FAULTS_MPS', 1000, 1, 1000),
  pgPort: intEnv('FAULTS_PG_PORT', 55432, 1024, 65535),
  redisPort: intEnv('FAULTS_REDIS_PORT', 56379, 1024, 65535),
  /** Share of the broadcast sent before the fault, in percent. */
  faultAtPct: intEnv('FAULTS_FAULT_AT_PCT', 30, 1, 90),
  /** Citizens writing per second (half leave, half subscribe). */
  citizensPerS: intEnv('FAULTS_CITIZENS_PER_S', 4, 0, 50),
  settleTimeoutS: intEnv('FAULTS_SETTLE_TIMEOUT_S', 600, 30, 3600),
  timeoutS: intEnv('FAULTS_TIMEOUT_S', 2400, 60, 86_400),
  scenarios: (env.FAULTS_SCENARIOS ? env.FAULTS_SCENARIOS.split(',').map((s) => s.trim()) : [...SCENARIOS]) as Scenario[],
  pgBin: env.FAULTS_PG_BIN ?? '/usr/lib/postgresql/15/bin',
  redisServer: env.FAULTS_REDIS_SERVER ?? 'redis-server',
};
for (const s of O.scenarios) if (!SCENARIOS.includes(s)) throw new Error(`unknown scenario ${s}; known: ${SCENARIOS.join(', ')}`);

/** Recovery timings of the product, shortened for the suite (production defaults: 120, 900, 30, 30 s). */
const RECOVERY = { SENDING_ABANDONED_AFTER_S: '30', UNCERTAIN_RESEND_AFTER_S: '45', INBOUND_SWEEP_INTERVAL_S: '5', INBOUND_SWEEP_AFTER_S: '10' };

function log(message: string): void {
  process.stdout.write(`[faults ${new Date().toISOString().slice(11, 23)}] ${message}\n`);
}

// ---------------------------------------------------------------------------------------------
// Private Postgres and Redis

/** initdb and pg_ctl refuse to run as root: they run as the `postgres` account then. */
function asPostgres(cmd: string, args: string[]): { status: number | null; out: string } {
  const root = process.getuid?.() === 0;
  const r = root ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' }) : spawnSync(cmd, args, { encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

class PrivatePostgres {
  readonly data: string;
  readonly logFile: string;
  constructor(
    readonly dir: string,
    readonly port: number,
  ) {
    this.data = join(dir, 'pg');
    this.logFile = join(dir, 'pg.log');
  }

  get adminUrl() {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  init(): void {
    if (process.getuid?.() === 0) spawnSync('chown', ['-R', 'postgres:postgres', this.dir]);
    const r = asPostgres(join(O.pgBin, 'initdb'), ['-D', this.data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--locale=C']);
    if (r.status !== 0) throw new Error(`initdb failed: ${r.out}`);
    this.start();
  }

  private opts(): string {
    // fsync off: the machine does not crash here, only Postgres does, and the OS keeps what it wrote.
    return [
      `-p ${this.port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${this.dir}`,
      '-c max_connections=200',
      '-c shared_buffers=256MB',
      '-c fsync=off',
      '-c full_page_writes=off',
    ].join(' ');
  }

  start(): void {
    const r = asPostgres(join(O.pgBin, 'pg_ctl'), ['-D', this.data, '-l', this.logFile, '-o', this.opts(), '-w', '-t', '60', 'start']);
    if (r.status !== 0) throw new Error(`pg_ctl start failed: ${r.out}`);
  }

  /** An immediate restart: no checkpoint, every connection cut, crash recovery on start. */
  restart(): void {
    const r = asPostgres(join(O.pgBin, 'pg_ctl'), ['-D', this.data, '-l', this.logFile, '-o', this.opts(), '-m', 'immediate', '-w', '-t', '60', 'restart']);
    if (r.status !== 0) throw new Error(`pg_ctl restart failed: ${r.out}`);
  }

  stop(): void {
    if (existsSync(join(this.data, 'postmaster.pid'))) asPostgres(join(O.pgBin, 'pg_ctl'), ['-D', this.data, '-m', 'immediate', '-w', 'stop']);
  }
}

class PrivateRedis {
  proc?: ChildProcess;
  constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.proc = spawn(O.redisServer, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir], { stdio: 'ignore' });
    await until('the private Redis', async () => ((await this.ping()) ? true : undefined), 15_000, 100);
  }

  async ping(): Promise<boolean> {
    const r = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    r.on('error', () => undefined); // not up yet: the caller asks again
    try {
      await r.connect();
      return (await r.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      r.disconnect();
    }
  }

  /** FLUSHALL, then SHUTDOWN NOSAVE: everything Redis held is gone, the processes lose their connection. */
  async wipeAndStop(): Promise<void> {
    const r = new Redis(this.url, { maxRetriesPerRequest: 1 });
    await r.flushall();
    const exited = new Promise((resolve) => this.proc?.once('exit', resolve));
    await r.call('SHUTDOWN', 'NOSAVE').catch(() => undefined); // the connection drops as it answers
    r.disconnect();
    await exited;
  }

  async stop(): Promise<void> {
    if (!this.proc || this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const exited = new Promise((resolve) => this.proc!.once('exit', resolve));
    this.proc.kill('SIGTERM');
    await exited;
  }
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A query that waits out a Postgres restart instead of failing the suite. */
async function q<T = Record<string, unknown>>(pg: Pool, sql: string, params: unknown[] = []): Promise<T[]> {
  for (let i = 0; ; i++) {
    try {
      return (await pg.query(sql, params)).rows as T[];
    } catch (err) {
      if (i >= 60) throw err;
      await sleep(1000);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Observers: the webhooks the sandbox saw acknowledged, and the citizens writing in

/** Reads the sandbox's webhook log as it grows; keeps the event keys of every POST answered 200. */
class WebhookWatcher {
  private afterId = 0;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  acked = new Map<string, number>();
  posts = { ok: 0, failed: 0 };

  constructor(private readonly sandboxUrl: string) {}

  start() {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.poll().finally(() => (this.running = undefined));
    }, 1000);
  }

  async stop() {
    clearInterval(this.timer);
    await this.running;
    await this.poll();
  }

  /** The keys acknowledged so far, and a fresh start for the next scenario. */
  take(): Map<string, number> {
    const out = this.acked;
    this.acked = new Map();
    return out;
  }

  async poll(): Promise<void> {
    for (;;) {
      const batch = await httpJson<{ id: number; body: string; statusCode?: number }[]>(
        'GET',
        `${this.sandboxUrl}/_sandbox/webhooks?afterId=${this.afterId}&limit=2000`,
      ).catch(() => []);
      for (const w of batch) {
        this.afterId = Math.max(this.afterId, w.id);
        if (w.statusCode !== 200) {
          this.posts.failed++;
          continue;
        }
        this.posts.ok++;
        for (const e of parseWebhookPayload(JSON.parse(w.body))) {
          const key = eventKey(e);
          this.acked.set(key, (this.acked.get(key) ?? 0) + 1);
        }
      }
      if (batch.length < 2000) return;
    }
  }
}

/** Citizens writing in: half of them leave (STOP), half are new and subscribe. */
class Citizens {
  private timer?: NodeJS.Timeout;
  private next = 0;
  private joined = 0;
  left = new Set<string>();
  errors = 0;

  constructor(
    private readonly sandboxUrl: string,
    private readonly comune: BenchComune,
    private readonly audience: string[],
  ) {}

  start(perS: number) {
    if (perS <= 0) return;
    this.timer = setInterval(() => void this.one(), Math.round(1000 / perS));
  }

  stop() {
    clearInterval(this.timer);
  }

  private async one() {
    const leave = this.next++ % 2 === 0;
    let from: string;
    if (leave) {
      // From the later part of the list: the rows claimed last, so some leave before their turn.
      const half = Math.floor(this.audience.length / 2);
      do from = this.audience[half + Math.floor(Math.random() * (this.audience.length - half))];
      while (this.left.has(from) && this.left.size < this.audience.length - half);
      this.left.add(from);
    } else {
      from = `+39347${String(5_000_000 + this.joined++).padStart(7, '0')}`;
    }
    await httpJson('POST', `${this.sandboxUrl}/_sandbox/inbound`, { phoneNumberId: this.comune.phoneNumberId, from, text: leave ? 'STOP' : 'Iscrivimi' }).catch(
      () => this.errors++,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// The run

interface Ctx {
  pgServer: PrivatePostgres;
  redis: PrivateRedis;
  pg: Pool;
  app: INestApplication;
  settings: Settings;
  sandboxUrl: string;
  comune: BenchComune;
  workers: (Child | undefined)[];
  workerEnv: (i: number) => Record<string, string>;
  watcher: WebhookWatcher;
}

interface Result {
  scenario: Scenario;
  recipients: number;
  delivered: number;
  lost: number;
  duplicates: number;
  in_flight: number;
  sent_to_unsubscribed: number;
  webhooks_lost: number;
  recovery_s: number | null;
  [more: string]: unknown;
}

function startWorker(c: Ctx, i: number): Child {
  return startChild(`worker${i + 1}`, 'apps/worker/src/main.js', [], c.workerEnv(i), (l) => /recovered|ERROR|Error:|FATAL/.test(l));
}

async function killWorker(c: Ctx, i: number): Promise<void> {
  const w = c.workers[i];
  if (!w) return;
  w.proc.kill('SIGKILL');
  await w.exited;
  c.workers[i] = undefined;
}

async function workersHealthy(c: Ctx): Promise<void> {
  for (const [i] of c.workers.entries()) {
    const port = c.workerEnv(i).WORKER_HEALTH_PORT;
    await until(`worker ${i + 1} to be healthy`, async () => ((await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false)) ? true : undefined), 60_000, 250);
  }
}

async function lastSeq(sandboxUrl: string): Promise<number> {
  return (await httpJson<{ lastSeq: number }>('GET', `${sandboxUrl}/_sandbox/messages?limit=1`)).lastSeq;
}

async function progress(c: Ctx, broadcastId: string) {
  const [r] = await q<{ total: number; sent: number; sending: number; open: number }>(
    c.pg,
    `select count(*)::int as total,
            count(*) filter (where status in ('sent', 'delivered', 'read'))::int as sent,
            count(*) filter (where status = 'sending')::int as sending,
            count(*) filter (where status in ('queued', 'sending') or (status = 'uncertain' and meta_message_id is null))::int as open
       from deliveries where broadcast_id = $1`,
    [broadcastId],
  );
  return r;
}

/**
 * Settled: the broadcast completed (every row's fate known), and the rest has caught up: no reply
 * due for more than 30 s still unsent, no webhook waiting for more than 10 s. Citizens keep writing
 * during the run, so "nothing at all pending" would never come.
 */
async function settled(c: Ctx, broadcastId: string): Promise<boolean> {
  const [r] = await q<{ status: string; open: number; pending: number }>(
    c.pg,
    `select (select status from broadcasts where id = $1) as status,
            (select count(*)::int from deliveries where status in ('queued', 'sending')
                and (broadcast_id = $1 or (broadcast_id is null and next_attempt_at < now() - interval '30 seconds'))) as open,
            (select count(*)::int from webhook_events where processed_at is null and attempts < 10 and received_at < now() - interval '10 seconds') as pending`,
    [broadcastId],
  );
  return r.status === 'completed' && r.open === 0 && r.pending === 0;
}

async function runScenario(c: Ctx, scenario: Scenario, citizens: Citizens): Promise<Result> {
  const seq0 = await lastSeq(c.sandboxUrl);
  c.watcher.take();
  const broadcasts = c.app.get(BroadcastsService);
  const actor = { ...SYSTEM, tenantId: c.comune.tenantId };
  const draft = await broadcasts.create(actor, c.comune.tenantId, { ...BULLETIN, title: `Allerta (${scenario})`, priority: 'normal' });
  const t0 = Date.now();
  await broadcasts.submit(actor, c.comune.tenantId, draft.id);
  const audience = (await progress(c, draft.id)).total;
  log(`${scenario}: broadcast ${draft.id} to ${audience} subscribers submitted in ${Date.now() - t0} ms`);

  const target = Math.ceil((audience * O.faultAtPct) / 100);
  await until(`${O.faultAtPct}% of the broadcast to be sent`, async () => ((await progress(c, draft.id)).sent >= target ? true : undefined), 600_000, 250);
  const before = await progress(c, draft.id);
  const inFlight = before.sending;
  const faultAt = Date.now();
  log(`${scenario}: ${before.sent} sent after ${round((faultAt - t0) / 1000)} s; fault now, ${inFlight} deliveries in flight`);

  const extra: Record<string, unknown> = {};
  switch (scenario) {
    case 'kill_one_worker':
      await killWorker(c, 0);
      await sleep(2000);
      c.workers[0] = startWorker(c, 0);
      break;
    case 'kill_all_workers':
      await Promise.all(c.workers.map((_, i) => killWorker(c, i)));
      await sleep(2000);
      for (const [i] of c.workers.entries()) c.workers[i] = startWorker(c, i);
      break;
    case 'redis_wipe_restart':
      await c.redis.wipeAndStop();
      await sleep(3000);
      await c.redis.start();
      break;
    case 'postgres_restart': {
      const t = Date.now();
      c.pgServer.restart();
      extra.postgres_down_s = round((Date.now() - t) / 1000);
      break;
    }
    case 'sandbox_errors': {
      const phase = async (faults: Record<string, unknown>, ms: number) => {
        await httpJson('POST', `${c.sandboxUrl}/_sandbox/faults`, faults);
        await sleep(ms);
        await httpJson('DELETE', `${c.sandboxUrl}/_sandbox/faults`);
      };
      await phase({ throttleAll: true }, 8000);
      await phase({ errorRate: 0.5 }, 8000);
      // Held longer than the product's Graph timeout: the caller gives up, the sandbox then accepts.
      await phase({ timeoutRate: 0.1, timeoutMs: 8000 }, 10_000);
      const rejected = await httpJson<{ code: number }[]>('GET', `${c.sandboxUrl}/_sandbox/rejections?since=${faultAt}&limit=200000`);
      extra.sandbox_refusals = rejected.length;
      break;
    }
    case 'token_expired': {
      await httpJson('POST', `${c.sandboxUrl}/_sandbox/faults`, { expiredToken: [c.comune.phoneNumberId] });
      await until(
        'the number to be stopped',
        async () => ((await q<{ s: string }>(c.pg, `select sending_status as s from whatsapp_numbers where id = $1`, [c.comune.numberId]))[0].s === 'stopped' ? true : undefined),
        60_000,
        250,
      );
      extra.stopped_after_s = round((Date.now() - faultAt) / 1000);
      await sleep(5000);
      await httpJson('DELETE', `${c.sandboxUrl}/_sandbox/faults`);
      // The comune pastes a fresh token (the sandbox accepts the same one again).
      await c.app.get(NumbersService).update(SYSTEM, c.comune.numberId, { accessToken: c.comune.accessToken });
      break;
    }
  }
  const faultEnd = Date.now();
  await workersHealthy(c);

  let isSettled = false;
  let lastLog = Date.now();
  let settledAt = Date.now();
  const deadline = faultEnd + O.settleTimeoutS * 1000;
  while (Date.now() < deadline) {
    if (await settled(c, draft.id)) {
      settledAt = Date.now();
      // Twice, 3 s apart: a late resend would reopen the broadcast.
      await sleep(3000);
      if (await settled(c, draft.id)) {
        isSettled = true;
        break;
      }
    }
    if (Date.now() - lastLog >= 10_000) {
      lastLog = Date.now();
      const p = await progress(c, draft.id);
      log(`${scenario}: ${p.sent}/${p.total} sent, ${p.open} open, ${p.sending} sending, ${round((Date.now() - faultEnd) / 1000)} s after the fault`);
    }
    await sleep(1000);
  }
  if (!isSettled) settledAt = Date.now();
  await c.watcher.poll();
  const acked = c.watcher.take();

  // Who got what: the sandbox's own record, by our delivery id echoed in biz_opaque_callback_data.
  const got = await httpJson<{ messages: [number, string, string | null, number][] }>('GET', `${c.sandboxUrl}/_sandbox/messages/recipients?afterSeq=${seq0}&limit=200000`);
  const copies = new Map<string, number>();
  const lastCopyAt = new Map<string, number>();
  for (const [, , biz, at] of got.messages) {
    if (!biz?.startsWith('d:')) continue;
    const id = biz.slice(2);
    copies.set(id, (copies.get(id) ?? 0) + 1);
    lastCopyAt.set(id, Math.max(lastCopyAt.get(id) ?? 0, at));
  }
  const rows = await q<{ id: string; status: string; claimed_at: Date | null; sub_status: string; left_at: Date | null }>(
    c.pg,
    // When Bacheca had the citizen's STOP in hand: stored from the webhook (what they wrote before it
    // reached us cannot stop anything). Each leaver writes once in this run.
    `with said as (select citizen_hash, min(received_at) as at from webhook_events
                    where kind = 'message' and citizen_hash is not null group by citizen_hash)
     select d.id::text as id, d.status, d.claimed_at, s.status as sub_status,
            case when s.status <> 'active' then said.at end as left_at
       from deliveries d join subscribers s on s.id = d.subscriber_id
       left join said on said.citizen_hash = s.phone_hash
      where d.broadcast_id = $1`,
    [draft.id],
  );
  let delivered = 0;
  let duplicates = 0;
  let lost = 0;
  let sentToUnsubscribed = 0;
  let skippedForLeaving = 0;
  const byStatus: Record<string, number> = {};
  for (const r of rows) {
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    const n = copies.get(r.id) ?? 0;
    if (n > 0) delivered++;
    duplicates += Math.max(0, n - 1);
    // Sent to someone who had left: Bacheca held their STOP before it claimed the row, and a copy
    // reached the phone after that. (A copy that left before the STOP came, from a send whose
    // answer a killed worker never recorded, is not one, even if the row was claimed again since.)
    const leftAt = r.left_at?.getTime();
    const leftFirst = leftAt !== undefined && r.claimed_at !== null && leftAt < r.claimed_at.getTime() && (lastCopyAt.get(r.id) ?? 0) > leftAt;
    if (n > 0 && leftFirst) sentToUnsubscribed++;
    if (n === 0) {
      // Not sent because the citizen left before their turn: the product did right.
      if (r.sub_status !== 'active' && (r.status === 'cancelled' || r.status === 'expired')) skippedForLeaving++;
      else lost++;
    }
  }
  // Every event of every webhook the sandbox saw answered 200 must be stored, exactly once.
  let webhooksLost = 0;
  let storedTwice = 0;
  const keys = [...acked.keys()];
  for (let i = 0; i < keys.length; i += 10_000) {
    const chunk = keys.slice(i, i + 10_000);
    const stored = await q<{ k: string; n: number }>(c.pg, `select event_key as k, count(*)::int as n from webhook_events where event_key = any($1::text[]) group by event_key`, [chunk]);
    const found = new Map(stored.map((s) => [s.k, s.n]));
    for (const k of chunk) {
      const n = found.get(k) ?? 0;
      if (n === 0) webhooksLost++;
      if (n > 1) storedTwice++;
    }
  }
  return {
    scenario,
    recipients: rows.length,
    delivered,
    lost,
    duplicates,
    in_flight: inFlight,
    sent_to_unsubscribed: sentToUnsubscribed,
    webhooks_lost: webhooksLost,
    recovery_s: isSettled ? round((settledAt - faultEnd) / 1000) : null,
    settled: isSettled,
    sent_before_fault: before.sent,
    fault_s: round((faultEnd - faultAt) / 1000),
    total_s: round((settledAt - t0) / 1000),
    left_during_run: citizens.left.size,
    skipped_for_leaving: skippedForLeaving,
    webhook_events_acked: keys.length,
    webhook_events_stored_twice: storedTwice,
    deliveries_by_status: byStatus,
    ...extra,
  };
}

function meetsBar(r: Result): boolean {
  return r.settled === true && r.lost === 0 && r.sent_to_unsubscribed === 0 && r.webhooks_lost === 0 && r.duplicates <= r.in_flight;
}

async function main(): Promise<number> {
  const wall0 = Date.now();
  const dir = mkdtempSync('/tmp/bacheca-faults-');
  const pgServer = new PrivatePostgres(dir, O.pgPort);
  const redis = new PrivateRedis(dir, O.redisPort);
  let sandbox: Child | undefined;
  let api: Child | undefined;
  const workers: (Child | undefined)[] = [];
  let app: INestApplication | undefined;
  let pg: Pool | undefined;
  let watcher: WebhookWatcher | undefined;
  let citizens: Citizens | undefined;
  let cleaning: Promise<void> | undefined;
  // Every caller (the end, an error, a second Ctrl-C) waits for the same single clean-up.
  const cleanup = () => (cleaning ??= doCleanup());
  const doCleanup = async () => {
    citizens?.stop();
    await watcher?.stop().catch(() => undefined);
    for (const w of workers) await stopChild(w, 5000);
    await stopChild(api, 5000);
    await stopChild(sandbox, 5000);
    await app?.close().catch(() => undefined);
    await pg?.end().catch(() => undefined);
    await redis.stop().catch(() => undefined);
    pgServer.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  const hardStop = setTimeout(() => {
    console.error(`faults: hard timeout of ${O.timeoutS} s reached`);
    void cleanup().finally(() => process.exit(2));
  }, O.timeoutS * 1000);
  hardStop.unref();
  process.on('SIGINT', () => void cleanup().finally(() => process.exit(130)));
  process.on('SIGTERM', () => void cleanup().finally(() => process.exit(143)));

  try {
    log(`options ${JSON.stringify(O)}; private services in ${dir}`);
    for (const [what, port] of [['PG', O.pgPort], ['REDIS', O.redisPort]] as const) {
      if (await portInUse(port)) throw new Error(`port ${port} for the private ${what} is in use; set FAULTS_${what}_PORT`);
    }
    pgServer.init();
    await redis.start();
    log(`private Postgres on ${O.pgPort}, Redis on ${O.redisPort}`);

    const sandboxPort = await freePort();
    const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    sandbox = startChild(
      'sandbox',
      'apps/sandbox/src/main.js',
      [],
      {
        SANDBOX_HOST: '127.0.0.1',
        SANDBOX_PORT: String(sandboxPort),
        SANDBOX_LOG_LEVEL: 'error',
        // sent and delivered, not read: a third less webhook load, the same guarantees to check.
        SANDBOX_SEND_READ: 'false',
        SANDBOX_MESSAGE_LOG_CAP: String(Math.max(100_000, Math.ceil(2.5 * O.recipients))),
        SANDBOX_WEBHOOK_LOG_CAP: '100000',
        SANDBOX_WEBHOOK_LOG_MAX_BYTES: String(512 * 1024 * 1024),
        SANDBOX_TIMEOUT_FAULT_MS: '8000',
        // Meta retries for days; a restart of Postgres must not outlast the sandbox's patience.
        SANDBOX_WEBHOOK_RETRY_FOR_MS: '900000',
      },
      () => true,
    );
    await until('the sandbox', async () => ((await fetch(`${sandboxUrl}/_sandbox/health`).then((r) => r.ok, () => false)) ? true : undefined), 30_000, 200);

    const apiPort = await freePort();
    const base: Record<string, string> = {
      NODE_ENV: 'production',
      DATABASE_URL: `postgres://bacheca_app@127.0.0.1:${O.pgPort}/bacheca_faults`,
      DATABASE_OWNER_URL: `postgres://bacheca_owner@127.0.0.1:${O.pgPort}/bacheca_faults`,
      DATABASE_ADMIN_URL: pgServer.adminUrl,
      DATABASE_POOL_SIZE: '10',
      REDIS_URL: redis.url,
      REDIS_PREFIX: 'bacheca-faults',
      JWT_SECRET: randomBytes(48).toString('base64'),
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
      API_PORT: String(apiPort),
      PUBLIC_BASE_URL: `http://127.0.0.1:${apiPort}`,
      GRAPH_API_BASE_URL: sandboxUrl,
      GRAPH_API_TIMEOUT_MS: '5000',
      WORKER_HEALTH_PORT: '0',
      ...RECOVERY,
    };
    const settings = loadSettings(base);
    for (const cmd of ['db:setup', 'db:migrate']) {
      const cli = startChild('cli', 'apps/cli/src/main.js', [cmd], base, () => true);
      if ((await cli.exited) !== 0) throw new Error(`${cmd} failed`);
    }
    pg = new Pool({ connectionString: `postgres://postgres@127.0.0.1:${O.pgPort}/bacheca_faults`, max: 3 });
    pg.on('error', () => undefined); // a restart of Postgres cuts idle connections; q() retries

    // The comune's side (set-up, submitting, a new token): the product's services in this process.
    app = await createApiApp(settings);
    const callbackUrl = `http://127.0.0.1:${apiPort}/webhooks/whatsapp`;
    const comune = await onboardComune(app, sandboxUrl, 'faults', O.mps, callbackUrl);
    let phones = 0;
    const t = Date.now();
    const audience = await seedSubscribers(pg, { box: new SecretBox(settings.ENCRYPTION_KEY), index: new BlindIndex(settings.BLIND_INDEX_KEY) }, comune, O.recipients, () =>
      phoneOf(phones++),
    );
    await pg.query('analyze');
    log(`seeded ${O.recipients} subscribers in ${round((Date.now() - t) / 1000)} s; number at ${O.mps} mps`);

    api = startChild('api', 'apps/api/src/main.js', [], base, (l) => /ERROR|Error:|FATAL/.test(l));
    await until('the API', async () => ((await fetch(`http://127.0.0.1:${apiPort}/api/docs/openapi.json`).then((r) => r.ok, () => false)) ? true : undefined), 60_000, 250);
    const healthPorts: number[] = [];
    for (let i = 0; i < O.workers; i++) healthPorts.push(await freePort());
    const workerEnv = (i: number) => ({ ...base, WORKER_HEALTH_PORT: String(healthPorts[i]) });
    watcher = new WebhookWatcher(sandboxUrl);
    const c: Ctx = { pgServer, redis, pg, app, settings, sandboxUrl, comune, workers, workerEnv, watcher };
    for (let i = 0; i < O.workers; i++) workers.push(startWorker(c, i));
    await workersHealthy(c);
    log(`API and ${O.workers} workers up`);

    watcher.start();
    citizens = new Citizens(sandboxUrl, comune, audience);
    citizens.start(O.citizensPerS);

    const results: Result[] = [];
    for (const scenario of O.scenarios) {
      const r = await runScenario(c, scenario, citizens);
      results.push(r);
      process.stdout.write(`${JSON.stringify(r)}\n`);
    }
    citizens.stop();
    const ok = results.every(meetsBar);
    const summary = {
      scenarios: results.length,
      meets_bar: ok,
      failed: results.filter((r) => !meetsBar(r)).map((r) => r.scenario),
      recipients: O.recipients,
      workers: O.workers,
      webhook_posts: watcher.posts,
      citizen_errors: citizens.errors,
      wall_s: round((Date.now() - wall0) / 1000, 0),
    };
    await cleanup();
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return ok ? 0 : 1;
  } catch (err) {
    console.error(err instanceof Error ? err.stack : err);
    for (const ch of [sandbox, api, ...workers]) if (ch) console.error(`${ch.name} (last lines):\n${ch.tail.slice(-15).join('\n')}`);
    await cleanup();
    return 1;
  }
}

runMain(main);
