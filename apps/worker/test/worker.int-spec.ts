import { INestApplicationContext, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { ConfigModule } from '@bacheca/config';
import { BachecaLogger } from '@bacheca/logging';
import { JobQueue } from '@bacheca/queue';
import { createTestEnvironment, TestEnvironment } from '@bacheca/testing';
import { WorkerHealth } from '../src/worker-health';
import { WorkerModule } from '../src/worker.module';

const METRICS_TOKEN = randomBytes(24).toString('base64url');

describe('worker', () => {
  let env: TestEnvironment;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    env = await createTestEnvironment({ METRICS_TOKEN });
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

  const url = (path: string) => `http://127.0.0.1:${worker.get(WorkerHealth).port()}${path}`;

  it('/health/live answers while the process is up; /health/ready checks Postgres, Redis and the heartbeat', async () => {
    expect((await fetch(url('/health/live'))).status).toBe(200);
    const res = await fetch(url('/health/ready'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', checks: { postgres: 'ok', redis: 'ok', heartbeat: 'ok' } });
  });

  it('/metrics: refused without the token, Prometheus text with it', async () => {
    expect((await fetch(url('/metrics'))).status).toBe(401);
    expect((await fetch(url('/metrics'), { headers: { authorization: 'Bearer wrong-token-wrong-token-wrong' } })).status).toBe(401);
    const res = await fetch(url('/metrics'), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('# TYPE bacheca_send_outcomes_total counter');
    expect(text).toContain('# TYPE bacheca_delivery_latency_seconds histogram');
    expect(text).toMatch(/^bacheca_process_resident_memory_bytes \d+/m);
    // Deployment-wide gauges come from the api, not once per worker.
    expect(text).not.toContain('bacheca_queue_jobs{');
  });

  it('every line logged while a job runs names the job and its comune', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    Logger.overrideLogger(new BachecaLogger('json', 'debug', { stdout: sink, stderr: sink }));
    try {
      const tenantId = randomUUID();
      const job = await worker.get(JobQueue).add('priority.send', { tenantId, deliveryIds: ['1'] });
      let done: Record<string, unknown> | undefined;
      for (let i = 0; i < 100 && !done; i++) {
        done = lines.map((l) => JSON.parse(l)).find((l) => l.job === 'priority.send' && /done in/.test(l.msg));
        if (!done) await new Promise((r) => setTimeout(r, 100));
      }
      expect(done).toMatchObject({ level: 'debug', context: 'jobs', tenantId, jobId: `priority:${job.id}` });
    } finally {
      Logger.overrideLogger(['error']);
    }
  });
});
