import { MigrationInterface, QueryRunner } from 'typeorm';

/** Entries younger than this are never purged, whatever the caller asks (RETENTION_AUDIT_DAYS has the same floor). */
const AUDIT_FLOOR_DAYS = 180;

export class Retention1764001200000 implements MigrationInterface {
  name = 'Retention1764001200000';

  async up(q: QueryRunner): Promise<void> {
    // A broadcast's report counts its delivery rows. Before the retention sweep deletes them, the
    // counts are kept here, and the report reads them from then on: an old alert still shows its totals.
    await q.query(`ALTER TABLE broadcasts ADD COLUMN delivery_report jsonb`);
    // The sweep looks for finished broadcasts whose counts are not kept yet: few rows, found at once.
    await q.query(`
      CREATE INDEX broadcasts_report_due ON broadcasts (completed_at)
        WHERE delivery_report IS NULL AND status IN ('completed', 'cancelled')`);

    // The audit log stays append-only for everyone, its owner included, except for one statement:
    // the DELETE inside purge_audit_log below, which runs as the owner with a flag it sets itself.
    // Anyone else who sets the flag is still not the owner, and the owner can drop the trigger anyway.
    await q.query(`
      CREATE FUNCTION audit_log_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('app.audit_purge', true) = 'on'
           AND (SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID) = (SELECT r.oid FROM pg_roles r WHERE r.rolname = current_user) THEN
          RETURN NULL;
        END IF;
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`DROP TRIGGER audit_log_append_only ON audit_log`);
    await q.query(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
                   FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard()`);

    // The only way to delete audit entries: the retention sweep, in its named platform scope, one
    // window of the oldest entries at a time (walking the primary key, so each call reads at most
    // max_rows rows), never one younger than the floor, and always leaving an entry that says how many
    // went. SECURITY DEFINER makes the DELETE the owner's; EXECUTE stays with PUBLIC because the
    // application role's name is the deployment's choice, and the checks inside do not depend on who calls.
    await q.query(`
      CREATE FUNCTION purge_audit_log(cutoff timestamptz, after_id bigint, max_rows integer)
        RETURNS TABLE (last_id bigint, newest_at timestamptz, scanned integer, purged integer)
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        IF NOT app_is_platform() OR coalesce(current_setting('app.purpose', true), '') <> 'retention.audit_log' THEN
          RAISE EXCEPTION 'purge_audit_log runs only in the retention sweep''s platform scope' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF cutoff IS NULL OR cutoff > now() - interval '${AUDIT_FLOOR_DAYS} days' THEN
          RAISE EXCEPTION 'audit entries younger than ${AUDIT_FLOOR_DAYS} days are never purged (asked: before %)', cutoff
            USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF max_rows IS NULL OR max_rows NOT BETWEEN 1 AND 50000 THEN
          RAISE EXCEPTION 'max_rows must be between 1 and 50000' USING ERRCODE = 'invalid_parameter_value';
        END IF;
        PERFORM set_config('app.audit_purge', 'on', true);
        WITH window_rows AS (
               SELECT a.id, a.at FROM audit_log a WHERE a.id > coalesce(after_id, 0) ORDER BY a.id LIMIT max_rows),
             gone AS (
               DELETE FROM audit_log a USING window_rows w WHERE a.id = w.id AND w.at < cutoff RETURNING a.id)
        SELECT max(w.id), max(w.at), count(*)::int, (SELECT count(*)::int FROM gone)
          INTO last_id, newest_at, scanned, purged FROM window_rows w;
        PERFORM set_config('app.audit_purge', 'off', true);
        IF purged > 0 THEN
          INSERT INTO audit_log (tenant_id, scope, action, target_type, details)
          VALUES (NULL, 'system', 'retention.purge', 'audit_log',
                  jsonb_build_object('purged', purged, 'before', cutoff, 'throughId', last_id));
        END IF;
        RETURN NEXT;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION purge_audit_log(timestamptz, bigint, integer)`);
    await q.query(`DROP TRIGGER audit_log_append_only ON audit_log`);
    await q.query(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
                   FOR EACH STATEMENT EXECUTE FUNCTION forbid_change()`);
    await q.query(`DROP FUNCTION audit_log_guard()`);
    await q.query(`DROP INDEX broadcasts_report_due`);
    await q.query(`ALTER TABLE broadcasts DROP COLUMN delivery_report`);
  }
}
