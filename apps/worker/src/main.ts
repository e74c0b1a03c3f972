import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule } from '@bacheca/config';
import { WorkerModule } from './worker.module';

async function main() {
  const app = await NestFactory.createApplicationContext(
    { module: class WorkerRoot {}, imports: [ConfigModule.forRoot(), WorkerModule] },
    { logger: ['error', 'warn', 'log'] });
  app.enableShutdownHooks();
  new Logger('worker').log('Bacheca worker started');
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
