import { randomBytes } from 'node:crypto';
import { parseMetrics, Sample, sampleOf } from '../../../api/test/prometheus';
import { WorkerHealth } from '../../src/worker-health';
import { Stack, waitFor } from './stack';

const METRICS_TOKEN = randomBytes(24).toString('base64url');

/** What an operator's Prometheus sees after citizens write and the towns answer, end to end. */
describe('metrics after real sends through the sandbox', () => {
  let s: Stack;

  beforeAll(async () => {
    s = await Stack.start({ METRICS_TOKEN });
  }, 60_000);
  afterAll(() => s.stop());

  const scrape = async (base: string): Promise<Sample[]> => {
    const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    return parseMetrics(await res.text());
  };
  const workerMetrics = () => scrape(`http://127.0.0.1:${s.worker.get(WorkerHealth).port()}`);
  const apiMetrics = () => scrape(s.apiUrl);

  it('counts sends and Meta errors by comune and number, and the delivery latencies by lane', async () => {
    const number = s.numberOf('bientina');
    await s.say('bientina', '+393334440001', 'ATTIVA');
    await s.reply('bientina', '+393334440001', 1);

    // The next reply meets Meta's per-number throughput limit (130429) until the fault is lifted.
    await s.sandboxCall('POST', '/_sandbox/faults', { throttleAll: true });
    await s.say('bientina', '+393334440002', 'ATTIVA');
    await waitFor(async () => sampleOf(await workerMetrics(), 'bacheca_send_errors_total', { comune: 'bientina', number, code: '130429' }), 15_000);
    await s.sandboxCall('DELETE', '/_sandbox/faults');
    await s.reply('bientina', '+393334440002', 1, 20_000);

    const samples = await waitFor(async () => {
      const m = await workerMetrics();
      return (sampleOf(m, 'bacheca_delivery_latency_seconds_count', { stage: 'sent_to_delivered', lane: 'reply' }) ?? 0) >= 2 ? m : undefined;
    }, 15_000);
    expect(sampleOf(samples, 'bacheca_send_outcomes_total', { comune: 'bientina', number, lane: 'reply', outcome: 'sent' })).toBe(2);
    expect(sampleOf(samples, 'bacheca_send_outcomes_total', { comune: 'bientina', number, lane: 'reply', outcome: 'retry' })).toBeGreaterThanOrEqual(1);
    expect(sampleOf(samples, 'bacheca_send_errors_total', { comune: 'bientina', number, code: '130429', kind: 'throttled' })).toBeGreaterThanOrEqual(1);
    expect(sampleOf(samples, 'bacheca_delivery_latency_seconds_count', { stage: 'queued_to_sent', lane: 'reply' })).toBe(2);
    // Another comune sent nothing: no series of its own.
    expect(samples.filter((x) => x.labels.comune === 'cormano')).toEqual([]);
  }, 90_000);

  it('counts a delivery Meta accepted and then reported failed, by its code', async () => {
    const number = s.numberOf('bientina');
    await s.sandboxCall('POST', '/_sandbox/faults', { undeliverable: ['+393334440003'] });
    try {
      await s.say('bientina', '+393334440003', 'ATTIVA');
      const failures = await waitFor(async () =>
        sampleOf(await workerMetrics(), 'bacheca_delivery_failures_total', { comune: 'bientina', number, lane: 'reply', code: '131026', kind: 'permanent' }),
      );
      expect(failures).toBe(1);
    } finally {
      await s.sandboxCall('DELETE', '/_sandbox/faults');
    }
  }, 30_000);

  it('the api reports webhook latency, subscribers per comune and empty queues', async () => {
    const samples = await apiMetrics();
    expect(sampleOf(samples, 'bacheca_webhook_handling_seconds_count', { outcome: 'accepted' })).toBeGreaterThanOrEqual(4);
    expect(sampleOf(samples, 'bacheca_subscribers', { comune: 'bientina' })).toBe(3);
    expect(sampleOf(samples, 'bacheca_subscribers', { comune: 'cormano' })).toBe(0);
    expect(sampleOf(samples, 'bacheca_outbox_due_deliveries', { lane: 'reply' })).toBe(0);
    expect(sampleOf(samples, 'bacheca_queue_jobs', { queue: 'delivery', state: 'failed' })).toBe(0);
  });
});
