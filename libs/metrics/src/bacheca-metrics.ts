import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Every metric Bacheca exports, in one registry per process (api and worker may share a process in
 * tests, so nothing goes in prom-client's global registry). Names start with `bacheca_`.
 *
 * Cardinality: `comune` × `number` is one series per WhatsApp number (a comune has one or two), so
 * 8,000 comuni mean ~10,000 series per outcome actually seen; error series exist only for codes that
 * occurred. docs/operations.md discusses the trade-off.
 */
export class BachecaMetrics {
  readonly registry = new Registry();

  readonly sendOutcomes = new Counter({
    name: 'bacheca_send_outcomes_total',
    help: 'Deliveries handed to the Cloud API, by comune, number (phone_number_id), lane and outcome (sent, retry, released, uncertain, failed, skipped)',
    labelNames: ['comune', 'number', 'lane', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly sendErrors = new Counter({
    name: 'bacheca_send_errors_total',
    help: 'Cloud API errors on send, by comune, number, Meta error code and class (throttled, temporary, credentials, permanent)',
    labelNames: ['comune', 'number', 'code', 'kind'] as const,
    registers: [this.registry],
  });

  readonly deliveryFailures = new Counter({
    name: 'bacheca_delivery_failures_total',
    help: 'Deliveries Meta accepted and later reported failed (status webhook), by comune, number, Meta error code and class',
    labelNames: ['comune', 'number', 'lane', 'code', 'kind'] as const,
    registers: [this.registry],
  });

  readonly webhookSeconds = new Histogram({
    name: 'bacheca_webhook_handling_seconds',
    help: "Time to verify, store and queue one of Meta's webhook POSTs, by outcome (accepted, or the error code answered)",
    labelNames: ['outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly deliveryLatency = new Histogram({
    name: 'bacheca_delivery_latency_seconds',
    help: 'queued_to_sent: from the delivery row to Meta accepting it (news includes planned waits: quiet hours, limits); sent_to_delivered: from Meta accepting it to the delivered status',
    labelNames: ['stage', 'lane'] as const,
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 14400, 86400],
    registers: [this.registry],
  });

  readonly queueJobs = new Gauge({
    name: 'bacheca_queue_jobs',
    help: 'Jobs in each Bull queue by state (waiting, active, delayed, failed, paused), read at scrape time',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });

  readonly queueAge = new Gauge({
    name: 'bacheca_queue_oldest_job_age_seconds',
    help: 'waiting: age of the job next in line; active: run time of the longest-running job',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });

  readonly outboxDue = new Gauge({
    name: 'bacheca_outbox_due_deliveries',
    help: 'Deliveries due now and not yet taken, by lane (urgent, reply, news), from Postgres',
    labelNames: ['lane'] as const,
    registers: [this.registry],
  });

  readonly outboxAge = new Gauge({
    name: 'bacheca_outbox_oldest_due_age_seconds',
    help: 'How long the oldest due delivery of each lane has been due',
    labelNames: ['lane'] as const,
    registers: [this.registry],
  });

  readonly subscribers = new Gauge({
    name: 'bacheca_subscribers',
    help: 'Active subscribers of each comune',
    labelNames: ['comune'] as const,
    registers: [this.registry],
  });

  readonly sourceUp = new Gauge({
    name: 'bacheca_scrape_source_up',
    help: 'Whether the last scrape could read the source of the gauges above (postgres, redis): 1 yes, 0 no',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'bacheca_' });
  }
}
