import { Injectable, Optional } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Settings } from '@bacheca/config';
import { BachecaMetrics } from './bacheca-metrics';
import { scrapeDecision } from './scrape-access';
import { ScrapeGauges } from './scrape-gauges';

/** GET /metrics in Prometheus' text format, for the api (Express) and the worker (its health server) alike. */
@Injectable()
export class MetricsEndpoint {
  constructor(
    private readonly settings: Settings,
    private readonly metrics: BachecaMetrics,
    @Optional() private readonly gauges?: ScrapeGauges,
  ) {}

  readonly handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const decision = scrapeDecision(req.headers.authorization, this.settings.METRICS_TOKEN);
    if (decision !== 'allowed') {
      const [status, code, message] =
        decision === 'disabled'
          ? [404, 'NOT_FOUND', 'Metriche non abilitate (METRICS_TOKEN non impostato).']
          : [401, 'UNAUTHORIZED', 'Token delle metriche mancante o non valido.'];
      res.writeHead(status, { 'content-type': 'application/json', ...(status === 401 ? { 'www-authenticate': 'Bearer' } : {}) });
      res.end(JSON.stringify({ statusCode: status, code, message }));
      return;
    }
    await this.gauges?.refresh();
    const body = await this.metrics.registry.metrics();
    res.writeHead(200, { 'content-type': this.metrics.registry.contentType, 'cache-control': 'no-store' });
    res.end(body);
  };
}
