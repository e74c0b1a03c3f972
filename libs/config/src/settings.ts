import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBase64,
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
  return settings;
}
