import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { BachecaMetrics } from './bacheca-metrics';
import { ComuneLabels } from './comune-labels';
import { HealthProbe } from './health-probe';
import { MetricsEndpoint } from './metrics-endpoint';
import { SendMetrics, WebhookMetrics } from './recorders';
import { ScrapeGauges } from './scrape-gauges';

/**
 * Metrics and health of one process. `deploymentGauges`: also read the deployment-wide gauges
 * (queues, outbox, subscribers) at scrape time; the api does, the workers do not, so that they are
 * not counted once per worker.
 */
@Global()
@Module({})
export class MetricsModule {
  static register(options: { deploymentGauges: boolean }): DynamicModule {
    const providers: Provider[] = [
      { provide: BachecaMetrics, useFactory: () => new BachecaMetrics() },
      ComuneLabels,
      SendMetrics,
      WebhookMetrics,
      HealthProbe,
      MetricsEndpoint,
      ...(options.deploymentGauges ? [ScrapeGauges] : []),
    ];
    return { module: MetricsModule, providers, exports: providers.filter((p) => p !== ScrapeGauges) as Provider[] };
  }
}
