/**
 * The comune-owned tables, found in the catalog rather than listed by hand: every relation of the
 * schema with a `tenant_id` column. A table added by a later migration is included without anyone
 * remembering to add it.
 */
export const TENANT_TABLES_SQL = `
  select c.relname as name from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
   where c.relkind in ('r', 'p') and n.nspname = 'public' order by 1`;

/** Every relation of the schema that holds or shows rows (tables, partitions, views, foreign tables). */
export const ALL_RELATIONS_SQL = `
  select c.relname as name from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
   where c.relkind in ('r', 'p', 'v', 'm', 'f') and n.nspname = 'public' order by 1`;
