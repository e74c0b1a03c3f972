import { Injectable, Logger } from '@nestjs/common';
import type { Actor } from '@bacheca/audit';
import { Broadcast, BroadcastsService } from '@bacheca/broadcasts';
import { Settings } from '@bacheca/config';
import { TenantDb } from '@bacheca/database';
import { Feed } from './feed.entity';
import { matchesFilter } from './feed-filter';
import { FeedEntry, parseFeed } from './feed-parser';
import { FeedsRepository, ItemOutcome } from './feeds.repository';
import { FeedFetchError, fetchFeed } from './fetch-feed';
import { absoluteLink, entryKeys } from './item-identity';
import { DEFAULT_TEMPLATE, entryBulletin, htmlToPlainText } from './plain-text';
import { nextPollDelayS } from './poll-schedule';

/** New items imported per fetch at most; the rest wait for the next fetch (a site that republished everything is not a flood). */
export const MAX_NEW_PER_POLL = 20;

export interface PollResult {
  status: 'imported' | 'not_modified' | 'error' | 'gone';
  imported: number;
  error?: string;
}

const outcomeOf = (b: Broadcast): ItemOutcome =>
  b.status === 'awaiting_approval' ? 'awaiting_approval' : b.status === 'scheduled' ? (b.digest ? 'digest' : 'scheduled') : 'draft';

/**
 * One fetch of one feed: conditional GET, parse, and each new entry imported in its own transaction
 * together with its bulletin, so an entry is either wholly imported (item + broadcast + audit) or
 * not at all, and the unique key on the item makes a racing second poll a no-op. The first good
 * fetch of a feed only notes what the site had already published: adding a feed does not send a
 * town's whole archive to its citizens.
 */
@Injectable()
export class PollFeed {
  private readonly logger = new Logger('feeds');

  constructor(
    private readonly db: TenantDb,
    private readonly repo: FeedsRepository,
    private readonly broadcasts: BroadcastsService,
    private readonly settings: Settings,
  ) {}

  async run(tenantId: string, feedId: string): Promise<PollResult> {
    const feed = await this.db.inTenant(tenantId, (em) => em.findOne(Feed, { where: { id: feedId } }));
    if (!feed) return { status: 'gone', imported: 0 };
    let fetched;
    try {
      fetched = await fetchFeed(feed.url, {
        timeoutMs: this.settings.FEED_FETCH_TIMEOUT_MS,
        maxBytes: this.settings.FEED_MAX_BYTES,
        allowPrivateNetworks: this.settings.FEED_ALLOW_PRIVATE_NETWORKS,
        etag: feed.etag,
        lastModified: feed.lastModified,
      });
    } catch (err) {
      if (!(err instanceof FeedFetchError)) this.logger.warn(`feed ${feedId}: ${(err as Error).message}`);
      return this.fail(tenantId, feed, err instanceof FeedFetchError ? err.message : 'Errore imprevisto nel leggere il feed.');
    }
    if (fetched.kind === 'not_modified') {
      await this.db.inTenant(tenantId, (em) => this.repo.recordNotModified(em, feed.id, nextPollDelayS(feed.pollIntervalS, 0)));
      return { status: 'not_modified', imported: 0 };
    }
    const parsed = parseFeed(fetched.xml);
    if (!parsed.ok) return this.fail(tenantId, feed, parsed.error);

    // Oldest first, so bulletins go out in the order the town published them; duplicates in one document once.
    const entries = new Map<string, { entry: FeedEntry; keys: ReturnType<typeof entryKeys> }>();
    for (const raw of [...parsed.entries].reverse()) {
      const entry = { ...raw, link: absoluteLink(raw.link, feed.url) };
      const keys = entryKeys(entry);
      if (!entries.has(keys.itemKey)) entries.set(keys.itemKey, { entry, keys });
    }
    // Filled as items commit, so a failure half-way still reports what did get in.
    const outcome = { imported: 0, more: false };
    try {
      if (!feed.lastSuccessAt) await this.noteBaseline(tenantId, feed, [...entries.values()]);
      else await this.importNew(tenantId, feed, [...entries.values()], outcome);
    } catch (err) {
      this.logger.warn(`feed ${feedId}: import failed: ${(err as Error).message}`);
      return { ...(await this.fail(tenantId, feed, 'Errore nel salvare le notizie: riproveremo al prossimo controllo.')), imported: outcome.imported };
    }
    // Items left for the next turn: no validators kept, so the next fetch reads the feed whole instead of a 304.
    const validators = outcome.more ? { etag: null, lastModified: null } : { etag: fetched.etag, lastModified: fetched.lastModified };
    await this.db.inTenant(tenantId, (em) => this.repo.recordSuccess(em, feed.id, { ...validators, nextInS: nextPollDelayS(feed.pollIntervalS, 0) }));
    return { status: 'imported', imported: outcome.imported };
  }

  private async fail(tenantId: string, feed: Feed, error: string): Promise<PollResult> {
    await this.db.inTenant(tenantId, (em) => this.repo.recordFailure(em, feed.id, error, nextPollDelayS(feed.pollIntervalS, feed.failures + 1)));
    return { status: 'error', imported: 0, error };
  }

  private noteBaseline(tenantId: string, feed: Feed, entries: { entry: FeedEntry; keys: ReturnType<typeof entryKeys> }[]): Promise<void> {
    return this.db.inTenant(tenantId, async (em) => {
      for (const { entry, keys } of entries) {
        await this.repo.insertItem(em, { tenantId, feedId: feed.id, ...keys, title: htmlToPlainText(entry.title) || '(senza titolo)', link: entry.link, publishedAt: entry.publishedAt, outcome: 'baseline' });
      }
    });
  }

  private async importNew(
    tenantId: string,
    feed: Feed,
    entries: { entry: FeedEntry; keys: ReturnType<typeof entryKeys> }[],
    outcome: { imported: number; more: boolean },
  ): Promise<void> {
    const known = await this.db.inTenant(tenantId, (em) =>
      this.repo.known(
        em,
        feed.id,
        entries.map((e) => e.keys.itemKey),
        entries.map((e) => e.keys.linkKey).filter((k): k is string => !!k),
      ),
    );
    // A link shared by several entries (a site that links every item to its news page) identifies none of them.
    const linkUses = new Map<string, number>();
    for (const e of entries) if (e.keys.linkKey) linkUses.set(e.keys.linkKey, (linkUses.get(e.keys.linkKey) ?? 0) + 1);
    const seenLink = (k: string | null) => !!k && linkUses.get(k) === 1 && known.linkKeys.has(k);
    const unseen = entries.filter((e) => !known.itemKeys.has(e.keys.itemKey) && !seenLink(e.keys.linkKey));
    const fresh = unseen.slice(0, MAX_NEW_PER_POLL);
    const system: Actor = { userId: null, role: 'system', tenantId };
    outcome.more = unseen.length > fresh.length;
    for (const { entry, keys } of fresh) {
      const broadcast = await this.db.inTenant(tenantId, async (em) => {
        const title = htmlToPlainText(entry.title);
        const wanted = matchesFilter({ title, text: htmlToPlainText(entry.contentHtml), categories: entry.categories }, { categories: feed.filterCategories, words: feed.filterWords });
        const base = { tenantId, feedId: feed.id, ...keys, title: title || '(senza titolo)', link: entry.link, publishedAt: entry.publishedAt };
        const itemId = await this.repo.insertItem(em, { ...base, outcome: wanted ? 'draft' : 'filtered' });
        // Another poll of the same feed got here first, or the filters leave it out.
        if (!itemId || !wanted) return undefined;
        const bulletin = entryBulletin(entry, (await this.repo.templateShape(em)) ?? DEFAULT_TEMPLATE);
        const { broadcast, refused } = await this.broadcasts.createWithin(
          em,
          system,
          tenantId,
          { title: bulletin.title, body: bulletin.body, topics: feed.topics, digest: feed.digest },
          feed.mode === 'auto',
        );
        const note = refused ? `Non inviata automaticamente: ${refused}` : null;
        await this.repo.settleItem(em, itemId, outcomeOf(broadcast), broadcast.id, note);
        return broadcast;
      });
      if (!broadcast) continue;
      outcome.imported += 1;
      // After the commit: the scheduler would start it within seconds anyway, this saves the wait.
      if (broadcast.status === 'scheduled') {
        await this.broadcasts.startIfDue(tenantId, broadcast).catch((e: Error) => this.logger.warn(`broadcast ${broadcast.id} not started: ${e.message}`));
      }
    }
  }
}
