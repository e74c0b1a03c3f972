import { INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ConfigModule, Settings } from '@bacheca/config';
import { ErrorFilter, jsonBody, requestId, validationPipe } from '@bacheca/http';
import { ApiModule } from './api.module';

/**
 * Builds the HTTP application. With `settings`, they replace the environment (tests);
 * the module graph is otherwise the production one.
 */
export async function createApiApp(settings?: Settings): Promise<INestApplication> {
  @Module({ imports: [ConfigModule.forRoot(settings), ApiModule] })
  class ApiRoot {}
  const app = await NestFactory.create<NestExpressApplication>(ApiRoot, { bodyParser: false, logger: ['error', 'warn'] });
  const s = app.get(Settings);
  app.set('trust proxy', s.TRUST_PROXY_HOPS);
  app.disable('x-powered-by');
  app.use(requestId);
  app.use(...jsonBody(s.API_BODY_LIMIT));
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new ErrorFilter());
  app.enableShutdownHooks();

  const doc = new DocumentBuilder()
    .setTitle('Bacheca API')
    .setDescription('API per i comuni (personale) e per il fornitore. Errori: JSON con `code` stabile e `message` in italiano.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'api/docs/openapi.json' });
  await app.init();
  return app;
}
