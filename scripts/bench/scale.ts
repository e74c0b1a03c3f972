/**
 * Scale bench: a national deployment on one machine. `npm run bench:scale` (defaults: 8,000 comuni,
 * 2,000,000 subscribers); SCALE_COMUNI=500 SCALE_SUBSCRIBERS=100000 for a quick run. See
 * docs/performance.md ("Scale") for what each figure means and the figures of the last run.
 *
 * What it does:
 *   1. seeds a dedicated database (bacheca_bench_scale, dropped at the end) with bulk SQL: comuni,
 *      one WhatsApp number each (credentials sealed as the product seals them), an approved template,
 *      the comune's keyword set (libs/keywords presets), a privacy notice, and subscribers spread
 *      Zipf-like over the comuni (a few large towns, most with tens to hundreds), their numbers sealed
 *      and blind-indexed per comune with citizenPhoneCodec;
 *   2. starts the sandbox, the API and the worker as child processes (production entry points, settings
 *      in the environment) and measures the worker's RSS and the Redis connections and keys of the
 *      deployment with no comune active, with SCALE_ACTIVE_FEW comuni active and with all of them
 *      active (a citizen of each writes to its number through the sandbox and gets an answer);
 *   3. times, in-process against the seeded database, the lookups each inbound message makes: the
 *      number by Meta's phone_number_id (NumberDirectory, cold cache) and the subscriber by blind
 *      index (SubscribersRepository.byHash, inside the comune's transaction with its settings);
 *   4. a nationwide alert: SCALE_ALERT_COMUNI comuni, each logged in through the API, submit an urgent
 *      alert at the same moment; each number sends at its cap (SCALE_MPS); each comune's finish time
 *      is read from the sandbox (when it accepted the comune's last message).
 * The last line printed is one JSON object with the figures.
 */
import { randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { readdirSync, readFileSync, readlinkSync, statfsSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { AuditService } from '@bacheca/audit';
import { hashPassword } from '@bacheca/auth';
import { loadSettings, Settings } from '@bacheca/config';
import { BlindIndex, citizenPhoneCodec, SecretBox } from '@bacheca/crypto';
import { dropDatabase, provisionDatabase, runMigrations, TenantDb } from '@bacheca/database';
import { genericPreset, KEYWORD_PRESETS, PRESET_SLUGS } from '@bacheca/keywords';
import { NumberDirectory, secretContext, tokenContext, VERIFY_TOKEN_PURPOSE } from '@bacheca/numbers';
import { ServiceSettingsService, SubscribersRepository } from '@bacheca/subscriptions';
import { createApiApp } from '../../apps/api/src/create-api-app';
import { BULLETIN, cpuSecondsByName, cpuSecondsOf, freePort, httpJson, intEnv, log, machineCpu, numEnv, phoneOf, round, rssOf, runMain, sleep } from './common';
import { Child, startChild, stopChild, until } from './processes';

// ---------------------------------------------------------------------------------------------
// Options (environment, so `npm run bench:scale` needs no `--`)


const O = {
  comuni: intEnv('SCALE_COMUNI', 8000, 10, 899_999),
  subscribers: intEnv('SCALE_SUBSCRIBERS', 2_000_000, 100, 50_000_000),
  /** Exponent of the Zipf-like spread: the comune of rank r has about C / r^s subscribers. */
  zipf: numEnv('SCALE_ZIPF', 0.8, 0.1, 2),
  minPerComune: intEnv('SCALE_MIN_PER_COMUNE', 10, 1, 1000),
  activeFew: intEnv('SCALE_ACTIVE_FEW', 100, 1, 100_000),
  lookups: intEnv('SCALE_LOOKUPS', 5000, 100, 1_000_000),
  alertComuni: intEnv('SCALE_ALERT_COMUNI', 500, 1, 100_000),
  /** Recipients per comune in the alert at most (the rest of a large town's subscribers are left out). */
  alertCap: intEnv('SCALE_ALERT_CAP', 300, 1, 1_000_000),
  mps: intEnv('SCALE_MPS', 80, 1, 1000),
  /** Status webhooks of the alert: 'sink' (measures the send path and its fairness) or 'api' (real load). */
  statuses: (() => {
    // eslint-disable-next-line no-restricted-syntax -- the bench is a process edge
    const v = process.env.SCALE_STATUSES ?? 'sink';
    if (v !== 'sink' && v !== 'api') throw new Error('SCALE_STATUSES is sink or api');
    return v;
  })(),
  alertTimeoutS: intEnv('SCALE_ALERT_TIMEOUT_S', 900, 10, 7200),
  timeoutS: intEnv('SCALE_TIMEOUT_S', 5400, 60, 86_400),
};
if (O.activeFew >= O.comuni) O.activeFew = Math.max(1, Math.floor(O.comuni / 10));
if (O.alertComuni > O.comuni) O.alertComuni = O.comuni;

const DATABASE = 'bacheca_bench_scale';
const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const PASSWORD = `scale-${randomBytes(9).toString('base64url')}`;

// ---------------------------------------------------------------------------------------------
// The spread of subscribers

/**
 * Subscribers per comune, largest first: max(min, C / rank^s), C chosen so they add up to `total`.
 * With s = 0.8, 8,000 comuni and 2M subscribers the largest has about 78k, the 100th about 2k, the
 * median about 100 and the smallest about 60.
 */
function zipfSizes(comuni: number, total: number, s: number, min: number): number[] {
  const sizesFor = (c: number) => Array.from({ length: comuni }, (_, i) => Math.max(min, Math.floor(c / (i + 1) ** s)));
  let lo = 0;
  let hi = total;
  for (let k = 0; k < 100; k++) {
    const mid = (lo + hi) / 2;
    if (sizesFor(mid).reduce((a, b) => a + b, 0) > total) hi = mid;
    else lo = mid;
  }
  const sizes = sizesFor(lo);
  let rest = total - sizes.reduce((a, b) => a + b, 0);
  // Rounding leaves a few over or under: the largest towns absorb them.
  for (let i = 0; rest !== 0; i = (i + 1) % comuni) {
    if (rest > 0) {
      sizes[i]++;
      rest--;
    } else if (sizes[i] > min) {
      sizes[i]--;
      rest++;
    }
  }
  return sizes;
}

/**
 * Finish times under ideal fair sharing (processor sharing) of `capacity` messages/s among comuni that
 * each send at most `cap` per second: the reference the measured spread is compared with.
 */
function fairShareFinishes(ns: number[], capacity: number, cap: number): number[] {
  const sorted = sortNum(ns);
  const out: number[] = [];
  let t = 0;
  let done = 0;
  for (let i = 0; i < sorted.length; i++) {
    const rate = Math.min(cap, capacity / (sorted.length - i));
    t += (sorted[i] - done) / rate;
    done = sorted[i];
    out.push(t);
  }
  return out;
}

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : NaN);
const sortNum = (xs: number[]) => [...xs].sort((a, b) => a - b);

async function pool<T>(items: T[], concurrency: number, work: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i], i);
      }
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Redis: what belongs to this deployment on a shared server

/** TCP connections to Redis (port 6379) held by a process, from /proc (Linux). */
function redisSocketsOf(pid: number | undefined): number {
  if (!pid) return 0;
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodes.add(m[1]);
      } catch {
        // closed meanwhile
      }
    }
  } catch {
    return 0;
  }
  let n = 0;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10) continue;
      const remotePort = parseInt(f[2].split(':')[1], 16);
      if (remotePort === 6379 && f[3] === '01' && inodes.has(f[9])) n++;
    }
  }
  return n;
}

/** Keys under the deployment's prefix and the memory Redis reports for them (MEMORY USAGE, sampled exactly). */
async function redisFootprint(redis: Redis, prefix: string): Promise<{ keys: number; bytes: number; byKind: Record<string, number> }> {
  let cursor = '0';
  let keys = 0;
  let bytes = 0;
  const byKind: Record<string, number> = {};
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (!batch.length) continue;
    const p = redis.pipeline();
    for (const k of batch) p.memory('USAGE', k, 'SAMPLES', 0);
    const res = (await p.exec()) ?? [];
    batch.forEach((k, i) => {
      const b = Number(res[i]?.[1] ?? 0);
      bytes += b;
      keys++;
      // bacheca-bench-scale:abc:bull:delivery:123 → bull:delivery; …:rate:9300… → rate
      const rest = k.slice(prefix.length + 1).split(':');
      const kind = rest[0] === 'bull' ? `bull:${rest[1]}:${/^\d+$/.test(rest[2] ?? '') ? 'job' : (rest[2] ?? '')}` : rest[0];
      byKind[kind] = (byKind[kind] ?? 0) + 1;
    });
  } while (cursor !== '0');
  return { keys, bytes, byKind };
}

// ---------------------------------------------------------------------------------------------

interface SeededComune {
  rank: number;
  tenantId: string;
  slug: string;
  numberId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
  wabaId: string;
  accessToken: string;
  appSecret: string;
  size: number;
  firstPhone: number;
}

async function main(): Promise<number> {
  const wall0 = Date.now();
  const runId = randomBytes(4).toString('hex');
  const prefix = `bacheca-bench-scale:${runId}`;
  let sandbox: Child | undefined;
  let api: Child | undefined;
  let worker: Child | undefined;
  let inProc: INestApplication | undefined;
  let pg: Pool | undefined;
  let redis: Redis | undefined;
  let sink: Server | undefined;
  let cleaning: Promise<void> | undefined;
  // Every caller (the end, an error, a signal) waits for the same clean-up to finish.
  const cleanup = () => (cleaning ??= doCleanup());
  async function doCleanup() {
    await stopChild(worker);
    await stopChild(api);
    await inProc?.close().catch(() => undefined);
    await pg?.end().catch(() => undefined);
    await stopChild(sandbox);
    sink?.closeAllConnections();
    sink?.close();
    await dropDatabase(ADMIN_URL, DATABASE).catch((e: Error) => log(`cleanup: ${e.message}`));
    if (redis) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        if (keys.length) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      redis.disconnect();
    }
  }
  const hardStop = setTimeout(() => {
    console.error(`bench: hard timeout of ${O.timeoutS} s reached`);
    void cleanup().finally(() => process.exit(2));
  }, O.timeoutS * 1000);
  hardStop.unref();
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));
  process.once('SIGTERM', () => void cleanup().finally(() => process.exit(143)));
  const errors: string[] = [];

  try {
    const disk0 = statfsSync('/work');
    log(`options ${JSON.stringify(O)}; ${cpus().length} CPUs, ${round(totalmem() / 2 ** 30)} GiB RAM, node ${process.version}`);
    log(`disk free before: ${round((disk0.bavail * disk0.bsize) / 2 ** 30)} GiB`);

    // --- the database -----------------------------------------------------------------------
    const appUrl = `postgres://bacheca_app@127.0.0.1:5432/${DATABASE}`;
    const ownerUrl = `postgres://bacheca_owner@127.0.0.1:5432/${DATABASE}`;
    await dropDatabase(ADMIN_URL, DATABASE); // a previous run killed hard
    await provisionDatabase(ADMIN_URL, { database: DATABASE, appRole: 'bacheca_app', ownerRole: 'bacheca_owner' });
    await runMigrations(ownerUrl);
    const sandboxPort = await freePort();
    const apiPort = await freePort();
    const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const settings: Settings = loadSettings({
      NODE_ENV: 'test',
      DATABASE_URL: appUrl,
      DATABASE_OWNER_URL: ownerUrl,
      DATABASE_POOL_SIZE: '10',
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_PREFIX: prefix,
      JWT_SECRET: randomBytes(32).toString('hex'),
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
      GRAPH_API_BASE_URL: sandboxUrl,
      API_PORT: String(apiPort),
      PUBLIC_BASE_URL: apiUrl,
      WORKER_HEALTH_PORT: String(await freePort()),
    });
    // Bulk seeding as the superuser (row-level security does not apply to it), as the delivery bench does.
    pg = new Pool({ connectionString: `postgres://postgres@127.0.0.1:5432/${DATABASE}`, max: 3 });
    redis = new Redis(settings.REDIS_URL);
    const box = new SecretBox(settings.ENCRYPTION_KEY);
    const index = new BlindIndex(settings.BLIND_INDEX_KEY);
    log(`database ${DATABASE}, Redis prefix ${prefix}`);

    // --- seeding ----------------------------------------------------------------------------
    const sizes = zipfSizes(O.comuni, O.subscribers, O.zipf, O.minPerComune);
    const sortedSizes = sortNum(sizes);
    const spread = {
      zipf_s: O.zipf,
      largest: sizes.slice(0, 5),
      p50: pct(sortedSizes, 50),
      p90: pct(sortedSizes, 90),
      p99: pct(sortedSizes, 99),
      smallest: sortedSizes[0],
      over_10k: sizes.filter((s) => s > 10_000).length,
      under_500: sizes.filter((s) => s < 500).length,
      share_of_top_1pct: round(sizes.slice(0, Math.ceil(O.comuni / 100)).reduce((a, b) => a + b, 0) / O.subscribers, 3),
    };
    log(`spread of subscribers: ${JSON.stringify(spread)}`);

    const tSeed = Date.now();
    const provinces = ['MI', 'TO', 'RM', 'NA', 'PI', 'VA', 'BG', 'BS', 'PA', 'BA', 'FI', 'BO', 'VE', 'GE', 'CA', 'TN'];
    const comuniRows = (
      await pg.query(
        `insert into comuni (slug, name, istat_code, province, status, contact_url)
         select 'scala-' || lpad(i::text, 6, '0'), 'Comune di Scala ' || i, lpad((100000 + i)::text, 6, '0'),
                ($2::text[])[1 + i % cardinality($2::text[])], 'active', 'https://www.comune.example.it/contatti'
           from generate_series(1, $1::int) as i
         returning id, slug`,
        [O.comuni, provinces],
      )
    ).rows as { id: string; slug: string }[];
    comuniRows.sort((a, b) => a.slug.localeCompare(b.slug));
    const comuni: SeededComune[] = [];
    let firstPhone = 0;
    for (const [rank, row] of comuniRows.entries()) {
      const pnid = String(930_000_000_000_000 + rank + 1);
      comuni.push({
        rank,
        tenantId: row.id,
        slug: row.slug,
        numberId: '',
        phoneNumberId: pnid,
        displayPhoneNumber: `+39 02 ${String(10_000_000 + rank + 1)}`,
        wabaId: String(940_000_000_000_000 + rank + 1),
        accessToken: `scale-${randomBytes(18).toString('base64url')}`,
        appSecret: randomBytes(18).toString('base64url'),
        size: sizes[rank],
        firstPhone,
      });
      firstPhone += sizes[rank];
    }
    // Numbers: credentials sealed under their contexts exactly as NumbersService.register does.
    for (let i = 0; i < comuni.length; i += 2000) {
      const chunk = comuni.slice(i, i + 2000);
      const res = await pg.query(
        `insert into whatsapp_numbers (tenant_id, phone_number_id, display_phone_number, waba_id, access_token_enc, app_secret_enc,
                                       verify_token_hash, mps, messaging_limit_tier)
         select t, p, d, w, a, s, v, $8, 'TIER_UNLIMITED'
           from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::bytea[], $6::bytea[], $7::bytea[]) as x(t, p, d, w, a, s, v)
         returning id, phone_number_id`,
        [
          chunk.map((c) => c.tenantId),
          chunk.map((c) => c.phoneNumberId),
          chunk.map((c) => c.displayPhoneNumber),
          chunk.map((c) => c.wabaId),
          chunk.map((c) => box.seal(c.accessToken, tokenContext(c.phoneNumberId))),
          chunk.map((c) => box.seal(c.appSecret, secretContext(c.phoneNumberId))),
          chunk.map(() => index.of(VERIFY_TOKEN_PURPOSE, randomBytes(16).toString('base64url'))),
          O.mps,
        ],
      );
      const byPnid = new Map((res.rows as { id: string; phone_number_id: string }[]).map((r) => [r.phone_number_id, r.id]));
      for (const c of chunk) c.numberId = byPnid.get(c.phoneNumberId)!;
    }
    await pg.query(
      `insert into whatsapp_templates (tenant_id, whatsapp_number_id, name, language, category, body, param_count, unsubscribe_button, status)
       select n.tenant_id, n.id, 'bacheca_avviso', 'it', 'UTILITY', 'Il Comune informa: {{1}}', 1, true, 'APPROVED' from whatsapp_numbers n`,
    );
    // Keyword sets: the five seed towns' presets and the generic one, in turn.
    const presets = [...PRESET_SLUGS.map((s) => JSON.stringify(KEYWORD_PRESETS[s]())), JSON.stringify(genericPreset())];
    for (let i = 0; i < comuni.length; i += 1000) {
      const chunk = comuni.slice(i, i + 1000);
      await pg.query(
        `insert into service_settings (tenant_id, keyword_set) select t, k::jsonb from unnest($1::uuid[], $2::text[]) as x(t, k)`,
        [chunk.map((c) => c.tenantId), chunk.map((c) => presets[c.rank % presets.length])],
      );
    }
    await pg.query(
      `insert into privacy_notices (tenant_id, version, title, url, effective_from)
       select id, 1, 'Informativa sul servizio WhatsApp', 'https://www.comune.example.it/privacy-whatsapp', now() - interval '1 year' from comuni`,
    );
    log(`seeded ${O.comuni} comuni, numbers, templates, keyword sets and notices in ${round((Date.now() - tSeed) / 1000)} s`);

    // Subscribers: sealed and hashed per comune, 20,000 rows per statement, the next batch computed
    // while the previous one is being written.
    const tSubs = Date.now();
    let cryptoMs = 0;
    let pending: Promise<unknown> = Promise.resolve();
    let batch = { t: [] as string[], h: [] as Buffer[], e: [] as Buffer[], li: [] as number[] };
    const flush = async () => {
      const b = batch;
      batch = { t: [], h: [], e: [], li: [] };
      await pending;
      pending = pg!.query(
        `insert into subscribers (tenant_id, phone_hash, phone_enc, status, subscribed_at, state_changed_at, last_inbound_at, notice_version)
         select t, h, e, 'active', now() - make_interval(days => 400), now() - make_interval(days => 400), now() - make_interval(secs => li), 1
           from unnest($1::uuid[], $2::bytea[], $3::bytea[], $4::int[]) as x(t, h, e, li)`,
        [b.t, b.h, b.e, b.li],
      );
    };
    let done = 0;
    let lastLog = Date.now();
    for (const c of comuni) {
      const codec = citizenPhoneCodec(box, index, c.tenantId);
      for (let k = 0; k < c.size; k++) {
        const phone = phoneOf(c.firstPhone + k);
        const t = performance.now();
        batch.h.push(codec.hash(phone));
        batch.e.push(codec.seal(phone));
        cryptoMs += performance.now() - t;
        batch.t.push(c.tenantId);
        // Last message from the citizen: spread over 60 days, so about 1 in 60 is inside the 24-hour window.
        batch.li.push(Math.floor(Math.random() * 60 * 86_400));
        if (batch.t.length >= 20_000) await flush();
      }
      done += c.size;
      if (Date.now() - lastLog > 15_000) {
        lastLog = Date.now();
        log(`subscribers: ${done}/${O.subscribers} (${round(done / ((Date.now() - tSubs) / 1000), 0)}/s)`);
      }
    }
    if (batch.t.length) await flush();
    await pending;
    const subsS = (Date.now() - tSubs) / 1000;
    await pg.query('analyze');
    const [{ db_bytes, subs_bytes }] = (
      await pg.query(`select pg_database_size(current_database()) as db_bytes, pg_total_relation_size('subscribers') as subs_bytes`)
    ).rows;
    const seeding = {
      seconds: round((Date.now() - tSeed) / 1000, 0),
      subscribers_s: round(subsS, 0),
      subscribers_per_s: round(O.subscribers / subsS, 0),
      seal_and_hash_us_per_subscriber: round((cryptoMs * 1000) / O.subscribers, 1),
      database_mb: round(Number(db_bytes) / 2 ** 20, 0),
      subscribers_table_mb: round(Number(subs_bytes) / 2 ** 20, 0),
    };
    log(`seeded ${O.subscribers} subscribers in ${round(subsS)} s; ${JSON.stringify(seeding)}`);

    // --- processes ----------------------------------------------------------------------------
    sink = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200).end());
    });
    await new Promise<void>((resolve) => sink!.listen(0, '127.0.0.1', resolve));
    const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/webhook`;
    sandbox = startChild(
      'sandbox',
      'apps/sandbox/src/main.js',
      [],
      {
        SANDBOX_HOST: '127.0.0.1',
        SANDBOX_PORT: String(sandboxPort),
        SANDBOX_LOG_LEVEL: 'error',
        SANDBOX_SEND_READ: 'false',
        SANDBOX_MESSAGE_LOG_CAP: String(Math.max(200_000, O.alertComuni * O.alertCap + 20_000)),
      },
      () => true,
    );
    await until('the sandbox', async () => (await fetch(`${sandboxUrl}/_sandbox/health`).then((r) => r.ok, () => false)) || undefined, 30_000, 200);
    const childEnv: Record<string, string> = {};
    for (const [k, v] of Object.entries(settings)) if (v !== undefined && v !== null) childEnv[k] = String(v);
    api = startChild('api', 'apps/api/src/main.js', [], childEnv, (l) => /ERROR|Error|WARN/.test(l));
    await until('the API', async () => (await fetch(`${apiUrl}/health/live`).then((r) => r.ok, () => false)) || undefined, 60_000, 250);
    worker = startChild('worker', 'apps/worker/src/main.js', [], childEnv, (l) => /ERROR|WARN|Error/.test(l));
    await until('the worker', async () => (await fetch(`http://127.0.0.1:${settings.WORKER_HEALTH_PORT}/health`).then((r) => r.ok, () => false)) || undefined, 60_000, 250);
    log(`sandbox ${sandboxUrl}, API ${apiUrl} (pid ${api.proc.pid}), worker pid ${worker.proc.pid}`);

    // Every number in the sandbox, its webhooks to the API.
    const tReg = Date.now();
    await pool(comuni, 16, async (c) => {
      await httpJson('POST', `${sandboxUrl}/_sandbox/numbers`, {
        phoneNumberId: c.phoneNumberId,
        displayPhoneNumber: c.displayPhoneNumber,
        wabaId: c.wabaId,
        accessToken: c.accessToken,
        appSecret: c.appSecret,
        callbackUrl: `${apiUrl}/webhooks/whatsapp`,
        mps: O.mps,
        label: c.slug,
      });
    });
    log(`registered ${comuni.length} numbers in the sandbox in ${round((Date.now() - tReg) / 1000)} s`);

    // --- memory and connections against the number of active comuni ---------------------------
    const footprint = async (label: string, active: number) => {
      // Idle first: the sweeper runs every 30 s, the rate-limiter keys expire within about a second.
      // RSS moves with garbage collection, so it is sampled every second and the median kept.
      const wRss: number[] = [];
      const aRss: number[] = [];
      for (let i = 0; i < 30; i++) {
        await sleep(1000);
        wRss.push(rssOf(worker!.proc.pid!)?.rssMb ?? NaN);
        aRss.push(rssOf(api!.proc.pid!)?.rssMb ?? NaN);
      }
      const f = await redisFootprint(redis!, prefix);
      const info = await redis!.info('clients');
      const mem = await redis!.info('memory');
      const snap = {
        label,
        active_comuni: active,
        worker_rss_mb: round(pct(sortNum(wRss), 50), 1),
        worker_rss_range_mb: [round(Math.min(...wRss), 1), round(Math.max(...wRss), 1)],
        api_rss_mb: round(pct(sortNum(aRss), 50), 1),
        api_rss_range_mb: [round(Math.min(...aRss), 1), round(Math.max(...aRss), 1)],
        worker_redis_connections: redisSocketsOf(worker!.proc.pid),
        api_redis_connections: redisSocketsOf(api!.proc.pid),
        redis_keys: f.keys,
        redis_key_bytes: f.bytes,
        redis_keys_by_kind: f.byKind,
        redis_server_connected_clients: Number(/connected_clients:(\d+)/.exec(info)?.[1] ?? NaN),
        redis_server_used_memory_mb: round(Number(/used_memory:(\d+)/.exec(mem)?.[1] ?? NaN) / 2 ** 20, 1),
        postgres_connections: Number(
          (await pg!.query(`select count(*)::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [DATABASE])).rows[0].n,
        ),
      };
      log(`footprint ${label}: ${JSON.stringify(snap)}`);
      return snap;
    };

    /** A citizen of each comune writes AIUTO through the sandbox; waits until every answer is sent and every webhook processed. */
    const activate = async (list: SeededComune[]) => {
      const t0 = Date.now();
      const latencies: number[] = [];
      let failed = 0;
      await pool(list, 32, async (c) => {
        const p0 = performance.now();
        const r = await httpJson<{ callbackStatus: number | null }>('POST', `${sandboxUrl}/_sandbox/inbound`, {
          phoneNumberId: c.phoneNumberId,
          from: phoneOf(c.firstPhone + Math.floor(Math.random() * c.size)),
          text: 'aiuto',
        });
        latencies.push(performance.now() - p0);
        if (r.callbackStatus !== 200) failed++;
      });
      const tenants = list.map((c) => c.tenantId);
      await until(
        'the answers to be sent and every webhook processed',
        async () => {
          const [r] = (
            await pg!.query(
              `select (select count(*)::int from webhook_events where processed_at is null) as events,
                      (select count(*)::int from deliveries where lane = 'reply' and tenant_id = any($1::uuid[]) and status in ('sent', 'delivered', 'read', 'failed')) as answered`,
              [tenants],
            )
          ).rows;
          return r.events === 0 && r.answered >= list.length ? true : undefined;
        },
        Math.max(120_000, list.length * 200),
        1000,
      );
      const l = sortNum(latencies);
      const result = {
        comuni: list.length,
        seconds: round((Date.now() - t0) / 1000, 1),
        webhook_intake_p50_ms: round(pct(l, 50), 1),
        webhook_intake_p99_ms: round(pct(l, 99), 1),
        webhook_refused: failed,
      };
      log(`activated ${list.length} comuni: ${JSON.stringify(result)}`);
      return result;
    };

    const shuffled = [...comuni].sort(() => Math.random() - 0.5);
    const fp0 = await footprint('none active', 0);
    const act1 = await activate(shuffled.slice(0, O.activeFew));
    const fp1 = await footprint(`${O.activeFew} active`, O.activeFew);
    const act2 = await activate(shuffled.slice(O.activeFew));
    const fp2 = await footprint('all active', O.comuni);
    const extra = O.comuni - O.activeFew;
    const perComune = {
      worker_rss_kb: round(((fp2.worker_rss_mb - fp1.worker_rss_mb) * 1024) / extra, 2),
      api_rss_kb: round(((fp2.api_rss_mb - fp1.api_rss_mb) * 1024) / extra, 2),
      redis_bytes: round((fp2.redis_key_bytes - fp1.redis_key_bytes) / extra, 1),
      redis_connections: round((fp2.worker_redis_connections + fp2.api_redis_connections - fp1.worker_redis_connections - fp1.api_redis_connections) / extra, 4),
    };
    log(`per extra active comune: ${JSON.stringify(perComune)}`);

    // --- lookups, in-process against the seeded data -----------------------------------------
    inProc = await createApiApp(settings); // not listening: only its services are used
    const db = inProc.get(TenantDb);
    const subscribersRepo = inProc.get(SubscribersRepository);
    const serviceSettings = inProc.get(ServiceSettingsService);
    const audit = inProc.get(AuditService);
    const cumulative: number[] = [];
    for (const c of comuni) cumulative.push((cumulative[cumulative.length - 1] ?? 0) + c.size);
    const pickComune = () => {
      // Messages come from citizens, so a comune is picked in proportion to its subscribers.
      const r = Math.random() * O.subscribers;
      let lo = 0;
      let hi = comuni.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid] > r) hi = mid;
        else lo = mid + 1;
      }
      return comuni[lo];
    };
    const times = { number: [] as number[], subscriber: [] as number[], settings: [] as number[], transaction: [] as number[], total: [] as number[] };
    let found = 0;
    let unknownAsked = 0;
    for (let i = 0; i < O.lookups + 200; i++) {
      const c = pickComune();
      // One message in ten is from someone not (yet) subscribed.
      const stranger = Math.random() < 0.1;
      const phone = stranger ? phoneOf(O.subscribers + 1_000_000 + i) : phoneOf(c.firstPhone + Math.floor(Math.random() * c.size));
      const t0 = performance.now();
      // A fresh directory: the cold path (a cache miss), the worst case every 10 s per number.
      const directory = new NumberDirectory(db, box, index, audit);
      const number = (await directory.byPhoneNumberIds([c.phoneNumberId])).get(c.phoneNumberId);
      const t1 = performance.now();
      if (!number || number.tenantId !== c.tenantId) throw new Error(`lookup: number ${c.phoneNumberId} not found`);
      const hash = citizenPhoneCodec(box, index, number.tenantId).hash(phone);
      let tSettings = 0;
      let tSubscriber = 0;
      const sub = await db.inTenant(number.tenantId, async (em) => {
        const a = performance.now();
        await serviceSettings.load(em, number.tenantId);
        const b = performance.now();
        const s = await subscribersRepo.byHash(em, number.tenantId, hash);
        tSubscriber = performance.now() - b;
        tSettings = b - a;
        return s;
      });
      const t2 = performance.now();
      if (i < 200) continue; // warm-up: connections, prepared plans
      if (stranger) unknownAsked++;
      if (sub) found++;
      if (!stranger && !sub) throw new Error(`lookup: a seeded subscriber of ${c.slug} was not found`);
      times.number.push(t1 - t0);
      times.settings.push(tSettings);
      times.subscriber.push(tSubscriber);
      times.transaction.push(t2 - t1);
      times.total.push(t2 - t0);
    }
    const summary = (xs: number[]) => {
      const s = sortNum(xs);
      return { p50: round(pct(s, 50), 2), p90: round(pct(s, 90), 2), p99: round(pct(s, 99), 2), max: round(s[s.length - 1], 2) };
    };
    // The plan of the product's subscriber lookup, as the application role sees it under row-level security.
    const explainer = new Pool({ connectionString: appUrl, max: 1 });
    const ec = await explainer.connect();
    let plans: string[] = [];
    const rlsOnly: number[] = [];
    try {
      await ec.query('begin');
      await ec.query(`select set_config('app.tenant_id', $1, true)`, [comuni[0].tenantId]);
      const plan = async (sql: string, params: unknown[]) =>
        (await ec.query(`explain ${sql}`, params)).rows.map((r: Record<string, string>) => r['QUERY PLAN'].trim()).join(' | ');
      // Before and after naming the comune in the WHERE (SubscribersRepository.byHash).
      plans = [
        `row-level security alone: ${await plan('select id from subscribers where phone_hash = $1 limit 1', [Buffer.alloc(32)])}`,
        `comune named: ${await plan('select id from subscribers where tenant_id = $1 and phone_hash = $2 limit 1', [comuni[0].tenantId, Buffer.alloc(32)])}`,
      ];
      // What the lookup cost before the comune was named: the same query under row-level security alone.
      for (let i = 0; i < 30; i++) {
        const c = comuni[Math.floor(Math.random() * comuni.length)];
        await ec.query(`select set_config('app.tenant_id', $1, true)`, [c.tenantId]);
        const t = performance.now();
        await ec.query('select id from subscribers where phone_hash = $1 limit 1', [citizenPhoneCodec(box, index, c.tenantId).hash(phoneOf(c.firstPhone))]);
        rlsOnly.push(performance.now() - t);
      }
      await ec.query('commit');
    } finally {
      ec.release();
      await explainer.end();
    }
    const lookup = {
      method: 'in-process: NumberDirectory.byPhoneNumberIds (new instance: cold cache) + TenantDb.inTenant(ServiceSettingsService.load + SubscribersRepository.byHash), one at a time',
      samples: times.total.length,
      unknown_citizens: unknownAsked,
      subscribers_found: found,
      number_ms: summary(times.number),
      settings_ms: summary(times.settings),
      subscriber_ms: summary(times.subscriber),
      comune_transaction_ms: summary(times.transaction),
      total_ms: summary(times.total),
      subscriber_ms_without_comune_in_where: summary(rlsOnly),
    };
    log(`lookups: ${JSON.stringify(lookup)}`);
    for (const p of plans) log(`plan of a subscriber lookup by number: ${p}`);

    // --- the nationwide alert ----------------------------------------------------------------
    const stride = comuni.length / O.alertComuni;
    // Every stride-th comune by size (so large, middle and small ones), submitted in random order so
    // that the order of submits does not line up with size.
    const alertComuni = Array.from({ length: O.alertComuni }, (_, i) => comuni[Math.floor(i * stride)]).sort(() => Math.random() - 0.5);
    const recipientsOf = (c: SeededComune) => Math.min(c.size, O.alertCap);
    // Larger towns are cut to the cap: the subscribers beyond it are left out of the audience
    // (pending confirmation), so the run lasts minutes rather than hours on two cores.
    await pg.query(
      `update subscribers s set status = 'pending_confirmation'
         from (select id, row_number() over (partition by tenant_id order by id) as rn from subscribers where tenant_id = any($1::uuid[])) x
        where s.id = x.id and x.rn > $2`,
      [alertComuni.filter((c) => c.size > O.alertCap).map((c) => c.tenantId), O.alertCap],
    );
    const passwordHash = await hashPassword(PASSWORD);
    await pg.query(
      `insert into staff_users (tenant_id, email, full_name, password_hash, role)
       select t, 'redazione@' || s || '.example.org', 'Redazione', $3, 'sender' from unnest($1::uuid[], $2::text[]) as x(t, s)`,
      [alertComuni.map((c) => c.tenantId), alertComuni.map((c) => c.slug), passwordHash],
    );
    if (O.statuses === 'sink') {
      await pool(alertComuni, 16, async (c) => {
        await httpJson('POST', `${sandboxUrl}/_sandbox/numbers`, {
          phoneNumberId: c.phoneNumberId,
          displayPhoneNumber: c.displayPhoneNumber,
          wabaId: c.wabaId,
          accessToken: c.accessToken,
          appSecret: c.appSecret,
          callbackUrl: sinkUrl,
          mps: O.mps,
          label: c.slug,
        });
      });
    }
    const tokens = new Map<string, string>();
    const tLogin = Date.now();
    await pool(alertComuni, 4, async (c) => {
      const r = await httpJson<{ accessToken: string }>('POST', `${apiUrl}/api/v1/auth/login`, { email: `redazione@${c.slug}.example.org`, password: PASSWORD });
      tokens.set(c.tenantId, r.accessToken);
    });
    log(`${alertComuni.length} staff logged in through the API in ${round((Date.now() - tLogin) / 1000)} s`);
    const authed = async <T>(c: SeededComune, method: string, path: string, body?: unknown): Promise<T> => {
      const res = await fetch(`${apiUrl}${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(c.tenantId)}` },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(120_000),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
      return JSON.parse(text) as T;
    };
    const drafts = new Map<string, string>();
    await pool(alertComuni, 8, async (c) => {
      const b = await authed<{ id: string }>(c, 'POST', '/api/v1/broadcasts', { title: 'Allerta meteo rossa', body: BULLETIN.body, priority: 'urgent' });
      drafts.set(c.tenantId, b.id);
    });
    await httpJson('DELETE', `${sandboxUrl}/_sandbox/messages`);
    const expected = alertComuni.reduce((a, c) => a + recipientsOf(c), 0);
    log(`alert: ${alertComuni.length} comuni, ${expected} recipients (at most ${O.alertCap} each, ${O.mps} mps per number), statuses to ${O.statuses}`);

    const cpuPids = () => ({ worker: worker?.proc.pid, api: api?.proc.pid, sandbox: sandbox?.proc.pid, bench: process.pid });
    const cpuSnap = () => {
      const cpu: Record<string, number> = {};
      for (const [k, pid] of Object.entries(cpuPids())) if (pid) cpu[k] = cpuSecondsOf(pid);
      const shared = cpuSecondsByName(['postgres', 'redis-server']);
      return { cpu: { ...cpu, postgres: shared.postgres, redis: shared['redis-server'] } as Record<string, number>, machine: machineCpu() };
    };
    let peakWorkerRss = 0;
    let peakRedisKeys = 0;
    const sampler = setInterval(() => (peakWorkerRss = Math.max(peakWorkerRss, rssOf(worker!.proc.pid!)?.rssMb ?? 0)), 250);
    const c0 = cpuSnap();
    const t0 = Date.now();
    const submitMs = new Map<string, number>();
    const submitErrors: string[] = [];
    let retries503 = 0;
    // As the API guide tells integrators: a 503 is retried with backoff (the API's database pool
    // queues a burst of submits, and a request that waits longer than the pool's timeout gets a 503).
    await Promise.all(
      alertComuni.map(async (c) => {
        for (let attempt = 0; ; attempt++) {
          try {
            await authed(c, 'POST', `/api/v1/broadcasts/${drafts.get(c.tenantId)}/submit`);
            submitMs.set(c.tenantId, Date.now() - t0);
            return;
          } catch (err) {
            // A retry refused because the broadcast is no longer a draft: the earlier attempt went through.
            if (attempt > 0 && /NOT_DRAFT/.test((err as Error).message)) {
              submitMs.set(c.tenantId, Date.now() - t0);
              return;
            }
            if (/: 503 /.test((err as Error).message) && attempt < 8) {
              retries503++;
              await sleep(Math.min(8000, 500 * 2 ** attempt) * (0.5 + Math.random()));
              continue;
            }
            submitErrors.push(`${c.slug}: ${(err as Error).message}`);
            return;
          }
        }
      }),
    );
    log(`alert: ${submitMs.size} submitted in ${round((Date.now() - t0) / 1000, 1)} s (${retries503} retries after 503), ${submitErrors.length} refused${submitErrors.length ? `: ${submitErrors.slice(0, 3).join('; ')}` : ''}`);
    if (submitErrors.length) errors.push(`alert submits refused: ${submitErrors.length} (${submitErrors[0]})`);
    const submitted = alertComuni.filter((c) => submitMs.has(c.tenantId));
    const ids = submitted.map((c) => drafts.get(c.tenantId)!);
    const expectedSent = submitted.reduce((a, c) => a + recipientsOf(c), 0);
    let complete = false;
    let lastLog2 = 0;
    for (;;) {
      const [r] = (
        await pg.query(
          `select count(*)::int as total, count(*) filter (where status in ('sent', 'delivered', 'read'))::int as sent,
                  count(*) filter (where status in ('failed', 'uncertain', 'expired', 'cancelled'))::int as stuck
             from deliveries where broadcast_id = any($1::uuid[])`,
          [ids],
        )
      ).rows;
      if (r.total >= expectedSent && r.sent + r.stuck >= r.total) {
        complete = true;
        break;
      }
      if (Date.now() - t0 > O.alertTimeoutS * 1000) break;
      if (Date.now() - lastLog2 > 10_000) {
        lastLog2 = Date.now();
        const k = await redis.dbsize().catch(() => 0);
        peakRedisKeys = Math.max(peakRedisKeys, k);
        log(`alert: ${r.sent}/${expectedSent} sent, ${r.stuck} not sent after ${round((Date.now() - t0) / 1000, 0)} s; worker RSS ${round(rssOf(worker.proc.pid!)?.rssMb ?? 0, 0)} MB`);
      }
      await sleep(1000);
    }
    const c1 = cpuSnap();
    clearInterval(sampler);
    const alertWallS = (Date.now() - t0) / 1000;
    const [final] = (
      await pg.query(
        `select count(*) filter (where status in ('sent', 'delivered', 'read'))::int as sent,
                count(*) filter (where status in ('failed', 'uncertain', 'expired', 'cancelled'))::int as stuck
           from deliveries where broadcast_id = any($1::uuid[])`,
        [ids],
      )
    ).rows;
    if (!complete) errors.push(`alert not finished within ${O.alertTimeoutS} s (${final.sent}/${expectedSent} sent)`);
    const sandboxThrottled = (await httpJson<{ code?: number }[]>('GET', `${sandboxUrl}/_sandbox/rejections?since=${t0}&limit=200000`)).filter(
      (x) => x.code === 130429,
    ).length;

    // Each comune's first and last message as accepted by the sandbox.
    const per: { slug: string; size: number; n: number; accepted: number; startS: number; finishS: number; idealS: number; lateS: number; achievedMps: number }[] = [];
    await pool(submitted, 8, async (c) => {
      const res = await httpJson<{ messages: { receivedAt: string }[] }>(
        'GET',
        `${sandboxUrl}/_sandbox/messages?phoneNumberId=${c.phoneNumberId}&since=${t0}&limit=200000`,
      );
      const at = res.messages.map((m) => Date.parse(m.receivedAt)).sort((a, b) => a - b);
      if (!at.length) return;
      const n = recipientsOf(c);
      const idealS = n / O.mps;
      const finishS = (at[at.length - 1] - t0) / 1000;
      per.push({
        slug: c.slug,
        size: c.size,
        n,
        accepted: at.length,
        startS: (at[0] - t0) / 1000,
        finishS,
        idealS,
        lateS: finishS - idealS,
        achievedMps: at.length > 1 ? ((at.length - 1) * 1000) / Math.max(1, at[at.length - 1] - at[0]) : NaN,
      });
    });
    const finishes = sortNum(per.map((p) => p.finishS));
    const lates = sortNum(per.map((p) => p.lateS));
    const starts = sortNum(per.map((p) => p.startS));
    const rates = sortNum(per.map((p) => p.achievedMps).filter(Number.isFinite));
    const cpuS: Record<string, number> = {};
    let ours = 0;
    for (const k of Object.keys(c1.cpu)) {
      cpuS[k] = round(c1.cpu[k] - (c0.cpu[k] ?? 0), 1);
      ours += cpuS[k];
    }
    const busy = c1.machine.busy - c0.machine.busy;
    cpuS.other = round(Math.max(0, busy - ours), 1);
    const totalAccepted = per.reduce((a, p) => a + p.accepted, 0);
    const bySize = (lo: number, hi: number) => {
      const g = per.filter((p) => p.n >= lo && p.n < hi);
      const f = sortNum(g.map((p) => p.finishS));
      return { comuni: g.length, finish_p50_s: round(pct(f, 50), 1), finish_max_s: round(f[f.length - 1], 1) };
    };
    const alert = {
      comuni: alertComuni.length,
      submitted: submitted.length,
      recipients: expectedSent,
      cap_per_comune: O.alertCap,
      mps_per_number: O.mps,
      demand_mps: alertComuni.length * O.mps,
      statuses: O.statuses,
      complete,
      sent: final.sent,
      not_sent: final.stuck,
      accepted_by_sandbox: totalAccepted,
      sandbox_throttled: sandboxThrottled,
      submit_retries_after_503: retries503,
      submit_s: { p50: round(pct(sortNum([...submitMs.values()]), 50) / 1000, 2), max: round(Math.max(...submitMs.values()) / 1000, 2) },
      wall_s: round(alertWallS, 1),
      aggregate_mps: round(totalAccepted / Math.max(0.001, finishes[finishes.length - 1] ?? NaN), 0),
      start_s: { min: round(starts[0], 1), p10: round(pct(starts, 10), 1), p50: round(pct(starts, 50), 1), p90: round(pct(starts, 90), 1), max: round(starts[starts.length - 1], 1) },
      finish_s: { min: round(finishes[0], 1), p10: round(pct(finishes, 10), 1), p50: round(pct(finishes, 50), 1), p90: round(pct(finishes, 90), 1), max: round(finishes[finishes.length - 1], 1) },
      lateness_s: { min: round(lates[0], 1), p10: round(pct(lates, 10), 1), p50: round(pct(lates, 50), 1), p90: round(pct(lates, 90), 1), max: round(lates[lates.length - 1], 1) },
      finish_spread_s: round(lates[lates.length - 1] - lates[0], 1),
      // The same alert under ideal fair sharing of the rate this machine achieved (see the function).
      fair_share_reference: (() => {
        const capacity = totalAccepted / Math.max(0.001, finishes[finishes.length - 1] ?? NaN);
        const f = fairShareFinishes(per.map((p) => p.n), capacity, O.mps);
        const late = sortNum(per.map((p) => p.n).sort((x, y) => x - y).map((n, i) => f[i] - n / O.mps));
        return { capacity_mps: round(capacity, 0), finish_max_s: round(f[f.length - 1], 1), lateness_spread_s: round(late[late.length - 1] - late[0], 1) };
      })(),
      finish_spread_p90_p10_s: round(pct(lates, 90) - pct(lates, 10), 1),
      achieved_mps_per_comune: { p10: round(pct(rates, 10), 1), p50: round(pct(rates, 50), 1), max: round(rates[rates.length - 1], 1) },
      by_size: { under_100: bySize(0, 100), '100_to_cap': bySize(100, O.alertCap), at_cap: bySize(O.alertCap, Infinity) },
      worker_peak_rss_mb: round(Math.max(peakWorkerRss, rssOf(worker.proc.pid!)?.hwmMb ?? 0), 0),
      cpu_s: cpuS,
      machine_busy_pct: round((busy / Math.max(0.001, c1.machine.total - c0.machine.total)) * 100, 0),
    };
    log(`alert: ${JSON.stringify(alert)}`);

    const disk1 = statfsSync('/work');
    await cleanup();
    const result = {
      comuni: O.comuni,
      subscribers: O.subscribers,
      worker_rss_mb: fp2.worker_rss_mb,
      redis_clients: fp2.worker_redis_connections + fp2.api_redis_connections,
      redis_mem_mb: round(fp2.redis_key_bytes / 2 ** 20, 4),
      lookup_p99_ms: lookup.total_ms.p99,
      alert_comuni: alertComuni.length,
      finish_spread_s: alert.finish_spread_s,
      finish_spread_p90_p10_s: alert.finish_spread_p90_p10_s,
      spread,
      seeding,
      disk_used_by_db_mb: seeding.database_mb,
      disk_free_gb_before: round((disk0.bavail * disk0.bsize) / 2 ** 30, 1),
      disk_free_gb_at_peak: round((disk1.bavail * disk1.bsize) / 2 ** 30, 1),
      footprint: { none: fp0, few: fp1, all: fp2, per_extra_active_comune: perComune },
      activation: { few: act1, all: act2 },
      lookup,
      alert,
      config: { ...O, cpus: cpus().length, ram_gb: round(totalmem() / 2 ** 30, 0), node: process.version, api_and_worker: 'child processes (dist/bench/apps/{api,worker}/src/main.js), DATABASE_POOL_SIZE 10 each' },
      errors,
      wall_s: round((Date.now() - wall0) / 1000, 0),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return errors.length ? 1 : 0;
  } catch (err) {
    console.error(err instanceof Error ? err.stack : err);
    for (const c of [api, worker]) if (c) console.error(`${c.name} output (last lines):\n${c.tail.slice(-20).join('\n')}`);
    await cleanup();
    return 1;
  }
}

runMain(main);
