import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bull';
import { createServer, Server } from 'node:http';
import { Settings } from '@bacheca/config';
import { QUEUES } from '@bacheca/queue';
import { HeartbeatProcessor } from './heartbeat.processor';

const BEAT_EVERY_MS = 15_000;

/**
 * The worker's only HTTP: GET /health answers 200 while heartbeats (a job through Redis that
 * touches Postgres) keep being processed, 503 otherwise.
 */
@Injectable()
export class WorkerHealth implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly settings: Settings,
    @InjectQueue(QUEUES.system) private readonly queue: Queue,
    private readonly heartbeat: HeartbeatProcessor,
  ) {}

  async onApplicationBootstrap() {
    const enqueue = () =>
      this.queue
        .add('system.heartbeat', { at: new Date().toISOString() }, { removeOnComplete: true, removeOnFail: true })
        .catch((e: Error) => new Logger('worker').warn(`heartbeat not queued: ${e.message}`));
    await enqueue();
    this.timer = setInterval(enqueue, BEAT_EVERY_MS);
    this.server = createServer((req, res) => {
      const last = this.heartbeat.lastBeat;
      const ok = req.url === '/health' && !!last && Date.now() - last.getTime() < 3 * BEAT_EVERY_MS;
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: ok ? 'ok' : 'unavailable', lastHeartbeat: last ?? null }));
    });
    await new Promise<void>((resolve) => this.server!.listen(this.settings.WORKER_HEALTH_PORT, '127.0.0.1', resolve));
  }

  /** The port actually bound (the setting may be 0 in tests). */
  port(): number {
    const a = this.server?.address();
    return typeof a === 'object' && a ? a.port : 0;
  }

  async onApplicationShutdown() {
    clearInterval(this.timer);
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }
}
