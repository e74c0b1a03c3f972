import { Client } from 'pg';

/** Roles and database named by the connection URLs of the application and of the owner. */
export interface DatabaseTarget {
  database: string;
  appRole: string;
  appPassword?: string;
  ownerRole: string;
  ownerPassword?: string;
}

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`Unsafe database identifier: ${name}`);
  return `"${name}"`;
}

export function targetFromUrls(appUrl: string, ownerUrl: string): DatabaseTarget {
  const app = new URL(appUrl);
  const owner = new URL(ownerUrl);
  const database = decodeURIComponent(app.pathname.slice(1));
  if (database !== decodeURIComponent(owner.pathname.slice(1))) {
    throw new Error('DATABASE_URL and DATABASE_OWNER_URL must name the same database');
  }
  if (app.username === owner.username) throw new Error('The application role must not be the owner role');
  return {
    database,
    appRole: decodeURIComponent(app.username),
    appPassword: app.password ? decodeURIComponent(app.password) : undefined,
    ownerRole: decodeURIComponent(owner.username),
    ownerPassword: owner.password ? decodeURIComponent(owner.password) : undefined,
  };
}

async function createRole(admin: Client, role: string, password: string | undefined, extra: string) {
  const exists = await admin.query('select 1 from pg_roles where rolname = $1', [role]);
  const pw = password ? ` PASSWORD '${password.replace(/'/g, "''")}'` : '';
  const attrs = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS ${extra}${pw}`;
  try {
    await admin.query(`${exists.rowCount ? 'ALTER' : 'CREATE'} ROLE ${ident(role)} WITH ${attrs}`);
  } catch (err) {
    // Two processes provisioning at once: the other one created it.
    if ((err as { code?: string }).code !== '42710' && (err as { code?: string }).code !== '23505') throw err;
  }
}

/**
 * Done once per database by a superuser (a DBA in production): the owner role that migrations use,
 * the application role that owns nothing and cannot bypass row-level security, and the default
 * privileges that give the application role data access to whatever the owner creates later.
 */
export async function provisionDatabase(adminUrl: string, target: DatabaseTarget): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await createRole(admin, target.ownerRole, target.ownerPassword, 'INHERIT');
    await createRole(admin, target.appRole, target.appPassword, 'NOINHERIT');
    const db = await admin.query('select 1 from pg_database where datname = $1', [target.database]);
    if (!db.rowCount) await admin.query(`CREATE DATABASE ${ident(target.database)} OWNER ${ident(target.ownerRole)}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${target.database}`;
  const inDb = new Client({ connectionString: url.toString() });
  await inDb.connect();
  try {
    const owner = ident(target.ownerRole);
    const app = ident(target.appRole);
    await inDb.query(`ALTER DATABASE ${ident(target.database)} OWNER TO ${owner}`);
    await inDb.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    await inDb.query(`GRANT USAGE ON SCHEMA public TO ${app}`);
    await inDb.query(
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app}`,
    );
    await inDb.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${app}`);
  } finally {
    await inDb.end();
  }
}

export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${ident(database)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
