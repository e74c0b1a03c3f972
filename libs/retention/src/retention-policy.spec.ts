import {
  deliveryDue,
  DeliveryRow,
  retentionCutoffs,
  sweepChangedSomething,
  walkGoesOn,
  webhookEventDue,
  WebhookEventRow,
} from './retention-policy';

const now = new Date('2026-12-01T10:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

describe('retentionCutoffs', () => {
  it('puts each cutoff the given number of whole days before now', () => {
    expect(retentionCutoffs(now, { deliveriesDays: 180, webhookEventsDays: 90, auditDays: 365 })).toEqual({
      deliveries: new Date('2026-06-04T10:00:00Z'),
      webhookEvents: new Date('2026-09-02T10:00:00Z'),
      audit: new Date('2025-12-01T10:00:00Z'),
    });
  });
});

describe('deliveryDue', () => {
  const cutoff = daysAgo(180);
  const row = (over: Partial<DeliveryRow>): DeliveryRow => ({ id: '1', status: 'delivered', queuedAt: daysAgo(200), broadcastId: null, reportKept: false, ...over });

  it.each([
    ['a reply read 200 days ago', {}, true],
    ['a reply that failed 200 days ago', { status: 'failed' }, true],
    ['a cancelled message', { status: 'cancelled' }, true],
    ['an expired message', { status: 'expired' }, true],
    ['a reply delivered 100 days ago', { queuedAt: daysAgo(100) }, false],
    ['a message queued exactly at the cutoff', { queuedAt: cutoff }, false],
    ['a message still queued (paced far ahead)', { status: 'queued' }, false],
    ['a message being sent', { status: 'sending' }, false],
    ['an uncertain send awaiting its status', { status: 'uncertain' }, false],
    ["a broadcast's row whose counts are not kept yet", { broadcastId: 'b' }, false],
    ["a broadcast's row whose counts are kept", { broadcastId: 'b', reportKept: true }, true],
    ["an uncertain row of a broadcast whose counts are kept", { broadcastId: 'b', reportKept: true, status: 'uncertain' }, false],
  ] as const)('%s', (_label, over, due) => {
    expect(deliveryDue(row(over), cutoff)).toBe(due);
  });
});

describe('webhookEventDue', () => {
  const cutoff = daysAgo(90);
  const row = (over: Partial<WebhookEventRow>): WebhookEventRow => ({ id: '1', kind: 'status', receivedAt: daysAgo(100), processed: true, wordsDays: 30, ...over });

  it.each([
    ['a processed status of 100 days ago', {}, true],
    ['a processed status of 60 days ago', { receivedAt: daysAgo(60) }, false],
    ['an unprocessed event, however old', { processed: false, receivedAt: daysAgo(1000) }, false],
    ["a citizen's message of 100 days ago, comune keeping words 30 days", { kind: 'message' }, true],
    ["a citizen's message of 100 days ago, comune keeping words 365 days", { kind: 'message', wordsDays: 365 }, false],
    ["a citizen's message of 400 days ago, comune keeping words 365 days", { kind: 'message', wordsDays: 365, receivedAt: daysAgo(400) }, true],
    ['a status of 400 days ago in a comune keeping words 365 days (no words in it)', { wordsDays: 365, receivedAt: daysAgo(400) }, true],
    ['a marketing preference of 100 days ago', { kind: 'user_preference' }, true],
  ] as const)('%s', (_label, over, due) => {
    expect(webhookEventDue(row(over), cutoff, now)).toBe(due);
  });
});

describe('walkGoesOn', () => {
  const cutoff = daysAgo(90);
  it.each([
    ['a full window, all older than the cutoff', { rows: 100, newest: daysAgo(91) }, true],
    ['a full window reaching past the cutoff', { rows: 100, newest: daysAgo(89) }, false],
    ['a window ending exactly at the cutoff', { rows: 100, newest: cutoff }, false],
    ['a short window: the end of the table', { rows: 40, newest: daysAgo(200) }, false],
    ['an empty window', { rows: 0, newest: null }, false],
  ] as const)('%s', (_label, window, goesOn) => {
    expect(walkGoesOn(window, 100, cutoff)).toBe(goesOn);
  });
});

describe('sweepChangedSomething', () => {
  it('is true when anything was kept or deleted, false for an idle run', () => {
    expect(sweepChangedSomething({ reportsKept: 0, deliveries: 0, webhookEvents: 0, auditLog: 0 })).toBe(false);
    expect(sweepChangedSomething({ reportsKept: 1, deliveries: 0, webhookEvents: 0, auditLog: 0 })).toBe(true);
    expect(sweepChangedSomething({ reportsKept: 0, deliveries: 0, webhookEvents: 0, auditLog: 3 })).toBe(true);
  });
});
