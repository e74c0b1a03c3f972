import { INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ConfigModule, logFormatOf, Settings } from '@bacheca/config';
import { bodyParserErrors, ErrorFilter, jsonBody, requestId, requestLog, validationPipe } from '@bacheca/http';
import { BachecaLogger } from '@bacheca/logging';
import { MetricsEndpoint } from '@bacheca/metrics';
import { queueDashboardRouter, QueueStats } from '@bacheca/queue';
import express from 'express';
import { resolve } from 'node:path';
import { ApiModule } from './api.module';
import { serveAdminApp } from './admin-app';
import { DashboardSessions, QUEUE_DASHBOARD_PATH } from './queue-dashboard';

/**
 * Builds the HTTP application. With `settings`, they replace the environment (tests);
 * the module graph is otherwise the production one.
 */
export async function createApiApp(settings?: Settings): Promise<INestApplication> {
  @Module({ imports: [ConfigModule.forRoot(settings), ApiModule] })
  class ApiRoot {}
  const app = await NestFactory.create<NestExpressApplication>(ApiRoot, { bodyParser: false, bufferLogs: true });
  const s = app.get(Settings);
  app.useLogger(new BachecaLogger(logFormatOf(s), s.LOG_LEVEL));
  app.flushLogs();
  app.set('trust proxy', s.TRUST_PROXY_HOPS);
  app.disable('x-powered-by');
  app.use(requestId);
  // Meta signs the exact bytes: the webhook keeps its raw body, and may carry 1,000 events (3 MB).
  app.use('/webhooks/whatsapp', express.raw({ type: () => true, limit: '3mb' }), bodyParserErrors);
  app.use(...jsonBody(s.API_BODY_LIMIT));
  app.use(requestLog);
  const metrics = app.get(MetricsEndpoint);
  app.getHttpAdapter().getInstance().get('/metrics', metrics.handle);
  app.use(
    QUEUE_DASHBOARD_PATH,
    app.get(DashboardSessions).guard,
    queueDashboardRouter(QUEUE_DASHBOARD_PATH, app.get(QueueStats).queues().map((q) => q.queue)),
  );
  serveAdminApp(app, resolve(s.ADMIN_DIST_DIR));
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new ErrorFilter());
  app.enableShutdownHooks();

  SwaggerModule.setup('api/docs', app, () => openApiDocument(app), { jsonDocumentUrl: 'api/docs/openapi.json' });
  await app.init();
  return app;
}

/** The API described once, from the DTOs; the admin app's client is generated from it. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Bacheca API')
    .setDescription('API per i comuni (personale) e per il fornitore. Errori: JSON con `code` stabile e `message` in italiano.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, config);
}
