import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule } from '@bacheca/config';
import { TenantDb } from '@bacheca/database';
import { createTestEnvironment, TestEnvironment } from '@bacheca/testing';
import { CliModule } from '../src/cli.module';
import { DEMO_COMUNI } from '../src/demo/comuni';
import { seedDemo } from '../src/seed-demo';

describe('seed:demo', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;

  beforeAll(async () => {
    env = await createTestEnvironment();
    @Module({ imports: [ConfigModule.forRoot(env.settings), CliModule] })
    class Root {}
    app = await NestFactory.createApplicationContext(Root, { logger: ['error'] });
  });
  afterAll(async () => {
    await app.close();
    await env.cleanup();
  });

  const counts = () =>
    app.get(TenantDb).asPlatform('test', async (em) => ({
      comuni: (await em.query('select slug, status from comuni order by slug')) as { slug: string; status: string }[],
      admins: Number((await em.query(`select count(*) as n from staff_users where role = 'admin'`))[0].n),
      provider: Number((await em.query(`select count(*) as n from staff_users where role = 'platform_admin'`))[0].n),
    }));

  it('onboards the five seed comuni with an admin each and a provider account, and is idempotent', async () => {
    const logins = await seedDemo(app, { password: 'demo-password-123' });
    expect(logins).toHaveLength(6);
    const first = await counts();
    expect(first.comuni.map((c) => c.slug)).toEqual(DEMO_COMUNI.map((c) => c.slug).sort());
    expect(first.comuni.find((c) => c.slug === 'saronno')?.status).toBe('pre_launch');
    expect(first.admins).toBe(5);
    expect(first.provider).toBe(1);

    await seedDemo(app, { password: 'demo-password-123' });
    expect(await counts()).toEqual(first);
  });
});
