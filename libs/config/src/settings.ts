import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBase64,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : /^-?\d+$/.test(String(value)) ? Number(value) : value;

const toBool = ({ value }: { value: unknown }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value);

const postgresUrl = { protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true };
const redisUrl = { protocols: ['redis', 'rediss'], require_tld: false, require_protocol: true };
const httpUrl = { protocols: ['http', 'https'], require_tld: false, require_protocol: true };

/**
 * Every setting of every process, read once from the environment at start-up.
 * Property names are the environment variable names, so a validation error names the variable.
 */
export class Settings {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  /** The application role: owns nothing, cannot bypass row-level security. */
  @IsUrl(postgresUrl)
  DATABASE_URL: string;

  /** The role that owns the tables; only migrations connect as it. */
  @IsUrl(postgresUrl)
  DATABASE_OWNER_URL: string;

  /** A superuser, used only by `db:setup` to create the roles and the database (a DBA's job in production). */
  @IsOptional()
  @IsUrl(postgresUrl)
  DATABASE_ADMIN_URL?: string = undefined;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  @IsUrl(redisUrl)
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Namespaces every Redis key (Bull queues, throttling), so deployments and test suites never collide. */
  @IsString()
  @Matches(/^[a-z0-9:_-]{1,64}$/)
  REDIS_PREFIX = 'bacheca';

  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(3600)
  JWT_ACCESS_TTL_S = 900;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(90)
  REFRESH_TOKEN_TTL_DAYS = 30;

  /** 32 bytes, base64: AES-256-GCM key for secrets and personal data at rest. */
  @IsBase64()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'ENCRYPTION_KEY must be 32 bytes encoded as base64' })
  ENCRYPTION_KEY: string;

  /**
   * Keys that open values but never seal new ones, comma-separated, each 32 bytes in base64: during a
   * rotation of ENCRYPTION_KEY, the key it replaced (or, in the first step, the key about to replace
   * it; docs/operations.md). Emptied once `crypto:reseal --check` reports nothing left under them.
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=(\s*,\s*[A-Za-z0-9+/]{43}=)*$/, {
    message: 'ENCRYPTION_KEY_PREVIOUS must be one or more 32-byte keys encoded as base64, separated by commas',
  })
  ENCRYPTION_KEY_PREVIOUS?: string = undefined;

  /** 32 bytes, base64: HMAC key of the blind indexes (phone numbers found without decrypting them). */
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'BLIND_INDEX_KEY must be 32 bytes encoded as base64' })
  BLIND_INDEX_KEY: string;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  API_PORT = 3000;

  @IsUrl(httpUrl)
  PUBLIC_BASE_URL = 'http://127.0.0.1:3000';

  /** Express "trust proxy": how many proxy hops to trust for the client address (throttling, audit). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10)
  TRUST_PROXY_HOPS = 0;

  @IsString()
  @Matches(/^\d+(kb|mb)$/, { message: 'API_BODY_LIMIT must look like 100kb or 1mb' })
  API_BODY_LIMIT = '100kb';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  LOGIN_MAX_FAILS_PER_ACCOUNT = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10000)
  LOGIN_MAX_FAILS_PER_ADDRESS = 30;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(86400)
  LOGIN_FAIL_WINDOW_S = 900;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_HEALTH_PORT = 3001;

  /** Where the worker's health and metrics server listens: loopback unless a scraper must reach it (containers: 0.0.0.0). */
  @IsString()
  @Matches(/^[0-9a-fA-F.:]{2,45}$/, { message: 'WORKER_HEALTH_HOST must be an IP address such as 127.0.0.1 or 0.0.0.0' })
  WORKER_HEALTH_HOST = '127.0.0.1';

  /** `json`: one object per line for a log collector; `pretty`: for a terminal. Unset: json in production, pretty otherwise. */
  @IsOptional()
  @IsIn(['json', 'pretty'])
  LOG_FORMAT?: 'json' | 'pretty' = undefined;

  /** The least severe level printed. */
  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  /**
   * Bearer token a Prometheus scraper must present on /metrics (api and worker). The metrics name
   * comuni and their numbers, so without a token they are not served at all (404).
   */
  @IsOptional()
  @IsString()
  @MinLength(24, { message: 'METRICS_TOKEN must be at least 24 characters' })
  METRICS_TOKEN?: string = undefined;

  /** Meta's Graph API, or the local sandbox (http://127.0.0.1:3100) in development and tests. */
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  GRAPH_API_BASE_URL = 'https://graph.facebook.com';

  @IsString()
  @Matches(/^v\d+\.\d+$/, { message: 'GRAPH_API_VERSION must look like v25.0' })
  GRAPH_API_VERSION = 'v25.0';

  @Transform(toInt)
  @IsInt()
  @Min(500)
  @Max(60000)
  GRAPH_API_TIMEOUT_MS = 10000;

  /**
   * Keep-alive connections to the Graph API per worker process: sends in flight at most. Meta answers
   * in 100-400 ms, so one 80 mps number alone keeps about 32 busy.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(2048)
  GRAPH_API_CONNECTIONS = 256;

  /** How often the worker looks in Postgres for webhook events that never reached a queue (Redis lost, crash). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  INBOUND_SWEEP_INTERVAL_S = 30;

  /** How old a pending event must be before the sweeper queues it again. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  INBOUND_SWEEP_AFTER_S = 30;

  /** How often the worker looks for town-website feeds due for a fetch. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  FEED_POLL_TICK_S = 5;

  /** The whole of one feed fetch (connection, headers and body) must finish within this. */
  @Transform(toInt)
  @IsInt()
  @Min(500)
  @Max(120000)
  FEED_FETCH_TIMEOUT_MS = 10000;

  /** A feed body larger than this is refused (checked on Content-Length and while reading). */
  @Transform(toInt)
  @IsInt()
  @Min(10000)
  @Max(50000000)
  FEED_MAX_BYTES = 2000000;

  /** Feeds on loopback or private networks: only for tests and closed deployments (otherwise staff could make the worker read internal services). */
  @Transform(toBool)
  @IsBoolean()
  FEED_ALLOW_PRIVATE_NETWORKS = false;

  /**
   * A delivery claimed (`sending`) whose batch has not said it is alive for this long (a running
   * batch sets `alive_at` four times per period) was abandoned: its worker died. The sweeper
   * marks it `uncertain`, to be settled by Meta's status or sent again (UNCERTAIN_RESEND_AFTER_S).
   */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(86400)
  SENDING_ABANDONED_AFTER_S = 120;

  /**
   * An `uncertain` delivery for which no status webhook has come this long after its claim, while
   * every webhook received in that time has been processed, was most likely never accepted by Meta
   * (a worker killed before the request left, a request refused before it was read): it is sent
   * again. A duplicate is possible only if Meta accepted it and its status webhook is later still.
   */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(7 * 86400)
  UNCERTAIN_RESEND_AFTER_S = 900;

  /**
   * Days a message sent (a row of `deliveries`) is kept after it was queued; then the retention sweep
   * deletes it. A broadcast's counts are kept on the broadcast first, so its report stays whole.
   * At least 31: Meta keeps trying an undelivered message for 30 days, and its status must still
   * find the row. 180 by default: half a year to answer "did this citizen get the alert?".
   */
  @Transform(toInt)
  @IsInt()
  @Min(31, { message: 'RETENTION_DELIVERIES_DAYS must be a whole number of days, at least 31 (Meta reports on a message for up to 30 days)' })
  @Max(3650)
  RETENTION_DELIVERIES_DAYS = 180;

  /**
   * Days a processed webhook event (a message or status from Meta) is kept after it arrived. A
   * citizen's message is kept at least as long as its comune's own retention of words
   * (`inbound_retention_days`, up to 365). At least 14: Meta redelivers a webhook for up to 7 days,
   * and the stored row is what makes a redelivery harmless. 90 by default.
   */
  @Transform(toInt)
  @IsInt()
  @Min(14, { message: 'RETENTION_WEBHOOK_EVENTS_DAYS must be a whole number of days, at least 14 (Meta redelivers webhooks for up to 7 days)' })
  @Max(3650)
  RETENTION_WEBHOOK_EVENTS_DAYS = 90;

  /**
   * Days an audit log entry is kept. At least 180, the same floor the database function that
   * purges the log enforces (Italian practice for access logs, after the Garante's rules on system
   * administrators: at least six months). 365 by default: a year of who exported or erased whom.
   */
  @Transform(toInt)
  @IsInt()
  @Min(180, { message: 'RETENTION_AUDIT_DAYS must be a whole number of days, at least 180' })
  @Max(3650)
  RETENTION_AUDIT_DAYS = 365;

  /** How often each worker runs the retention sweep (one run at a time across the deployment). */
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86400)
  RETENTION_SWEEP_INTERVAL_S = 3600;

  /** Rows the retention sweep reads and deletes per transaction, so a large purge never holds long locks. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(50000)
  RETENTION_BATCH_SIZE = 2000;

  /** The built admin web app, served by the API under /admin (relative to the working directory). */
  @IsString()
  ADMIN_DIST_DIR = 'dist/admin';

  /** The local WhatsApp sandbox, if any: `seed:demo` registers the demo numbers there. */
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true })
  DEMO_SANDBOX_URL?: string = undefined;

  /** Password of the demo accounts created by `seed:demo`; generated into .env by the set-up script. */
  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'DEMO_PASSWORD must be at least 12 characters' })
  DEMO_PASSWORD?: string = undefined;
}

export class SettingsError extends Error {}

/** LOG_FORMAT, or the default of the environment: machines read production logs, people read the rest. */
export function logFormatOf(s: Pick<Settings, 'LOG_FORMAT' | 'NODE_ENV'>): 'json' | 'pretty' {
  return s.LOG_FORMAT ?? (s.NODE_ENV === 'production' ? 'json' : 'pretty');
}

/** The keys of ENCRYPTION_KEY_PREVIOUS, in the order given. */
export function previousEncryptionKeysOf(s: Pick<Settings, 'ENCRYPTION_KEY_PREVIOUS'>): string[] {
  return (s.ENCRYPTION_KEY_PREVIOUS ?? '').split(',').map((k) => k.trim()).filter((k) => k !== '');
}

/** What one setting alone cannot say: a previous key that is the current one is a rotation half done by mistake. */
function crossCheck(s: Settings): string[] {
  const previous = previousEncryptionKeysOf(s);
  const problems: string[] = [];
  if (previous.includes(s.ENCRYPTION_KEY)) {
    problems.push('  ENCRYPTION_KEY_PREVIOUS (malformed): lists ENCRYPTION_KEY itself; it must hold only other keys');
  }
  if (new Set(previous).size !== previous.length) problems.push('  ENCRYPTION_KEY_PREVIOUS (malformed): lists the same key twice');
  return problems;
}

/** Validates an environment record; throws one error that names every missing or malformed variable. */
export function loadSettings(env: Record<string, string | undefined>): Settings {
  // Only declared settings are read: the rest of the environment is not ours.
  const known = Object.keys(new Settings());
  const given = Object.fromEntries(known.filter((k) => env[k] !== undefined && env[k] !== '').map((k) => [k, env[k]]));
  const settings = plainToInstance(Settings, given);
  const errors = validateSync(settings);
  if (errors.length > 0) {
    const lines = errors.map((e) => {
      const state = e.property in given ? 'malformed' : 'missing';
      return `  ${e.property} (${state}): ${Object.values(e.constraints ?? {}).join('; ')}`;
    });
    throw new SettingsError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const problems = crossCheck(settings);
  if (problems.length > 0) throw new SettingsError(`Invalid configuration:\n${problems.join('\n')}`);
  return settings;
}
