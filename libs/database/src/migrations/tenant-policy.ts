/**
 * SQL that puts a table under the comune's row-level security.
 * FORCE makes the policy apply to the table owner too; the (select …) wrappers make Postgres
 * evaluate the settings once per statement instead of once per row.
 */
export function tenantPolicySql(table: string, column = 'tenant_id'): string[] {
  return [
    `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY ${table}_tenant_isolation ON ${table}
       USING (${column} = (select app_current_tenant()) OR (select app_is_platform()))
       WITH CHECK (${column} = (select app_current_tenant()) OR (select app_is_platform()))`,
  ];
}
