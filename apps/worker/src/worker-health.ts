import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bull';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { Settings } from '@bacheca/config';
import { HealthProbe, MetricsEndpoint } from '@bacheca/metrics';
import { QUEUES } from '@bacheca/queue';
import { HeartbeatProcessor } from './heartbeat.processor';

const BEAT_EVERY_MS = 15_000;

/**
 * The worker's only HTTP, on its own port:
 * - GET /health/live: the process is up;
 * - GET /health/ready: Postgres and Redis answer, and heartbeats (a job through Redis that touches
 *   Postgres) keep being processed; 503 names what failed;
 * - GET /health: the heartbeat alone (kept for existing probes);
 * - GET /metrics: Prometheus, with METRICS_TOKEN.
 */
@Injectable()
export class WorkerHealth implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly settings: Settings,
    @InjectQueue(QUEUES.system) private readonly queue: Queue,
    private readonly heartbeat: HeartbeatProcessor,
    private readonly probe: HealthProbe,
    private readonly metrics: MetricsEndpoint,
  ) {}

  async onApplicationBootstrap() {
    const enqueue = () =>
      this.queue
        .add('system.heartbeat', { at: new Date().toISOString() }, { removeOnComplete: true, removeOnFail: true })
        .catch((e: Error) => new Logger('worker').warn(`heartbeat not queued: ${e.message}`));
    await enqueue();
    this.timer = setInterval(enqueue, BEAT_EVERY_MS);
    this.server = createServer((req, res) => {
      this.route(req, res).catch((err: Error) => {
        new Logger('worker').error(`health server: ${err.message}`, err.stack);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(this.settings.WORKER_HEALTH_PORT, this.settings.WORKER_HEALTH_HOST, resolve));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET') return json(res, 405, { status: 'method not allowed' });
    switch (path) {
      case '/health/live':
        return json(res, 200, { status: 'ok' });
      case '/health': {
        const ok = this.heartbeatFresh();
        return json(res, ok ? 200 : 503, { status: ok ? 'ok' : 'unavailable', lastHeartbeat: this.heartbeat.lastBeat ?? null });
      }
      case '/health/ready': {
        const { ok, checks } = await this.probe.check();
        const heartbeat = this.heartbeatFresh() ? 'ok' : `error: no heartbeat since ${this.heartbeat.lastBeat?.toISOString() ?? 'start'}`;
        const ready = ok && heartbeat === 'ok';
        return json(res, ready ? 200 : 503, { status: ready ? 'ok' : 'unavailable', checks: { ...checks, heartbeat } });
      }
      case '/metrics':
        return this.metrics.handle(req, res);
      default:
        return json(res, 404, { status: 'not found' });
    }
  }

  private heartbeatFresh(): boolean {
    const last = this.heartbeat.lastBeat;
    return !!last && Date.now() - last.getTime() < 3 * BEAT_EVERY_MS;
  }

  /** The port actually bound (the setting may be 0 in tests). */
  port(): number {
    const a = this.server?.address();
    return typeof a === 'object' && a ? a.port : 0;
  }

  async onApplicationShutdown() {
    clearInterval(this.timer);
    // A scraper's keep-alive connection would otherwise hold the shutdown until it times out.
    this.server?.closeAllConnections();
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
