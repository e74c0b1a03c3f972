import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AddressInfo } from 'node:net';
import { MetaExceptionFilter } from './graph/meta-exception.filter';
import { SandboxModule } from './sandbox.module';
import type { SandboxSettings } from './sandbox-settings';

/** Builds the sandbox without listening, so tests choose where it listens. */
export async function createSandboxApp(settings: SandboxSettings): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(SandboxModule.forRoot(settings), {
    logger: settings.logLevels,
    // Held (timeout-fault) requests and keep-alive sockets from clients must not stall shutdown.
    forceCloseConnections: true,
  });
  // Meta's payload ceiling is 3 MB (WHATSAPP.md §2.2); sends are far smaller.
  app.useBodyParser('json', { limit: '3mb' });
  app.useGlobalFilters(new MetaExceptionFilter(app.getHttpAdapter()));
  const docs = new DocumentBuilder()
    .setTitle('Bacheca WhatsApp sandbox')
    .setDescription('Control API of the local Cloud API stand-in. The Graph send route mirrors Meta and is not listed.')
    .build();
  SwaggerModule.setup('_sandbox/docs', app, () => SwaggerModule.createDocument(app, docs));
  return app;
}

export interface RunningSandbox {
  app: INestApplication;
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  close(): Promise<void>;
}

/** Creates and listens on settings.host:settings.port (0 = any free port). */
export async function startSandbox(settings: SandboxSettings): Promise<RunningSandbox> {
  const app = await createSandboxApp(settings);
  await app.listen(settings.port, settings.host);
  const address = app.getHttpServer().address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { app, url: `http://${host}:${address.port}`, close: () => app.close() };
}
