import { DataSource } from 'typeorm';
import { migrations } from './migrations';

/** Runs pending migrations as the owner role; the application role never changes the schema. */
export async function runMigrations(ownerUrl: string): Promise<string[]> {
  const ds = new DataSource({
    type: 'postgres',
    url: ownerUrl,
    migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
  });
  await ds.initialize();
  try {
    const ran = await ds.runMigrations();
    return ran.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
