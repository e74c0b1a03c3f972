import { MigrationInterface, QueryRunner } from 'typeorm';
import { tenantPolicySql } from './tenant-policy';

export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(q: QueryRunner): Promise<void> {
    // A setting once used in a session reads back as '' rather than NULL, hence nullif.
    await q.query(`
      CREATE FUNCTION app_current_tenant() RETURNS uuid LANGUAGE sql STABLE AS
      $$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$`);
    await q.query(`
      CREATE FUNCTION app_is_platform() RETURNS boolean LANGUAGE sql STABLE AS
      $$ select coalesce(current_setting('app.scope', true), '') = 'platform' $$`);
    await q.query(`
      CREATE FUNCTION forbid_change() RETURNS trigger LANGUAGE plpgsql AS
      $$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege'; END $$`);

    await q.query(`
      CREATE TABLE comuni (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        name text NOT NULL,
        istat_code char(6) NOT NULL UNIQUE CHECK (istat_code ~ '^[0-9]{6}$'),
        province char(2) NOT NULL CHECK (province ~ '^[A-Z]{2}$'),
        timezone text NOT NULL DEFAULT 'Europe/Rome',
        status text NOT NULL DEFAULT 'onboarding'
          CHECK (status IN ('onboarding', 'pre_launch', 'active', 'suspended')),
        status_before_suspension text CHECK (status_before_suspension IN ('onboarding', 'pre_launch', 'active')),
        contact_email text,
        contact_phone text,
        contact_url text,
        contact_app text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The comune row is the tenant itself: a town sees only its own.
    for (const sql of tenantPolicySql('comuni', 'id')) await q.query(sql);

    await q.query(`
      CREATE TABLE staff_users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid REFERENCES comuni(id),
        email text NOT NULL,
        full_name text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('platform_admin', 'admin', 'editor', 'sender', 'viewer')),
        active boolean NOT NULL DEFAULT true,
        last_login_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((role = 'platform_admin') = (tenant_id IS NULL))
      )`);
    // Login is by e-mail alone, so an address identifies one account across the whole deployment.
    await q.query(`CREATE UNIQUE INDEX staff_users_email ON staff_users (lower(email))`);
    await q.query(`CREATE INDEX staff_users_tenant ON staff_users (tenant_id, created_at)`);
    for (const sql of tenantPolicySql('staff_users')) await q.query(sql);

    await q.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid REFERENCES comuni(id),
        user_id uuid NOT NULL REFERENCES staff_users(id),
        family_id uuid NOT NULL,
        token_hash bytea NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id)`);
    await q.query(`CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id)`);
    for (const sql of tenantPolicySql('refresh_tokens')) await q.query(sql);

    await q.query(`
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tenant_id uuid REFERENCES comuni(id),
        at timestamptz NOT NULL DEFAULT now(),
        actor_user_id uuid,
        actor_role text,
        scope text NOT NULL CHECK (scope IN ('tenant', 'platform', 'system')),
        action text NOT NULL,
        target_type text NOT NULL,
        target_id text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        ip inet,
        request_id text
      )`);
    await q.query(`CREATE INDEX audit_log_tenant_at ON audit_log (tenant_id, at DESC)`);
    await q.query(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
                   FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`);
    for (const sql of tenantPolicySql('audit_log')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log, refresh_tokens, staff_users, comuni`);
    await q.query(`DROP FUNCTION forbid_change(), app_is_platform(), app_current_tenant()`);
  }
}
