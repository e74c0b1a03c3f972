import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, AuditService } from '@bacheca/audit';
import { Clock } from '@bacheca/config';
import { BlindIndex, citizenPhoneCodec, SecretBox } from '@bacheca/crypto';
import { TenantDb } from '@bacheca/database';
import {
  batchingFor,
  checkBroadcastText,
  CUSTOMER_SERVICE_WINDOW_MS,
  DigestSchedule,
  estimateSend,
  messagingLimitOf,
  nextDigestAt,
  nextSendableAt,
  OutboxRepository,
  planReach,
} from '@bacheca/delivery';
import { AppError, notFound } from '@bacheca/http';
import { HttpStatus } from '@nestjs/common';
import { NumberCredentials, NumberDirectory } from '@bacheca/numbers';
import { broadcastJob, JobQueue } from '@bacheca/queue';
import { toE164 } from '@bacheca/subscriptions';
import { broadcastConflict, cannotSend } from './broadcast-errors';
import { PAUSED_HOLD_REASON } from './broadcast-content';
import { Broadcast } from './broadcast.entity';
import { BroadcastDetailDto, BroadcastDto, CreateBroadcastDto, EstimateDto, ProgressDto } from './broadcasts.dto';
import { BroadcastsRepository } from './broadcasts.repository';
import { bulletinText } from './compose';
import { SendingRulesService } from './sending-rules.service';
import { TemplatesService } from './templates.service';


export function toBroadcastDto(b: Broadcast): BroadcastDto {
  return {
    id: b.id,
    title: b.title,
    body: b.body,
    mediaUrl: b.mediaUrl,
    mediaKind: b.mediaKind,
    topics: b.topics,
    priority: b.priority,
    status: b.status,
    scheduledAt: b.scheduledAt,
    sendAfter: b.sendAfter,
    expiresAt: b.expiresAt,
    startedAt: b.startedAt,
    completedAt: b.completedAt,
    createdBy: b.createdBy,
    approvedBy: b.approvedBy,
    digest: b.digest,
    digestId: b.digestId,
    createdAt: b.createdAt,
  };
}

const notFoundBroadcast = () => notFound('Il messaggio');

/** The items of a digest as one text: a bold title and a short paragraph each, within WhatsApp's limit. */
export function digestBody(items: Pick<Broadcast, 'title' | 'body' | 'mediaUrl'>[]): string {
  const budget = Math.floor(3500 / Math.max(1, items.length));
  return items
    .map((i) => {
      const text = i.body.length > budget ? `${i.body.slice(0, budget - 1)}…` : i.body;
      return `▪ *${i.title}*\n${text}${i.mediaUrl ? `\n${i.mediaUrl}` : ''}`;
    })
    .join('\n\n');
}

/** Compose, approve, schedule, start, pause, resume, cancel: the life of a bulletin or an alert. */
@Injectable()
export class BroadcastsService {
  private readonly logger = new Logger('broadcasts');

  constructor(
    private readonly db: TenantDb,
    private readonly repo: BroadcastsRepository,
    private readonly templates: TemplatesService,
    private readonly rules: SendingRulesService,
    private readonly directory: NumberDirectory,
    private readonly outbox: OutboxRepository,
    private readonly jobs: JobQueue,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly box: SecretBox,
    private readonly index: BlindIndex,
  ) {}

  list(tenantId: string, status?: string): Promise<BroadcastDto[]> {
    return this.db.inTenant(tenantId, async (em) =>
      (await em.find(Broadcast, { where: status ? { status: status as Broadcast['status'] } : {}, order: { createdAt: 'DESC' }, take: 200 })).map(toBroadcastDto),
    );
  }

  get(tenantId: string, id: string): Promise<BroadcastDetailDto> {
    return this.db.inTenant(tenantId, async (em) => ({ ...toBroadcastDto(await this.load(em, id)), progress: await this.progressOf(em, id) }));
  }

  progress(tenantId: string, id: string): Promise<{ status: string; progress: ProgressDto }> {
    return this.db.inTenant(tenantId, async (em) => {
      const b = await this.load(em, id);
      return { status: b.status, progress: await this.progressOf(em, id) };
    });
  }

  create(actor: Actor, tenantId: string, dto: CreateBroadcastDto): Promise<BroadcastDto> {
    this.checkContent(dto);
    return this.db.inTenant(tenantId, async (em) => {
      const saved = await em.save(em.create(Broadcast, { tenantId, ...this.fields(dto), status: 'draft', createdBy: actor.userId }));
      await this.audit.record(em, actor, { action: 'broadcast.create', targetType: 'broadcast', targetId: saved.id, details: { title: dto.title } });
      return toBroadcastDto(await this.load(em, saved.id));
    });
  }

  update(actor: Actor, tenantId: string, id: string, dto: CreateBroadcastDto): Promise<BroadcastDto> {
    this.checkContent(dto);
    return this.db.inTenant(tenantId, async (em) => {
      const b = await this.load(em, id);
      if (b.status !== 'draft' && b.status !== 'awaiting_approval') {
        throw broadcastConflict('NOT_EDITABLE', 'Si possono modificare solo le bozze e i messaggi in attesa di approvazione.');
      }
      // A changed text needs approving again.
      await em.update(Broadcast, { id }, { ...this.fields(dto), status: 'draft', approvedBy: null });
      await this.audit.record(em, actor, { action: 'broadcast.update', targetType: 'broadcast', targetId: id });
      return toBroadcastDto(await this.load(em, id));
    });
  }

  /** Ready to go: to the approval queue where the comune wants four eyes, else scheduled. */
  async submit(actor: Actor, tenantId: string, id: string): Promise<BroadcastDto> {
    const result = await this.db.inTenant(tenantId, async (em) => {
      const b = await this.load(em, id);
      if (b.status !== 'draft') throw broadcastConflict('NOT_DRAFT', 'Solo una bozza può essere inviata.');
      return this.submitWithin(em, actor, tenantId, b);
    });
    if (result.start) await this.startIfDue(tenantId, result.b);
    return toBroadcastDto(result.b);
  }

  private async submitWithin(em: EntityManager, actor: Actor, tenantId: string, b: Broadcast): Promise<{ b: Broadcast; start: boolean }> {
    await this.assertCanSend(em, tenantId, b);
    const rules = await this.rules.load(em, tenantId);
    if (rules.requireApproval) {
      await em.update(Broadcast, { id: b.id }, { status: 'awaiting_approval' });
      await this.audit.record(em, actor, { action: 'broadcast.submit', targetType: 'broadcast', targetId: b.id });
      return { b: await this.load(em, b.id), start: false };
    }
    await this.audit.record(em, actor, { action: 'broadcast.submit', targetType: 'broadcast', targetId: b.id });
    return { b: await this.schedule(em, tenantId, b), start: true };
  }

  /**
   * A bulletin the system writes (an item of the comune's website feed) inside the caller's
   * transaction, so the item and its bulletin commit together. As a draft for staff to review, or,
   * with `submit`, taken on exactly as staff's submit would be: the approval queue where the comune
   * wants four eyes (the system is never its own second pair of eyes), else scheduled past quiet
   * hours or for the next digest. When it cannot be sent (comune not live, no template…) it stays a
   * draft and `refused` says why. The caller starts it with `startIfDue` after committing.
   */
  async createWithin(
    em: EntityManager,
    actor: Actor,
    tenantId: string,
    dto: CreateBroadcastDto,
    submit: boolean,
  ): Promise<{ broadcast: Broadcast; refused?: string }> {
    this.checkContent(dto);
    const saved = await em.save(em.create(Broadcast, { tenantId, ...this.fields(dto), status: 'draft', createdBy: actor.userId }));
    await this.audit.record(em, actor, { action: 'broadcast.create', targetType: 'broadcast', targetId: saved.id, details: { title: dto.title } });
    const draft = await this.load(em, saved.id);
    if (!submit) return { broadcast: draft };
    try {
      return { broadcast: (await this.submitWithin(em, actor, tenantId, draft)).b };
    } catch (err) {
      if (err instanceof AppError) return { broadcast: draft, refused: err.message };
      throw err;
    }
  }

  /** The second pair of eyes: an admin or a sender who did not write it. */
  async approve(actor: Actor, tenantId: string, id: string): Promise<BroadcastDto> {
    const b = await this.db.inTenant(tenantId, async (em) => {
      const current = await this.load(em, id);
      if (current.status !== 'awaiting_approval') throw broadcastConflict('NOT_AWAITING_APPROVAL', 'Il messaggio non è in attesa di approvazione.');
      if (current.createdBy === actor.userId) {
        throw new AppError(HttpStatus.FORBIDDEN, 'FOUR_EYES', 'Un messaggio deve essere approvato da una persona diversa da chi lo ha scritto.');
      }
      await this.assertCanSend(em, tenantId, current);
      await em.update(Broadcast, { id }, { approvedBy: actor.userId });
      await this.audit.record(em, actor, { action: 'broadcast.approve', targetType: 'broadcast', targetId: id });
      return this.schedule(em, tenantId, await this.load(em, id));
    });
    await this.startIfDue(tenantId, b);
    return toBroadcastDto(b);
  }

  async reject(actor: Actor, tenantId: string, id: string): Promise<BroadcastDto> {
    return this.db.inTenant(tenantId, async (em) => {
      const b = await this.load(em, id);
      if (b.status !== 'awaiting_approval') throw broadcastConflict('NOT_AWAITING_APPROVAL', 'Il messaggio non è in attesa di approvazione.');
      await em.update(Broadcast, { id }, { status: 'draft' });
      await this.audit.record(em, actor, { action: 'broadcast.reject', targetType: 'broadcast', targetId: id });
      return toBroadcastDto(await this.load(em, id));
    });
  }

  pause(actor: Actor, tenantId: string, id: string): Promise<BroadcastDto> {
    return this.transition(actor, tenantId, id, ['sending', 'scheduled'], 'paused', 'broadcast.pause');
  }

  async resume(actor: Actor, tenantId: string, id: string): Promise<BroadcastDto> {
    const { broadcast: b, mps } = await this.db.inTenant(tenantId, async (em) => {
      const current = await this.load(em, id);
      if (current.status !== 'paused') throw broadcastConflict('NOT_PAUSED', 'Il messaggio non è in pausa.');
      await em.update(Broadcast, { id }, { status: current.startedAt ? 'sending' : 'scheduled' });
      // Rows a batch gave back while paused are due again now; rows planned later (Meta's 24-hour
      // limit, retries) keep their time.
      await em.query(`update deliveries set next_attempt_at = now() where broadcast_id = $1 and status = 'queued' and error_reason = $2`, [id, PAUSED_HOLD_REASON]);
      await this.audit.record(em, actor, { action: 'broadcast.resume', targetType: 'broadcast', targetId: id });
      return { broadcast: await this.load(em, id), mps: (await this.directory.forTenant(tenantId, undefined, em))?.mps };
    });
    if (b.status === 'sending') await this.enqueueChains(tenantId, b, mps);
    else await this.startIfDue(tenantId, b);
    return toBroadcastDto(b);
  }

  cancel(actor: Actor, tenantId: string, id: string): Promise<BroadcastDto> {
    return this.db.inTenant(tenantId, async (em) => {
      const b = await this.load(em, id);
      if (b.status === 'completed' || b.status === 'cancelled') throw broadcastConflict('ALREADY_FINISHED', 'Il messaggio è già concluso.');
      await em.update(Broadcast, { id }, { status: 'cancelled', completedAt: this.clock.now() });
      await this.repo.cancelQueued(em, id);
      await this.audit.record(em, actor, { action: 'broadcast.cancel', targetType: 'broadcast', targetId: id });
      return toBroadcastDto(await this.load(em, id));
    });
  }

  /** Before sending: how many, how long, and whether Meta's 24-hour limit will be hit. */
  estimate(tenantId: string, id: string): Promise<EstimateDto> {
    return this.db.inTenant(tenantId, async (em) => {
      const b = await this.load(em, id);
      const now = this.clock.now();
      const number = await this.directory.forTenant(tenantId, undefined, em);
      const counts = await this.repo.audience(em, b, new Date(now.getTime() - CUSTOMER_SERVICE_WINDOW_MS));
      const plan = planReach({
        limit: messagingLimitOf(number?.messagingLimitTier ?? 'TIER_250'),
        reachedInWindow: await this.repo.reachedInWindow(em, tenantId),
        recipientsOutsideWindow: counts.recipients - counts.insideWindow,
        now,
      });
      const est = estimateSend({ recipients: counts.recipients, insideWindow: counts.insideWindow, mps: number?.mps ?? 80, limitPlan: plan, now });
      let blocker: string | undefined;
      try {
        await this.assertCanSend(em, tenantId, b);
      } catch (err) {
        blocker = (err as AppError).message;
      }
      return { recipients: counts.recipients, insideWindow: counts.insideWindow, reach: est.reach, durationS: est.durationS, finishAt: est.finishAt, limitWarning: est.limitWarning, blocker };
    });
  }

  /** A copy to staff phones, sent at once, outside the audience and the counters. */
  async testSend(actor: Actor, tenantId: string, id: string, phones: string[]): Promise<{ queued: number }> {
    const numbers = phones.map((p) => toE164(p));
    if (!numbers.length || numbers.some((n) => !n)) throw new AppError(HttpStatus.BAD_REQUEST, 'INVALID_PHONE', 'Uno dei numeri non è valido.');
    const ids = await this.db.inTenant(tenantId, async (em) => {
      const b = await this.load(em, id);
      const number = await this.requireNumber(tenantId, em);
      const codec = citizenPhoneCodec(this.box, this.index, tenantId);
      const ids: string[] = [];
      for (const phone of numbers as string[]) {
        ids.push(
          await this.outbox.enqueueReply(em, {
            tenantId,
            whatsappNumberId: number.id,
            subscriberId: null,
            recipientHash: codec.hash(phone),
            recipientEnc: codec.seal(phone),
            text: `[PROVA] ${bulletinText(b)}`,
          }),
        );
      }
      await this.audit.record(em, actor, { action: 'broadcast.test_send', targetType: 'broadcast', targetId: id, details: { recipients: ids.length } });
      return ids;
    });
    // Only once the rows are committed: a worker quicker than the commit would find nothing to send.
    await this.jobs.add('priority.send', { tenantId, deliveryIds: ids });
    return { queued: ids.length };
  }

  /**
   * Starts a scheduled broadcast whose time has come (the worker's scheduler calls this; so do submit
   * and approve for "now"). Safe to call twice: the status moves once, the fan-out is idempotent.
   */
  async start(tenantId: string, id: string): Promise<void> {
    const b = await this.db.inTenant(tenantId, async (em) => {
      const [locked] = await em.query(`select id from broadcasts where id = $1 and status = 'scheduled' for update skip locked`, [id]);
      if (!locked) return undefined;
      let current = await this.load(em, id);
      if (current.digest) {
        const combined = await this.gatherDigest(em, tenantId);
        if (!combined) return undefined;
        current = combined;
      }
      const number = await this.requireNumber(tenantId, em);
      const queued = await this.repo.fanOut(em, current, number.id);
      const plan = planReach({
        limit: messagingLimitOf(number.messagingLimitTier),
        reachedInWindow: await this.repo.reachedInWindow(em, tenantId),
        recipientsOutsideWindow: await this.repo.outsideWindow(em, current.id),
        now: this.clock.now(),
      });
      await this.repo.paceOutsideWindow(em, current.id, plan.sendNow, plan.later);
      await em.update(Broadcast, { id: current.id }, { status: 'sending', startedAt: this.clock.now() });
      this.logger.log(`broadcast ${current.id} of ${tenantId}: ${queued} deliveries queued`);
      return { broadcast: await this.load(em, current.id), mps: number.mps };
    });
    if (b) await this.enqueueChains(tenantId, b.broadcast, b.mps);
  }

  /**
   * A digest's time has come: every item due for it becomes one message, titled with the week,
   * its items in order. The items are done (pointing at the digest); the digest is sent like any news.
   */
  private async gatherDigest(em: EntityManager, tenantId: string): Promise<Broadcast | undefined> {
    const items: Broadcast[] = await em
      .getRepository(Broadcast)
      .createQueryBuilder('b')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .where(`b.digest = true and b.status = 'scheduled' and b.sendAfter <= :at`, { at: this.clock.now() })
      .orderBy('b.createdAt', 'ASC')
      .getMany();
    if (!items.length) return undefined;
    const [{ name }] = await em.query('select name from comuni where id = $1', [tenantId]);
    const topics = items.some((i) => i.topics.length === 0) ? [] : [...new Set(items.flatMap((i) => i.topics))];
    const digest = await em.save(
      em.create(Broadcast, {
        tenantId,
        title: `Le notizie del Comune di ${name}`,
        body: digestBody(items),
        mediaUrl: null,
        mediaKind: null,
        topics,
        priority: 'normal',
        status: 'scheduled',
        sendAfter: this.clock.now(),
        digest: false,
        createdBy: null,
      }),
    );
    await em.query(`update broadcasts set status = 'completed', completed_at = now(), digest_id = $2 where id = any($1::uuid[])`, [items.map((i) => i.id), digest.id]);
    return digest;
  }

  /** After a batch: more to do (maybe later, after retries), or done. */
  async afterBatch(tenantId: string, broadcastId: string): Promise<'more' | 'later' | 'done' | 'stopped'> {
    const { status, priority, left } = await this.db.inTenant(tenantId, async (em) => {
      const b = await this.load(em, broadcastId);
      return { status: b.status, priority: b.priority, left: await this.repo.remaining(em, broadcastId) };
    });
    if (status !== 'sending') return 'stopped';
    if (left.nextDueInMs === null && left.inFlight === 0) {
      await this.db.inTenant(tenantId, (em) =>
        em.query(`update broadcasts set status = 'completed', completed_at = now() where id = $1 and status = 'sending'`, [broadcastId]),
      );
      return 'done';
    }
    if (left.nextDueInMs === 0) {
      await this.jobs.add(broadcastJob(priority), { tenantId, broadcastId });
      return 'more';
    }
    if (left.nextDueInMs !== null) {
      await this.jobs.add(broadcastJob(priority), { tenantId, broadcastId }, { delay: left.nextDueInMs });
    }
    return 'later';
  }

  /**
   * Urgent alerts go in the priority lane, news in the delivery lane (libs/queue). `mps`: the rate of
   * the number it goes from, read by the caller's transaction (no second one during a burst of submits).
   */
  private async enqueueChains(tenantId: string, b: Broadcast, mps: number | undefined): Promise<void> {
    // Parallel chains of batches, as many as the number's rate keeps busy: each claims its own rows.
    const { chains } = batchingFor(mps ?? 1);
    for (let i = 0; i < chains; i++) {
      await this.jobs.add(broadcastJob(b.priority), { tenantId, broadcastId: b.id });
    }
  }

  /** Starts a scheduled broadcast now if its time has come (else the worker's scheduler will). */
  async startIfDue(tenantId: string, b: Broadcast): Promise<void> {
    if (!(b.status === 'scheduled' && b.sendAfter && b.sendAfter.getTime() <= this.clock.now().getTime())) return;
    // The broadcast is committed as scheduled and due, so the worker's scheduler starts it within
    // seconds if starting it here fails (a pool busy with a burst of submits). Failing the request would
    // tell the caller the submit failed when it did not, and their retry would get NOT_DRAFT.
    await this.start(tenantId, b.id).catch((err: Error) => this.logger.warn(`broadcast ${b.id} of ${tenantId}: start left to the scheduler (${err.message})`));
  }

  /** The time it may go: its schedule (or now), moved past quiet hours unless it is urgent. */
  private async schedule(em: EntityManager, tenantId: string, b: Broadcast): Promise<Broadcast> {
    const rules = await this.rules.load(em, tenantId);
    const [{ timezone }] = await em.query('select timezone from comuni where id = $1', [tenantId]);
    const at = b.scheduledAt && b.scheduledAt > this.clock.now() ? b.scheduledAt : this.clock.now();
    const quiet = rules.quietHoursStart && rules.quietHoursEnd ? { start: rules.quietHoursStart, end: rules.quietHoursEnd } : null;
    const sendAfter =
      b.digest && b.priority === 'normal'
        ? nextDigestAt(at, timezone, { days: rules.digestDays as DigestSchedule['days'], time: rules.digestTime! })
        : nextSendableAt(at, timezone, quiet, b.priority);
    await em.update(Broadcast, { id: b.id }, { status: 'scheduled', sendAfter });
    return this.load(em, b.id);
  }

  /** Refused before it starts, with the reason: a comune not live, no number, no usable template. */
  private async assertCanSend(em: EntityManager, tenantId: string, b: Broadcast): Promise<void> {
    const [comune] = await em.query('select status from comuni where id = $1', [tenantId]);
    if (comune.status !== 'active') {
      throw cannotSend('COMUNE_NOT_LIVE', 'Il servizio del comune non è ancora attivo: i messaggi partiranno quando sarà avviato.');
    }
    if (b.digest) {
      const rules = await this.rules.load(em, tenantId);
      if (!rules.digestDays.length || !rules.digestTime) {
        throw cannotSend('NO_DIGEST_SCHEDULE', 'Il comune non ha un riepilogo periodico: imposta giorni e ora, o invia la notizia da sola.');
      }
    }
    const number = await this.requireNumber(tenantId, em);
    const now = this.clock.now();
    const counts = await this.repo.audience(em, b, new Date(now.getTime() - CUSTOMER_SERVICE_WINDOW_MS));
    if (counts.recipients > counts.insideWindow && !(await this.templates.usable(em, number.id))) {
      throw cannotSend(
        'NO_APPROVED_TEMPLATE',
        'Nessun modello WhatsApp approvato (con pulsante «Disattiva») per questo numero: chi non ha scritto nelle ultime 24 ore non può ricevere il messaggio.',
      );
    }
  }

  /** Inside the comune's transaction (`em`), never in a second one: see NumberDirectory.forTenant. */
  private async requireNumber(tenantId: string, em: EntityManager): Promise<NumberCredentials> {
    const number = await this.directory.forTenant(tenantId, undefined, em);
    if (!number) throw cannotSend('NO_NUMBER', 'Il comune non ha ancora un numero WhatsApp.');
    if (number.sendingStatus === 'stopped') throw cannotSend('NUMBER_STOPPED', 'Il numero WhatsApp è fermo: le credenziali vanno aggiornate dal fornitore.');
    return number;
  }

  private checkContent(dto: CreateBroadcastDto): void {
    const problems = checkBroadcastText(`*${dto.title}*\n\n${dto.body}`).filter((p) => p.severity === 'error');
    if (problems.length) throw new AppError(HttpStatus.BAD_REQUEST, 'INVALID_TEXT', problems[0].message, problems);
    if (!!dto.mediaUrl !== !!dto.mediaKind) {
      throw new AppError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'Indica sia il link sia il tipo (immagine o documento) dell’allegato.');
    }
  }

  private fields(dto: CreateBroadcastDto) {
    return {
      title: dto.title,
      body: dto.body,
      mediaUrl: dto.mediaUrl ?? null,
      mediaKind: dto.mediaKind ?? null,
      topics: dto.topics ?? [],
      priority: dto.priority ?? 'normal',
      scheduledAt: dto.scheduledAt ? new Date(dto.scheduledAt) : null,
      expiresAt: dto.expiresAt ? new Date(dto.expiresAt) : null,
      digest: dto.digest ?? false,
    };
  }

  private async transition(actor: Actor, tenantId: string, id: string, from: Broadcast['status'][], to: Broadcast['status'], action: string) {
    return this.db.inTenant(tenantId, async (em) => {
      const b = await this.load(em, id);
      if (!from.includes(b.status)) throw broadcastConflict('INVALID_STATE', `Operazione non possibile: il messaggio è «${b.status}».`);
      await em.update(Broadcast, { id }, { status: to });
      await this.audit.record(em, actor, { action, targetType: 'broadcast', targetId: id });
      return toBroadcastDto(await this.load(em, id));
    });
  }

  private async progressOf(em: EntityManager, id: string): Promise<ProgressDto> {
    const { byStatus, failures } = await this.repo.progress(em, id);
    const n = (k: string) => byStatus[k] ?? 0;
    const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
    const done = n('sent') + n('delivered') + n('read') + n('failed') + n('expired') + n('cancelled');
    return {
      total,
      queued: n('queued') + n('sending'),
      sent: n('sent') + n('delivered') + n('read'),
      delivered: n('delivered') + n('read'),
      read: n('read'),
      failed: n('failed'),
      expired: n('expired'),
      cancelled: n('cancelled'),
      uncertain: n('uncertain'),
      percent: total ? Math.round((done / total) * 1000) / 10 : 0,
      failures,
    };
  }

  private async load(em: EntityManager, id: string): Promise<Broadcast> {
    const b = await em.findOne(Broadcast, { where: { id } });
    if (!b) throw notFoundBroadcast();
    return b;
  }
}
