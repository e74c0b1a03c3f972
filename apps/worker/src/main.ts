import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule, loadSettings, logFormatOf } from '@bacheca/config';
import { BachecaLogger } from '@bacheca/logging';
import { WorkerModule } from './worker.module';

async function main() {
  // Validated before Nest starts, so a bad setting stops the process with its name and no stack trace.
  // eslint-disable-next-line no-restricted-syntax -- the process edge: settings are validated here like in every app.
  const settings = loadSettings(process.env);
  const app = await NestFactory.createApplicationContext(
    { module: class WorkerRoot {}, imports: [ConfigModule.forRoot(settings), WorkerModule] },
    { bufferLogs: true });
  app.useLogger(new BachecaLogger(logFormatOf(settings), settings.LOG_LEVEL));
  app.flushLogs();
  app.enableShutdownHooks();
  new Logger('worker').log('Bacheca worker started');
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
