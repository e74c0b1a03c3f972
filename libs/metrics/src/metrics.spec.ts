import { BachecaMetrics } from './bacheca-metrics';
import { scrapeDecision } from './scrape-access';

describe('who may scrape /metrics', () => {
  const token = 'a-long-enough-metrics-token-123';

  it('nobody when no token is configured', () => {
    expect(scrapeDecision(`Bearer ${token}`, undefined)).toBe('disabled');
    expect(scrapeDecision(undefined, '')).toBe('disabled');
  });

  it('only the bearer of the token', () => {
    expect(scrapeDecision(`Bearer ${token}`, token)).toBe('allowed');
    expect(scrapeDecision(undefined, token)).toBe('refused');
    expect(scrapeDecision(token, token)).toBe('refused');
    expect(scrapeDecision(`Basic ${token}`, token)).toBe('refused');
    expect(scrapeDecision(`Bearer ${token}x`, token)).toBe('refused');
    expect(scrapeDecision(`Bearer ${token.slice(1)}`, token)).toBe('refused');
    expect(scrapeDecision('Bearer ', token)).toBe('refused');
  });
});

describe('the metrics registry', () => {
  it('names every metric bacheca_*, and two registries live side by side (api and worker in one process)', async () => {
    const a = new BachecaMetrics();
    const b = new BachecaMetrics();
    a.sendOutcomes.inc({ comune: 'bientina', number: '1001', lane: 'reply', outcome: 'sent' });
    const text = await a.registry.metrics();
    expect(text).toContain('bacheca_send_outcomes_total{comune="bientina",number="1001",lane="reply",outcome="sent"} 1');
    expect(await b.registry.metrics()).not.toContain('comune="bientina"');
    const names = (await a.registry.getMetricsAsJSON()).map((m) => m.name);
    expect(names.length).toBeGreaterThan(10);
    expect(names.filter((n) => !n.startsWith('bacheca_'))).toEqual([]);
  });
});
