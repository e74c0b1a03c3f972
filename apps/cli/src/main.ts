import { NestFactory } from '@nestjs/core';
import { ConfigModule, loadSettings } from '@bacheca/config';
import { provisionDatabase, runMigrations, targetFromUrls } from '@bacheca/database';
import { CliModule } from './cli.module';
import { resealCommand } from './reseal/reseal-command';
import { seedDemo } from './seed-demo';

const USAGE = 'usage: cli db:setup | db:migrate | seed:demo | crypto:reseal [--check] [--batch-size N]';

async function main([command, ...args]: string[]): Promise<number | void> {
  // eslint-disable-next-line no-restricted-syntax -- the process edge: settings are validated here like in every app.
  const settings = loadSettings(process.env);
  switch (command) {
    case 'db:setup': {
      if (!settings.DATABASE_ADMIN_URL) throw new Error('DATABASE_ADMIN_URL (missing): db:setup needs a superuser connection');
      const target = targetFromUrls(settings.DATABASE_URL, settings.DATABASE_OWNER_URL);
      await provisionDatabase(settings.DATABASE_ADMIN_URL, target);
      console.log(`database ${target.database}: roles ${target.ownerRole} (owner) and ${target.appRole} (application) ready`);
      return;
    }
    case 'db:migrate': {
      const ran = await runMigrations(settings.DATABASE_OWNER_URL);
      console.log(ran.length ? `migrations applied: ${ran.join(', ')}` : 'schema up to date');
      return;
    }
    case 'seed:demo': {
      if (!settings.DEMO_PASSWORD) throw new Error('DEMO_PASSWORD (missing): seed:demo needs the demo accounts’ password');
      const app = await NestFactory.createApplicationContext(
        { module: class CliRoot {}, imports: [ConfigModule.forRoot(settings), CliModule] },
        { logger: ['error', 'warn'] });
      try {
        const logins = await seedDemo(app, {
          password: settings.DEMO_PASSWORD,
          sandbox: settings.DEMO_SANDBOX_URL
            ? { url: settings.DEMO_SANDBOX_URL, callbackUrl: `${settings.PUBLIC_BASE_URL}/webhooks/whatsapp` }
            : undefined,
        });
        console.log('demo logins (password: DEMO_PASSWORD in .env):');
        for (const l of logins) console.log(`  ${l.who.padEnd(36)} ${l.email}`);
      } finally {
        await app.close();
      }
      return;
    }
    case 'crypto:reseal':
      return resealCommand(settings, args);
    default:
      throw new Error(USAGE);
  }
}

main(process.argv.slice(2)).then((code) => {
  if (code) process.exitCode = code;
}, (err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
