/**
 * Delivery bench: the whole product against the local sandbox, on this machine, with two yardsticks
 * measured in the same run. `npm run bench:delivery -- --recipients 20000` for a quick run; see
 * docs/performance.md for what each figure means.
 *
 * Processes: this one (the orchestrator, hosting the API in-process, which receives the sandbox's
 * status webhooks), the sandbox, the worker, and the baselines (one child each, so the worker's RSS
 * is its own and every load generator has its own event loop).
 *
 * Phases:
 *   0. raw ceiling and naive baseline (scripts/bench/baselines.ts), before the worker starts;
 *   1. throughput: T comuni, numbers at 1,000 mps (product and sandbox), N subscribers in all, one
 *      broadcast each, timed from the submits until every delivery row is sent; one urgent alert
 *      is timed while the worker is saturated;
 *   2. caps: C comuni at 80 mps each, K = 80 × 15 recipients each, the rate each achieves as seen by
 *      the sandbox (the time each message was accepted);
 *   3. urgent overtakes: a normal send to N citizens of one comune, urgent alerts from another comune
 *      meanwhile, timed from submit to the first delivery `sent` in Postgres.
 * The last line printed is one JSON object with the figures.
 */
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import Bull from 'bull';
import Redis from 'ioredis';
import { Pool } from 'pg';
import type { Actor } from '@bacheca/audit';
import { BroadcastsService } from '@bacheca/broadcasts';
import { BlindIndex, SecretBox } from '@bacheca/crypto';
import { QUEUES } from '@bacheca/queue';
import { urlAs } from '@bacheca/testing';
import { ApiHarness, startApi } from '../../apps/api/test/harness';
import type { BaselineResult, NaiveConfig, RawConfig } from './baselines';
import { BenchComune, onboardComune, seedSubscribers, SYSTEM } from './comuni';
import { BULLETIN, cpuSecondsByName, cpuSecondsOf, freePort, httpJson, log, machineCpu, phoneOf, round, rssOf, runMain, sleep } from './common';
import { Child, startChild, stopChild, until } from './processes';

// ---------------------------------------------------------------------------------------------
// Options

interface Options {
  recipients: number;
  tenants: number;
  /** Phase 2 comuni; 0 = auto (see HELP). */
  capTenants: number;
  capTenantsMax: number;
  capMps: number;
  capSeconds: number;
  urgentAudience: number;
  urgentTrials: number;
  baselineMessages: number;
  rawConcurrency: number;
  rawConnections: number;
  naiveConcurrency: number;
  /** Where the status webhooks of Bacheca's numbers go: the API (real load) or a sink (send path only). */
  statuses: 'api' | 'sink';
  read: boolean;
  /** How long phase 1's status webhooks may take to be processed before phase 2 starts anyway. */
  settleS: number;
  /** Longest a throughput phase may take before its rate so far is reported and the rest cancelled. */
  phaseS: number;
  timeoutS: number;
}

const HELP = `npm run bench:delivery -- [options]
  --recipients N         phase 1 and 3 audience (default 100000)
  --tenants T            phase 1 comuni sharing N (default 4)
  --cap-tenants C|auto   phase 2 comuni (default auto: as many as keep the total demand at or below half
                         of the lower of the raw ceiling and phase 1's rate, at most 20, at least 1)
  --cap-mps M            phase 2 cap per number (default 80)
  --cap-seconds S        phase 2 length: each comune sends M × S messages (default 15)
  --urgent-audience A    subscribers of the comune sending urgent alerts (default 50)
  --urgent-trials U      urgent alerts in phase 3 (default 3)
  --baseline-messages B  messages of the raw and naive baselines (default min(N, 20000))
  --raw-concurrency R    requests in flight of the raw loop (default 64)
  --raw-connections K    keep-alive sockets of the raw loop (default 16, as the product's client)
  --naive-concurrency Q  Bull concurrency of the naive baseline (default 32)
  --statuses api|sink    status webhooks of Bacheca's numbers to the API (default) or to a null sink
  --no-read              the sandbox posts sent and delivered only (halves the webhook load)
  --settle-s S           wait up to S s for a phase's status webhooks to be processed before the next phase;
                         what is left then is discarded (marked processed) and reported (default 30)
  --phase-s S            longest phase 1 (and phase 2) may take; past it the rate so far is reported
                         and the rest cancelled (default 240)
  --timeout-s S          hard limit of the whole run (default 1500)`;

function parseOptions(argv: string[]): Options {
  const o: Options = {
    recipients: 100_000,
    tenants: 4,
    capTenants: 0,
    capTenantsMax: 20,
    capMps: 80,
    capSeconds: 15,
    urgentAudience: 50,
    urgentTrials: 3,
    baselineMessages: NaN,
    rawConcurrency: 64,
    rawConnections: 16,
    naiveConcurrency: 32,
    statuses: 'api',
    read: true,
    settleS: 30,
    phaseS: 240,
    timeoutS: 1500,
  };
  const ints: Record<string, keyof Options> = {
    '--recipients': 'recipients',
    '--tenants': 'tenants',
    '--cap-tenants': 'capTenants',
    '--cap-mps': 'capMps',
    '--cap-seconds': 'capSeconds',
    '--urgent-audience': 'urgentAudience',
    '--urgent-trials': 'urgentTrials',
    '--baseline-messages': 'baselineMessages',
    '--raw-concurrency': 'rawConcurrency',
    '--raw-connections': 'rawConnections',
    '--naive-concurrency': 'naiveConcurrency',
    '--timeout-s': 'timeoutS',
    '--settle-s': 'settleS',
    '--phase-s': 'phaseS',
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--help' || flag === '-h') {
      console.log(HELP);
      process.exit(0);
    } else if (flag === '--cap-tenants' && (inline ?? argv[i + 1]) === 'auto') {
      value();
      o.capTenants = 0;
    } else if (flag in ints) {
      const v = Number(value());
      if (!Number.isInteger(v) || v < 0) throw new Error(`${flag} needs a non-negative integer`);
      (o[ints[flag]] as number) = v;
    } else if (flag === '--statuses') {
      const v = value();
      if (v !== 'api' && v !== 'sink') throw new Error('--statuses is api or sink');
      o.statuses = v;
    } else if (flag === '--no-read') o.read = false;
    else throw new Error(`unknown option ${argv[i]}\n${HELP}`);
  }
  if (o.capTenants > 0) o.capTenantsMax = o.capTenants;
  if (!Number.isFinite(o.baselineMessages)) o.baselineMessages = Math.min(o.recipients, 20_000);
  if (o.tenants < 1 || o.recipients < o.tenants) throw new Error('--tenants must be between 1 and --recipients');
  if (o.capMps < 1 || o.capMps > 1000) throw new Error('--cap-mps must be 1..1000 (the product refuses more)');
  return o;
}

// ---------------------------------------------------------------------------------------------
// Child processes

async function runBaseline(config: RawConfig | NaiveConfig, env: Record<string, string>, timeoutMs: number): Promise<BaselineResult> {
  const child = startChild(config.mode, 'scripts/bench/baselines.js', [JSON.stringify(config)], env, (l) => !l.startsWith('{'));
  const peak = { rss: 0 };
  const sampler = setInterval(() => (peak.rss = Math.max(peak.rss, rssOf(child.proc.pid!)?.rssMb ?? 0)), 250);
  const timer = setTimeout(() => child.proc.kill('SIGKILL'), timeoutMs);
  const code = await child.exited;
  clearTimeout(timer);
  clearInterval(sampler);
  const last = child.tail.filter((l) => l.startsWith('{')).pop();
  if (code !== 0 || !last) throw new Error(`${config.mode} baseline failed (exit ${code}):\n${child.tail.slice(-20).join('\n')}`);
  return { ...(JSON.parse(last) as BaselineResult), peakRssMb: round(peak.rss) };
}

// ---------------------------------------------------------------------------------------------
// The bench's comuni

class Bench {
  readonly actor = (tenantId: string): Actor => ({ ...SYSTEM, tenantId });
  private phones = 0;
  readonly box: SecretBox;
  readonly index: BlindIndex;

  workerPid?: number;

  constructor(
    readonly opts: Options,
    readonly api: ApiHarness,
    readonly sandboxUrl: string,
    readonly pg: Pool,
    readonly redis: Redis,
  ) {
    this.box = new SecretBox(api.env.settings.ENCRYPTION_KEY);
    this.index = new BlindIndex(api.env.settings.BLIND_INDEX_KEY);
  }

  get broadcasts(): BroadcastsService {
    return this.api.app.get(BroadcastsService);
  }

  /** A live comune with one number (product and sandbox at `mps`) and an approved template. */
  onboard(key: string, mps: number, callbackUrl: string, inProduct = true): Promise<BenchComune> {
    return onboardComune(this.api.app, this.sandboxUrl, key, mps, callbackUrl, inProduct);
  }

  /** Active subscribers who wrote within the last 24 hours, so every bulletin goes as free text. */
  async seed(c: BenchComune, count: number): Promise<void> {
    await seedSubscribers(this.pg, this, c, count, () => phoneOf(this.phones++));
  }

  async draft(c: BenchComune, priority: 'normal' | 'urgent' = 'normal'): Promise<string> {
    const title = priority === 'urgent' ? 'Allerta meteo rossa' : BULLETIN.title;
    return (await this.broadcasts.create(this.actor(c.tenantId), c.tenantId, { ...BULLETIN, title, priority })).id;
  }

  submit(c: BenchComune, id: string) {
    return this.broadcasts.submit(this.actor(c.tenantId), c.tenantId, id);
  }

  async counts(ids: string[]) {
    const [r] = (
      await this.pg.query(
        `select count(*)::int as total,
                count(*) filter (where status in ('sent', 'delivered', 'read'))::int as sent,
                count(*) filter (where status in ('delivered', 'read'))::int as delivered,
                count(*) filter (where status = 'read')::int as read,
                count(*) filter (where status in ('failed', 'uncertain', 'expired', 'cancelled'))::int as stuck,
                count(*) filter (where status in ('queued', 'sending'))::int as pending,
                extract(epoch from max(sent_at)) * 1000 as last_sent_ms
           from deliveries where broadcast_id = any($1::uuid[])`,
        [ids],
      )
    ).rows;
    return r as { total: number; sent: number; delivered: number; read: number; stuck: number; pending: number; last_sent_ms: number | null };
  }

  workerRssMb(): number {
    return this.workerPid ? (rssOf(this.workerPid)?.rssMb ?? 0) : 0;
  }

  /** Marks every waiting webhook event processed and drops the queued inbound jobs; returns how many. */
  async discardBacklog(): Promise<number> {
    const r = await this.pg.query(`update webhook_events set processed_at = now() where processed_at is null`);
    const s = this.api.env.settings;
    const inbound = new Bull(QUEUES.inbound, { redis: s.REDIS_URL, prefix: `${s.REDIS_PREFIX}:bull` });
    await inbound.empty();
    await inbound.close();
    return r.rowCount ?? 0;
  }

  /** Status (and other) webhook events stored by the API and not yet acted on by the worker. */
  async pendingEvents(): Promise<number> {
    return (await this.pg.query(`select count(*)::int as n from webhook_events where processed_at is null`)).rows[0].n;
  }

  async sandboxThrottles(sinceMs: number): Promise<number> {
    const rej = await httpJson<{ code?: number }[]>('GET', `${this.sandboxUrl}/_sandbox/rejections?since=${sinceMs}&limit=200000`);
    return rej.filter((r) => r.code === 130429).length;
  }

  async acceptedTimes(phoneNumberId: string, sinceMs: number): Promise<number[]> {
    const res = await httpJson<{ messages: { receivedAt: string }[] }>(
      'GET',
      `${this.sandboxUrl}/_sandbox/messages?phoneNumberId=${phoneNumberId}&since=${sinceMs}&limit=200000`,
    );
    return res.messages.map((m) => Date.parse(m.receivedAt)).sort((a, b) => a - b);
  }

  async redisCommands(): Promise<{ total: number; evalsha: number }> {
    const info = await this.redis.info('all');
    const total = Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? 0);
    const evalsha = Number(/cmdstat_evalsha:calls=(\d+)/.exec(info)?.[1] ?? 0);
    return { total, evalsha };
  }
}

// ---------------------------------------------------------------------------------------------
// Resource accounting per phase

class Meter {
  private peakRss = 0;
  private timer?: NodeJS.Timeout;

  constructor(private readonly pids: () => Record<string, number | undefined>) {}

  start(workerPid: () => number | undefined) {
    this.timer = setInterval(() => {
      const pid = workerPid();
      if (pid) this.peakRss = Math.max(this.peakRss, rssOf(pid)?.rssMb ?? 0);
    }, 200);
  }

  stop() {
    clearInterval(this.timer);
  }

  get workerPeakRssMb() {
    return this.peakRss;
  }

  snapshot() {
    const cpu: Record<string, number> = {};
    for (const [name, pid] of Object.entries(this.pids())) if (pid) cpu[name] = cpuSecondsOf(pid);
    const shared = cpuSecondsByName(['postgres', 'redis-server']);
    cpu.postgres = shared.postgres;
    cpu.redis = shared['redis-server'];
    return { at: performance.now(), cpu, machine: machineCpu() };
  }

  /**
   * CPU seconds per process between two snapshots, the machine's busy share, and `other`: CPU used by
   * anything else on the machine (another build or test suite on a shared host skews the figures).
   */
  static diff(a: ReturnType<Meter['snapshot']>, b: ReturnType<Meter['snapshot']>) {
    const cpuS: Record<string, number> = {};
    let ours = 0;
    for (const k of Object.keys(b.cpu)) {
      cpuS[k] = round(b.cpu[k] - (a.cpu[k] ?? 0), 1);
      ours += cpuS[k];
    }
    const busy = b.machine.busy - a.machine.busy;
    cpuS.other = round(Math.max(0, busy - ours), 1);
    const total = b.machine.total - a.machine.total;
    return { cpuS, machineBusyPct: round(total > 0 ? (busy / total) * 100 : 0, 0) };
  }
}

// ---------------------------------------------------------------------------------------------
// Phases

type Counts = Awaited<ReturnType<Bench['counts']>>;

interface Followed {
  counts: Counts;
  complete: boolean;
  /** From t0 to the last row recorded sent (complete) or to the moment it was given up (incomplete). */
  ms: number;
}

/** Polls the rows of `ids` every second until all are sent (or beyond, or stuck) or `limitMs` passes. */
async function follow(b: Bench, label: string, ids: string[], expected: number, t0: number, limitMs: number, during?: (c: Counts) => Promise<void>): Promise<Followed> {
  let lastLog = Date.now();
  for (;;) {
    const c = await b.counts(ids);
    const now = Date.now();
    if (c.total >= expected && c.sent + c.stuck >= c.total) {
      return { counts: c, complete: true, ms: Math.max(1, Math.min(now, c.last_sent_ms ?? now) - t0) };
    }
    if (now - t0 > limitMs) {
      log(`${label}: not finished after ${round(limitMs / 1000, 0)} s (${c.sent}/${expected} sent); reporting the rate so far`);
      return { counts: c, complete: false, ms: now - t0 };
    }
    if (now - lastLog >= 5000) {
      lastLog = now;
      const s = (now - t0) / 1000;
      log(
        `${label}: ${c.sent}/${expected} sent (${round(c.sent / s, 0)}/s), ${c.delivered} delivered, ${c.read} read, ${c.stuck} not sent; ` +
          `${await b.pendingEvents()} webhook events waiting; worker RSS ${round(b.workerRssMb(), 0)} MB`,
      );
    }
    await during?.(c);
    await sleep(1000);
  }
}

/** Cancels what is left of these broadcasts and waits for batches in flight to be recorded. */
async function cancelRest(b: Bench, list: [BenchComune, string][]): Promise<void> {
  for (const [c, id] of list) {
    try {
      await b.broadcasts.cancel(b.actor(c.tenantId), c.tenantId, id);
    } catch {
      // already finished
    }
  }
  const ids = list.map(([, id]) => id);
  await until('batches in flight to finish', async () => ((await b.counts(ids)).pending === 0 ? true : undefined), 180_000, 500).catch((e: Error) =>
    log(e.message),
  );
}

/**
 * Lets the status webhooks of a phase be processed before the next one (up to --settle-s); what is
 * still pending then is marked processed and its queued jobs dropped, so that the next phase measures
 * what it is meant to and not the backlog. Both figures are reported.
 */
async function settle(b: Bench, label: string, ids: string[]): Promise<{ settledMs: number | null; pendingAtStart: number; discarded: number }> {
  const o = b.opts;
  const pendingAtStart = await b.pendingEvents();
  if (o.statuses !== 'api') return { settledMs: null, pendingAtStart, discarded: 0 };
  const t0 = Date.now();
  let lastLog = Date.now();
  let settledMs: number | null = null;
  try {
    await until(
      `${label} statuses`,
      async () => {
        const c = await b.counts(ids);
        const pending = await b.pendingEvents();
        if (Date.now() - lastLog >= 5000) {
          lastLog = Date.now();
          log(`${label} statuses: ${c.delivered} delivered, ${c.read} read of ${c.sent} sent; ${pending} webhook events waiting`);
        }
        return (o.read ? c.read : c.delivered) >= c.sent && pending === 0 ? true : undefined;
      },
      o.settleS * 1000,
      1000,
    );
    settledMs = Date.now() - t0;
    log(`${label}: every status processed ${round(settledMs / 1000)} s after the last send`);
  } catch {
    // fall through to discarding
  }
  const discarded = await b.discardBacklog();
  if (discarded) log(`${label}: ${discarded} webhook events still waiting after ${o.settleS} s were discarded before the next phase`);
  return { settledMs, pendingAtStart, discarded };
}

interface UrgentTrial {
  when: string;
  /** How long the submit call itself took (audience check, fan-out, queueing). */
  submitMs: number;
  /** Submit to the first delivery row `sent` in Postgres (polled every 10 ms); null if not within 60 s. */
  firstSentMs: number | null;
  /** Submit to the first message accepted by the sandbox (its own clock, same machine). */
  firstAcceptedMs: number | null;
  allSentMs: number | null;
  audience: number;
}

/** Submits an urgent alert and times it to its first delivery `sent` in Postgres. */
async function urgentTrial(b: Bench, alert: BenchComune, when: string): Promise<UrgentTrial> {
  const id = await b.draft(alert, 'urgent');
  const t0 = Date.now();
  const p0 = performance.now();
  await b.submit(alert, id);
  const trial: UrgentTrial = { when, submitMs: Math.round(performance.now() - p0), firstSentMs: null, firstAcceptedMs: null, allSentMs: null, audience: alert.subscribers };
  try {
    trial.firstSentMs = Math.round(
      await until(
        "the urgent alert's first delivery",
        async () => {
          const r = await b.pg.query(`select 1 from deliveries where broadcast_id = $1 and status in ('sent', 'delivered', 'read') limit 1`, [id]);
          return r.rowCount ? performance.now() - p0 : undefined;
        },
        60_000,
        10,
      ),
    );
    trial.allSentMs = Math.round(
      await until(
        'the urgent alert to be sent',
        async () => {
          const c = await b.counts([id]);
          return c.total > 0 && c.sent + c.stuck >= c.total ? performance.now() - p0 : undefined;
        },
        60_000,
        50,
      ),
    );
  } catch (err) {
    log(`${when}: ${(err as Error).message}`);
  }
  const accepted = await b.acceptedTimes(alert.phoneNumberId, t0);
  trial.firstAcceptedMs = accepted.length ? accepted[0] - t0 : null;
  log(`urgent alert (${when}): first sent in Postgres after ${trial.firstSentMs} ms, accepted by the sandbox after ${trial.firstAcceptedMs} ms, all ${trial.audience} sent after ${trial.allSentMs} ms`);
  return trial;
}

/** Phase 1: T broadcasts at once, until every row is sent; one urgent alert meanwhile. */
async function throughput(b: Bench, comuni: BenchComune[], alert: BenchComune, meter: Meter) {
  const o = b.opts;
  const ids: string[] = [];
  for (const c of comuni) ids.push(await b.draft(c));
  const redis0 = await b.redisCommands();
  const snap0 = meter.snapshot();
  const t0 = Date.now();
  log(`phase 1: submitting ${comuni.length} broadcasts for ${o.recipients} recipients`);
  await Promise.all(comuni.map((c, i) => b.submit(c, ids[i])));
  const submitMs = Date.now() - t0;
  log(`phase 1: submitted (fan-out included) in ${submitMs} ms`);

  let urgent: UrgentTrial | undefined;
  const f = await follow(b, 'phase 1', ids, o.recipients, t0, o.phaseS * 1000, async (c) => {
    // One urgent alert while every comune is sending (all the worker's batch slots busy).
    if (!urgent && (c.sent >= o.recipients / 3 || Date.now() - t0 > 20_000)) urgent = await urgentTrial(b, alert, 'during phase 1');
  });
  const snap1 = meter.snapshot();
  const redis1 = await b.redisCommands();
  if (!f.complete) await cancelRest(b, comuni.map((c, i) => [c, ids[i]]));
  const mps = (f.counts.sent * 1000) / f.ms;
  log(`phase 1: ${f.counts.sent} sent in ${round(f.ms / 1000)} s = ${round(mps, 0)} messages/s (${f.counts.stuck} not sent)${f.complete ? '' : ', INCOMPLETE'}`);
  return {
    ids,
    complete: f.complete,
    ms: f.ms,
    submitMs,
    mps,
    sent: f.counts.sent,
    notSent: f.counts.stuck,
    sandboxThrottles: await b.sandboxThrottles(t0),
    redisCommandsPerMessage: round((redis1.total - redis0.total) / Math.max(1, f.counts.sent), 1),
    rateLimiterCallsPerMessage: round((redis1.evalsha - redis0.evalsha) / Math.max(1, f.counts.sent), 2),
    eventsPendingAtEnd: await b.pendingEvents(),
    ...Meter.diff(snap0, snap1),
    urgent,
  };
}

/** Phase 2: C comuni capped at M mps each, K = M × S recipients each, submitted one after another. */
async function caps(b: Bench, comuni: BenchComune[], meter: Meter) {
  const o = b.opts;
  await httpJson('DELETE', `${b.sandboxUrl}/_sandbox/messages`);
  const ids: string[] = [];
  for (const c of comuni) ids.push(await b.draft(c));
  const snap0 = meter.snapshot();
  const t0 = Date.now();
  log(`phase 2: ${comuni.length} comuni × ${o.capMps * o.capSeconds} recipients at ${o.capMps} mps each`);
  const submittedAt: number[] = [];
  for (const [i, c] of comuni.entries()) {
    submittedAt.push(Date.now());
    await b.submit(c, ids[i]);
  }
  log(`phase 2: submitted in ${Date.now() - t0} ms`);
  const total = comuni.length * o.capMps * o.capSeconds;
  const f = await follow(b, 'phase 2', ids, total, t0, Math.max(o.phaseS, 4 * o.capSeconds) * 1000);
  const snap1 = meter.snapshot();
  if (!f.complete) await cancelRest(b, comuni.map((c, i) => [c, ids[i]]));
  const perTenant = [];
  for (const [i, c] of comuni.entries()) {
    const times = await b.acceptedTimes(c.phoneNumberId, t0);
    const first = times[0];
    const last = times[times.length - 1];
    // Sustained rate: from one second after the first accepted message (both token buckets allow an
    // initial burst, and the first batch's claim/resolve lands in that second) to the last one.
    const sustained = times.filter((t) => t >= first + 1000);
    const achieved = sustained.length >= 2 ? ((sustained.length - 1) * 1000) / (sustained[sustained.length - 1] - sustained[0]) : NaN;
    const whole = times.length >= 2 ? ((times.length - 1) * 1000) / (last - first) : NaN;
    const [sentAt] = (
      await b.pg.query(
        `select extract(epoch from min(sent_at)) * 1000 as first, extract(epoch from max(sent_at)) * 1000 as last,
                count(distinct sent_at)::int as distinct_sent_at
           from deliveries where broadcast_id = $1`,
        [ids[i]],
      )
    ).rows;
    perTenant.push({
      comune: c.key,
      cap: c.mps,
      accepted: times.length,
      achievedMps: round(achieved, 1),
      errorPct: round((Math.abs(achieved - c.mps) / c.mps) * 100, 1),
      wholeWindowMps: round(whole, 1),
      startLagMs: times.length ? first - submittedAt[i] : null,
      finishedMs: times.length ? last - t0 : null,
      sentAtSpanS: round((Number(sentAt.last) - Number(sentAt.first)) / 1000, 1),
      distinctSentAt: sentAt.distinct_sent_at,
    });
  }
  const errs = perTenant.map((t) => t.errorPct);
  const capErrorMaxPct = errs.some((e) => !Number.isFinite(e)) ? NaN : Math.max(...errs);
  const result = {
    ids,
    complete: f.complete,
    ms: f.ms,
    idealMs: o.capSeconds * 1000,
    sent: f.counts.sent,
    notSent: f.counts.stuck,
    sandboxThrottles: await b.sandboxThrottles(t0),
    capErrorMaxPct,
    aggregateMps: round((f.counts.sent * 1000) / f.ms, 0),
    demandMps: comuni.length * o.capMps,
    maxStartLagMs: Math.max(...perTenant.map((t) => t.startLagMs ?? Infinity)),
    ...Meter.diff(snap0, snap1),
    perTenant,
  };
  log(
    `phase 2: ${f.complete ? 'done' : 'stopped'} after ${round(f.ms / 1000)} s (ideal ${o.capSeconds} s); cap error max ${round(capErrorMaxPct)}%, ` +
      `latest start ${round(result.maxStartLagMs / 1000)} s after its submit, ${result.sandboxThrottles} throttled by the sandbox`,
  );
  return result;
}

/** Phase 3: a normal send to N citizens of one comune; urgent alerts of another comune meanwhile. */
async function overtake(b: Bench, big: BenchComune, alert: BenchComune, meter: Meter) {
  const o = b.opts;
  await httpJson('DELETE', `${b.sandboxUrl}/_sandbox/messages`);
  const id = await b.draft(big);
  const snap0 = meter.snapshot();
  const t0 = Date.now();
  log(`phase 3: normal send to ${big.subscribers} citizens of one comune`);
  await b.submit(big, id);
  // Let it get going first (its first batches accepted by the sandbox).
  await until(
    'phase 3 normal send to get going',
    async () => ((await b.acceptedTimes(big.phoneNumberId, t0)).length >= Math.min(1000, big.subscribers / 10) ? true : undefined),
    60_000,
    250,
  ).catch((e: Error) => log(e.message));
  const trials: UrgentTrial[] = [];
  for (let i = 0; i < o.urgentTrials; i++) {
    trials.push(await urgentTrial(b, alert, `phase 3 #${i + 1}`));
    const c = await b.counts([id]);
    if (c.sent + c.stuck >= c.total) break;
    await sleep(1500);
  }
  const accepted = (await b.acceptedTimes(big.phoneNumberId, t0)).length;
  const ms = Date.now() - t0;
  // The point is made; the rest of the normal send is cancelled.
  await cancelRest(b, [[big, id]]);
  const snap1 = meter.snapshot();
  return { normalAcceptedDuring: accepted, normalMpsDuring: round((accepted * 1000) / ms, 0), trials, ...Meter.diff(snap0, snap1) };
}

// ---------------------------------------------------------------------------------------------

/** CPU milliseconds per message of the bench's own processes (the sandbox's share separately). */
function perMessage(cpuS: Record<string, number>, messages: number) {
  const ours = Object.entries(cpuS).reduce((sum, [k, v]) => (k === 'other' ? sum : sum + v), 0);
  return { all: round((ours * 1000) / Math.max(1, messages), 2), sandbox: round(((cpuS.sandbox ?? 0) * 1000) / Math.max(1, messages), 2) };
}

/** A baseline child's own CPU, moved out of `other` (it had exited before the meter's second look). */
function withChild(cpuS: Record<string, number>, child = 0): Record<string, number> {
  return { ...cpuS, baseline: child, other: round(Math.max(0, (cpuS.other ?? 0) - child), 1) };
}

async function main() {
  const o = parseOptions(process.argv.slice(2));
  const wall0 = Date.now();
  let sandbox: Child | undefined;
  let worker: Child | undefined;
  let api: ApiHarness | undefined;
  let sink: Server | undefined;
  let pg: Pool | undefined;
  let redis: Redis | undefined;
  let cleaned = false;
  async function cleanup() {
    if (cleaned) return;
    cleaned = true;
    await stopChild(worker);
    await pg?.end().catch(() => undefined);
    redis?.disconnect();
    // Drops the bench's database and every Redis key under its prefix (the naive queue's included).
    await api?.close().catch((e: Error) => log(`cleanup: ${e.message}`));
    await stopChild(sandbox);
    sink?.closeAllConnections();
    sink?.close();
  }
  const hardStop = setTimeout(() => {
    console.error(`bench: hard timeout of ${o.timeoutS} s reached`);
    void cleanup().finally(() => process.exit(2));
  }, o.timeoutS * 1000);
  hardStop.unref();
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));
  process.once('SIGTERM', () => void cleanup().finally(() => process.exit(143)));

  const errors: string[] = [];
  const attempt = async <T>(what: string, work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (err) {
      errors.push(`${what}: ${(err as Error).message}`);
      log(`${what} FAILED: ${(err as Error).stack}`);
      return undefined;
    }
  };

  try {
    log(`options ${JSON.stringify(o)}; ${cpus().length} CPUs, node ${process.version}`);
    // A webhook sink for the baselines' numbers (and Bacheca's with --statuses sink): answers 200, reads nothing.
    sink = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200).end());
    });
    await new Promise<void>((resolve) => sink!.listen(0, '127.0.0.1', resolve));
    const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/webhook`;

    const capRecipients = o.capMps * o.capSeconds;
    const sandboxPort = await freePort();
    sandbox = startChild(
      'sandbox',
      'apps/sandbox/src/main.js',
      [],
      {
        SANDBOX_HOST: '127.0.0.1',
        SANDBOX_PORT: String(sandboxPort),
        SANDBOX_LOG_LEVEL: 'error',
        SANDBOX_SEND_READ: String(o.read),
        // Phases 2 and 3 read accepted messages back (cleared before each); the log is a ring buffer.
        SANDBOX_MESSAGE_LOG_CAP: String(Math.max(20_000, o.capTenantsMax * capRecipients + 5_000)),
      },
      () => true,
    );
    const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    await until('the sandbox', async () => (await fetch(`${sandboxUrl}/_sandbox/health`).then((r) => r.ok, () => false)) || undefined, 30_000, 200);

    api = await startApi({ GRAPH_API_BASE_URL: sandboxUrl, DATABASE_POOL_SIZE: '10' });
    await api.app.listen(0, '127.0.0.1');
    const apiUrl = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
    log(`database ${api.env.database}, Redis prefix ${api.env.settings.REDIS_PREFIX}, sandbox ${sandboxUrl}, API ${apiUrl}`);
    pg = new Pool({ connectionString: urlAs(api.env, 'postgres'), max: 4 });
    redis = new Redis(api.env.settings.REDIS_URL);
    const b = new Bench(o, api, sandboxUrl, pg, redis);
    const statusUrl = o.statuses === 'api' ? `${apiUrl}/webhooks/whatsapp` : sinkUrl;

    // Comuni and citizens.
    const tSeed = Date.now();
    const tp: BenchComune[] = [];
    for (let i = 0; i < o.tenants; i++) tp.push(await b.onboard(`tp-${i + 1}`, 1000, statusUrl));
    const capComuni: BenchComune[] = [];
    for (let i = 0; i < o.capTenantsMax; i++) capComuni.push(await b.onboard(`cap-${i + 1}`, o.capMps, statusUrl));
    const big = await b.onboard('big', 1000, statusUrl);
    const alert = await b.onboard('alert', 80, statusUrl);
    const naiveComune = await b.onboard('naive', 100_000, sinkUrl);
    const rawNumber = await b.onboard('raw', 100_000, sinkUrl, false);
    for (const [i, c] of tp.entries()) await b.seed(c, Math.floor(o.recipients / o.tenants) + (i < o.recipients % o.tenants ? 1 : 0));
    for (const c of capComuni) await b.seed(c, capRecipients);
    await b.seed(big, o.recipients);
    await b.seed(alert, o.urgentAudience);
    await b.seed(naiveComune, o.baselineMessages);
    await pg.query('analyze subscribers');
    const seeded = 2 * o.recipients + o.capTenantsMax * capRecipients + o.urgentAudience + o.baselineMessages;
    log(`seeded ${o.tenants + o.capTenantsMax + 4} comuni and ${seeded} subscribers in ${round((Date.now() - tSeed) / 1000)} s`);

    // Phase 0: the yardsticks, before the worker starts.
    const childEnv = { BENCH_ENCRYPTION_KEY: api.env.settings.ENCRYPTION_KEY, BENCH_BLIND_INDEX_KEY: api.env.settings.BLIND_INDEX_KEY };
    const meter = new Meter(() => ({ worker: worker?.proc.pid, sandbox: sandbox?.proc.pid, benchAndApi: process.pid }));

    log(`raw ceiling: ${o.baselineMessages} messages, ${o.rawConcurrency} in flight over ${o.rawConnections} sockets`);
    let snap = meter.snapshot();
    const raw = await runBaseline(
      {
        mode: 'raw',
        sandboxUrl,
        creds: { phoneNumberId: rawNumber.phoneNumberId, accessToken: rawNumber.accessToken },
        count: o.baselineMessages,
        concurrency: o.rawConcurrency,
        connections: o.rawConnections,
        firstPhone: 50_000_000,
      },
      childEnv,
      600_000,
    );
    const rawCpu = Meter.diff(snap, meter.snapshot());
    log(`raw ceiling: ${round(raw.mps, 0)} messages/s (${raw.ok} ok, ${raw.errors} errors in ${raw.ms} ms)`);

    const naiveBroadcast = (
      await pg.query(`insert into broadcasts (tenant_id, title, body, status) values ($1, $2, $3, 'completed') returning id`, [
        naiveComune.tenantId,
        BULLETIN.title,
        BULLETIN.body,
      ])
    ).rows[0].id as string;
    await pg.query(
      `insert into deliveries (tenant_id, whatsapp_number_id, lane, subscriber_id, recipient_hash, recipient_enc, broadcast_id)
       select tenant_id, $2, 'news', id, phone_hash, phone_enc, $3 from subscribers where tenant_id = $1`,
      [naiveComune.tenantId, naiveComune.numberId, naiveBroadcast],
    );
    log(`naive baseline: ${o.baselineMessages} Bull jobs, concurrency ${o.naiveConcurrency}, one UPDATE each`);
    snap = meter.snapshot();
    const naive = await runBaseline(
      {
        mode: 'naive',
        sandboxUrl,
        creds: { phoneNumberId: naiveComune.phoneNumberId, accessToken: naiveComune.accessToken },
        databaseUrl: api.env.settings.DATABASE_URL,
        redisUrl: api.env.settings.REDIS_URL,
        redisPrefix: `${api.env.settings.REDIS_PREFIX}:naive`,
        tenantId: naiveComune.tenantId,
        broadcastId: naiveBroadcast,
        concurrency: o.naiveConcurrency,
        connections: o.rawConnections,
        timeoutMs: 600_000,
      },
      childEnv,
      650_000,
    );
    const naiveCpu = Meter.diff(snap, meter.snapshot());
    log(`naive baseline: ${round(naive.mps, 0)} messages/s (${naive.ok} ok, ${naive.errors} errors, ${naive.rowsSent} rows sent, in ${naive.ms} ms)`);

    // The worker, as in production: its own process, settings from the environment.
    const workerEnv: Record<string, string> = {};
    for (const [k, v] of Object.entries(api.env.settings)) if (v !== undefined && v !== null) workerEnv[k] = String(v);
    workerEnv.WORKER_HEALTH_PORT = String(await freePort());
    worker = startChild('worker', 'apps/worker/src/main.js', [], workerEnv, (l) => /ERROR|WARN|Error|recovered/.test(l));
    await until('the worker to be healthy', async () => (await fetch(`http://127.0.0.1:${workerEnv.WORKER_HEALTH_PORT}/health`).then((r) => r.ok, () => false)) || undefined, 60_000, 250);
    b.workerPid = worker.proc.pid;
    meter.start(() => worker?.proc.pid);
    log(`worker ${worker.proc.pid} healthy, RSS ${round(b.workerRssMb(), 0)} MB`);

    const p1 = await attempt('phase 1', () => throughput(b, tp, alert, meter));
    const s1 = p1 ? await attempt('phase 1 settle', () => settle(b, 'phase 1', p1.ids)) : undefined;
    // Phase 2 measures the caps, so its total demand stays well below what this machine can send.
    const capacity = Math.min(raw.mps, p1?.mps ?? raw.mps);
    const capCount = o.capTenants || Math.min(o.capTenantsMax, Math.max(1, Math.floor((0.5 * capacity) / o.capMps)));
    const p2 = capCount > 0 ? await attempt('phase 2', () => caps(b, capComuni.slice(0, capCount), meter)) : undefined;
    const s2 = p2 ? await attempt('phase 2 settle', () => settle(b, 'phase 2', p2.ids)) : undefined;
    const p3 = await attempt('phase 3', () => overtake(b, big, alert, meter));

    const hwm = rssOf(worker.proc.pid!)?.hwmMb ?? 0;
    meter.stop();
    const workerPeak = Math.max(meter.workerPeakRssMb, hwm);
    await stopChild(worker);
    const workerExit = worker.proc.exitCode ?? worker.proc.signalCode;
    await cleanup();

    const urgentAll = [...(p1?.urgent ? [p1.urgent] : []), ...(p3?.trials ?? [])];
    const urgentTimes = urgentAll.map((t) => t.firstSentMs);
    const bacheca = p1?.mps ?? NaN;
    const result = {
      recipients: o.recipients,
      tenants: o.tenants,
      bacheca_mps: round(bacheca, 0),
      raw_mps: round(raw.mps, 0),
      naive_mps: round(naive.mps, 0),
      ratio_raw: round(bacheca / raw.mps, 2),
      ratio_naive: round(bacheca / naive.mps, 2),
      cap_error_max_pct: p2 ? round(p2.capErrorMaxPct, 1) : null,
      urgent_first_ms: urgentTimes.length && urgentTimes.every((t) => t !== null) ? Math.max(...(urgentTimes as number[])) : null,
      worker_peak_rss_mb: round(workerPeak, 0),
      aims: {
        half_raw: bacheca >= raw.mps / 2,
        twice_naive: bacheca >= 2 * naive.mps,
        caps_within_5pct: p2 ? p2.capErrorMaxPct <= 5 : null,
        urgent_under_1s: urgentTimes.length > 0 && urgentTimes.every((t) => t !== null && t < 1000),
        rss_under_400mb: workerPeak < 400,
      },
      phase1: p1 && {
        complete: p1.complete,
        ms: p1.ms,
        submit_ms: p1.submitMs,
        sent: p1.sent,
        not_sent: p1.notSent,
        sandbox_throttles: p1.sandboxThrottles,
        redis_commands_per_message: p1.redisCommandsPerMessage,
        rate_limiter_calls_per_message: p1.rateLimiterCallsPerMessage,
        webhook_events_pending_at_end: p1.eventsPendingAtEnd,
        statuses_settled_ms_after_end: s1?.settledMs ?? null,
        webhook_events_discarded: s1?.discarded ?? null,
        cpu_s: p1.cpuS,
        cpu_ms_per_message: perMessage(p1.cpuS, p1.sent),
        machine_busy_pct: p1.machineBusyPct,
      },
      phase2: p2 && {
        complete: p2.complete,
        comuni: capCount,
        comuni_chosen: o.capTenants ? 'by --cap-tenants' : `auto: half of min(raw ${round(raw.mps, 0)}, phase 1 ${round(p1?.mps ?? NaN, 0)}) / ${o.capMps} mps`,
        cap_mps: o.capMps,
        recipients_each: capRecipients,
        demand_mps: p2.demandMps,
        aggregate_mps: p2.aggregateMps,
        ms: p2.ms,
        ideal_ms: p2.idealMs,
        max_start_lag_ms: p2.maxStartLagMs,
        sandbox_throttles: p2.sandboxThrottles,
        not_sent: p2.notSent,
        webhook_events_discarded: s2?.discarded ?? null,
        cpu_s: p2.cpuS,
        machine_busy_pct: p2.machineBusyPct,
        per_tenant: p2.perTenant,
      },
      phase3: p3 && {
        normal_accepted_during: p3.normalAcceptedDuring,
        normal_mps_during: p3.normalMpsDuring,
        cpu_s: p3.cpuS,
        machine_busy_pct: p3.machineBusyPct,
      },
      urgent_trials: urgentAll,
      raw: {
        ...raw,
        cpu_s: withChild(rawCpu.cpuS, raw.cpuS),
        cpu_ms_per_message: perMessage(withChild(rawCpu.cpuS, raw.cpuS), raw.ok),
        machine_busy_pct: rawCpu.machineBusyPct,
      },
      naive: {
        ...naive,
        cpu_s: withChild(naiveCpu.cpuS, naive.cpuS),
        cpu_ms_per_message: perMessage(withChild(naiveCpu.cpuS, naive.cpuS), naive.ok),
        machine_busy_pct: naiveCpu.machineBusyPct,
      },
      config: {
        statuses: o.statuses,
        read_statuses: o.read,
        message_form: 'free text (every subscriber wrote within 24 h)',
        worker: 'child process (dist/bench/apps/worker/src/main.js); RSS sampled from /proc every 200 ms, and VmHWM',
        worker_exit: workerExit,
        cpus: cpus().length,
        node: process.version,
      },
      errors,
      wall_s: round((Date.now() - wall0) / 1000, 0),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return errors.length ? 1 : 0;
  } catch (err) {
    console.error(err instanceof Error ? err.stack : err);
    if (worker) console.error(`worker output (last lines):\n${worker.tail.slice(-30).join('\n')}`);
    await cleanup();
    return 1;
  }
}

runMain(main);
