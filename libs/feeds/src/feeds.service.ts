import { HttpStatus, Injectable } from '@nestjs/common';
import { EntityManager, QueryFailedError } from 'typeorm';
import { Actor, AuditService } from '@bacheca/audit';
import { SendingRulesService } from '@bacheca/broadcasts';
import { TenantDb } from '@bacheca/database';
import { AppError, conflict, definedOnly, notFound } from '@bacheca/http';
import { Feed } from './feed.entity';
import { CreateFeedDto, FeedDetailDto, FeedDto, PollResultDto, UpdateFeedDto } from './feeds.dto';
import { FeedsRepository } from './feeds.repository';
import { PollFeed } from './poll-feed';

export function toFeedDto(f: Feed): FeedDto {
  return {
    id: f.id,
    name: f.name,
    url: f.url,
    mode: f.mode,
    topics: f.topics,
    digest: f.digest,
    filterCategories: f.filterCategories,
    filterWords: f.filterWords,
    enabled: f.enabled,
    pollIntervalMinutes: Math.round(f.pollIntervalS / 60),
    lastFetchedAt: f.lastFetchedAt,
    lastSuccessAt: f.lastSuccessAt,
    lastError: f.lastError,
    failures: f.failures,
    nextPollAt: f.nextPollAt,
    itemsImported: f.itemsImported,
    createdAt: f.createdAt,
  };
}

const notFoundFeed = () => notFound('Il feed');
const clean = (list: string[] | undefined) => (list ? [...new Set(list.map((s) => s.trim()).filter(Boolean))] : undefined);

/** A comune's website feeds as staff manage them: settings, health, the items seen. */
@Injectable()
export class FeedsService {
  constructor(
    private readonly db: TenantDb,
    private readonly repo: FeedsRepository,
    private readonly rules: SendingRulesService,
    private readonly audit: AuditService,
    private readonly poller: PollFeed,
  ) {}

  list(tenantId: string): Promise<FeedDto[]> {
    return this.db.inTenant(tenantId, async (em) => (await em.find(Feed, { order: { createdAt: 'ASC' } })).map(toFeedDto));
  }

  get(tenantId: string, id: string): Promise<FeedDetailDto> {
    return this.db.inTenant(tenantId, async (em) => {
      const feed = await this.load(em, id);
      const items = (await this.repo.recent(em, id, 50)).map((i) => ({
        id: i.id,
        title: i.title,
        link: i.link,
        publishedAt: i.published_at,
        outcome: i.outcome,
        note: i.note,
        broadcastId: i.broadcast_id,
        createdAt: i.created_at,
      }));
      return { ...toFeedDto(feed), items };
    });
  }

  create(actor: Actor, tenantId: string, dto: CreateFeedDto): Promise<FeedDto> {
    return this.db.inTenant(tenantId, async (em) => {
      if (dto.digest) await this.assertDigestSchedule(em, tenantId);
      const saved = await this.unique(() =>
        em.transaction((inner) =>
          inner.save(
            inner.create(Feed, {
              tenantId,
              name: dto.name.trim(),
              url: dto.url.trim(),
              mode: dto.mode,
              topics: dto.topics ?? [],
              digest: dto.digest ?? false,
              filterCategories: clean(dto.filterCategories) ?? [],
              filterWords: clean(dto.filterWords) ?? [],
              enabled: dto.enabled ?? true,
              pollIntervalS: (dto.pollIntervalMinutes ?? 15) * 60,
              failures: 0,
              itemsImported: 0,
              nextPollAt: new Date(),
              createdBy: actor.userId,
            }),
          ),
        ),
      );
      await this.audit.record(em, actor, { action: 'feed.create', targetType: 'feed', targetId: saved.id, details: { name: saved.name, url: saved.url, mode: saved.mode } });
      return toFeedDto(await this.load(em, saved.id));
    });
  }

  update(actor: Actor, tenantId: string, id: string, dto: UpdateFeedDto): Promise<FeedDto> {
    return this.db.inTenant(tenantId, async (em) => {
      const feed = await this.load(em, id);
      const given = definedOnly(dto);
      if (given.digest) await this.assertDigestSchedule(em, tenantId);
      const changes: Partial<Feed> = {};
      if (given.name !== undefined) changes.name = given.name.trim();
      if (given.mode !== undefined) changes.mode = given.mode;
      if (given.topics !== undefined) changes.topics = given.topics;
      if (given.digest !== undefined) changes.digest = given.digest;
      if (given.filterCategories !== undefined) changes.filterCategories = clean(given.filterCategories);
      if (given.filterWords !== undefined) changes.filterWords = clean(given.filterWords);
      if (given.enabled !== undefined) changes.enabled = given.enabled;
      if (given.pollIntervalMinutes !== undefined) changes.pollIntervalS = given.pollIntervalMinutes * 60;
      if (given.url !== undefined && given.url.trim() !== feed.url) {
        // Another address is another feed: its first fetch notes what is there, health starts afresh.
        Object.assign(changes, { url: given.url.trim(), etag: null, lastModified: null, lastSuccessAt: null, lastError: null, failures: 0, nextPollAt: new Date() });
      }
      if (given.enabled === true && !feed.enabled) changes.nextPollAt = new Date();
      await this.unique(() => em.transaction((inner) => inner.update(Feed, { id }, changes)));
      await this.audit.record(em, actor, { action: 'feed.update', targetType: 'feed', targetId: id, details: { ...given } });
      return toFeedDto(await this.load(em, id));
    });
  }

  /** The feed and its memory of items go; the bulletins made from it stay. */
  remove(actor: Actor, tenantId: string, id: string): Promise<void> {
    return this.db.inTenant(tenantId, async (em) => {
      const feed = await this.load(em, id);
      await em.delete(Feed, { id });
      await this.audit.record(em, actor, { action: 'feed.delete', targetType: 'feed', targetId: id, details: { name: feed.name, url: feed.url } });
    });
  }

  /** Staff's "controlla ora": the same poll the worker runs, answered with its outcome. */
  async pollNow(actor: Actor, tenantId: string, id: string): Promise<PollResultDto> {
    await this.db.inTenant(tenantId, async (em) => {
      await this.load(em, id);
      await this.audit.record(em, actor, { action: 'feed.poll', targetType: 'feed', targetId: id });
    });
    const result = await this.poller.run(tenantId, id);
    const feed = await this.db.inTenant(tenantId, (em) => em.findOne(Feed, { where: { id } }));
    if (!feed) throw notFoundFeed();
    return { ...result, feed: toFeedDto(feed) };
  }

  private async assertDigestSchedule(em: EntityManager, tenantId: string): Promise<void> {
    const rules = await this.rules.load(em, tenantId);
    if (!rules.digestDays.length || !rules.digestTime) {
      throw new AppError(HttpStatus.UNPROCESSABLE_ENTITY, 'NO_DIGEST_SCHEDULE', 'Il comune non ha un riepilogo periodico: imposta giorni e ora nelle regole di invio.');
    }
  }

  private async unique<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof QueryFailedError && (err.driverError as { code?: string }).code === '23505') {
        throw conflict('FEED_EXISTS', 'Questo feed è già configurato per il comune.');
      }
      throw err;
    }
  }

  private async load(em: EntityManager, id: string): Promise<Feed> {
    const feed = await em.findOne(Feed, { where: { id } });
    if (!feed) throw notFoundFeed();
    return feed;
  }
}
