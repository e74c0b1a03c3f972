import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule, logFormatOf, Settings } from '@bacheca/config';
import { BachecaLogger } from '@bacheca/logging';
import { WorkerModule } from './worker.module';

async function main() {
  const app = await NestFactory.createApplicationContext(
    { module: class WorkerRoot {}, imports: [ConfigModule.forRoot(), WorkerModule] },
    { bufferLogs: true });
  const settings = app.get(Settings);
  app.useLogger(new BachecaLogger(logFormatOf(settings), settings.LOG_LEVEL));
  app.flushLogs();
  app.enableShutdownHooks();
  new Logger('worker').log('Bacheca worker started');
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
