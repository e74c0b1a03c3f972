import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { ConfigModule } from '@bacheca/config';
import { TenantDb } from '@bacheca/database';
import { FeedsService } from '@bacheca/feeds';
import { QUEUES } from '@bacheca/queue';
import { rss, SAN_GIULIANO } from '../../../libs/feeds/test/samples';
import { FeedServer } from '../../../libs/feeds/test/feed-server';
import { ApiHarness, makeComune, startApi } from '../../api/test/harness';
import { FeedScheduler } from '../src/feed-scheduler';
import { WorkerModule } from '../src/worker.module';
import { waitFor } from './e2e/stack';

describe('worker: feeds are polled on schedule, once per turn', () => {
  let h: ApiHarness;
  let worker: INestApplicationContext;
  let site: FeedServer;
  let tenantId: string;

  beforeAll(async () => {
    // The timer is left out (an hour); the test drives the ticks.
    h = await startApi({ FEED_POLL_TICK_S: '3600', FEED_ALLOW_PRIVATE_NETWORKS: 'true' });
    site = await FeedServer.start();
    tenantId = (await makeComune(h)).id;
    @Module({ imports: [ConfigModule.forRoot(h.env.settings), WorkerModule] })
    class Root {}
    worker = await NestFactory.createApplicationContext(Root, { logger: ['error'] });
    await worker.init();
  });
  afterAll(async () => {
    await worker.close();
    await site.close();
    await h.close();
  });

  const system = () => ({ userId: null, role: 'system' as const, tenantId });
  const feedRow = (id: string) =>
    h.app.get(TenantDb).inTenant(tenantId, async (em) => (await em.query('select * from feeds where id = $1', [id]))[0]);

  it('claims a due feed once even when ticks race, polls it through the queue, and leaves disabled feeds alone', async () => {
    const feeds = h.app.get(FeedsService);
    const due = await feeds.create(system(), tenantId, { name: 'Notizie', url: site.publish('/notizie.xml', rss([SAN_GIULIANO])), mode: 'review' });
    await feeds.create(system(), tenantId, { name: 'Sospeso', url: site.publish('/sospeso.xml', rss([])), mode: 'review', enabled: false });
    const scheduler = worker.get(FeedScheduler);
    const claimed = await Promise.all([scheduler.tick(), scheduler.tick(), scheduler.tick()]);
    expect(claimed.reduce((a, b) => a + b, 0)).toBe(1);

    const polled = await waitFor(async () => {
      const row = await feedRow(due.id);
      return row.last_success_at ? row : undefined;
    });
    // The poll set the real next time: the feed's 15 minutes, not the claim's short lease.
    expect(new Date(polled.next_poll_at).getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(site.hits('/notizie.xml')).toHaveLength(1);
    expect(site.hits('/sospeso.xml')).toHaveLength(0);
    expect(await scheduler.tick()).toBe(0);
  });

  it('discards a malformed feeds.poll job instead of retrying it', async () => {
    const queue = worker.get<Queue>(getQueueToken(QUEUES.feeds), { strict: false });
    const job = await queue.add('feeds.poll', { tenantId: 'non-un-id', feedId: 42 }, { attempts: 3 });
    const failed = await waitFor(async () => {
      const fresh = await queue.getJob(job.id);
      return fresh?.failedReason ? fresh : undefined;
    });
    expect(failed.failedReason).toMatch(/malformed feeds.poll job/);
    // Discarded, not retried: it could never succeed.
    expect(failed.attemptsMade).toBe(1);
  });
});
