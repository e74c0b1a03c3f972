import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule } from '@bacheca/config';
import { createTestEnvironment, TestEnvironment } from '@bacheca/testing';
import { WorkerHealth } from '../src/worker-health';
import { WorkerModule } from '../src/worker.module';

describe('worker', () => {
  let env: TestEnvironment;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    env = await createTestEnvironment();
    @Module({ imports: [ConfigModule.forRoot(env.settings), WorkerModule] })
    class Root {}
    worker = await NestFactory.createApplicationContext(Root, { logger: ['error'] });
    await worker.init();
  });
  afterAll(async () => {
    await worker.close();
    await env.cleanup();
  });

  it('processes a heartbeat job through Redis and Postgres, and says so on /health', async () => {
    const port = worker.get(WorkerHealth).port();
    expect(port).toBeGreaterThan(0);
    let status = 0;
    let body: { status?: string; lastHeartbeat?: string } = {};
    for (let i = 0; i < 50 && status !== 200; i++) {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      status = res.status;
      body = (await res.json()) as typeof body;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(Date.now() - Date.parse(body.lastHeartbeat!)).toBeLessThan(10_000);
  });

  it('answers 404 on any other path', async () => {
    const res = await fetch(`http://127.0.0.1:${worker.get(WorkerHealth).port()}/other`);
    expect(res.status).toBe(404);
  });
});
