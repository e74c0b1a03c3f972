import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, Settings } from '@bacheca/config';
import { BlindIndex, citizenPhoneCodec, SecretBox } from '@bacheca/crypto';
import { OutboxRepository } from '@bacheca/delivery';
import { HandlerOutcome, InboundHandler, InboundHandlers, StoredEvent } from '@bacheca/inbound';
import { KeywordSet, matchDetailsReply, matchMessage, MatchResult, TOPICS } from '@bacheca/keywords';
import { awaitedDetails, decide, DETAILS_REPLY_WINDOW_MS, DetailsRequest, FlowDecision } from './flow/decide';
import { consentWords } from './flow/evidence';
import { describeContacts, describeSubscription, describeTopics, renderMessage, TopicChoice } from './flow/messages';
import { PrivacyNoticesService } from './privacy-notices.service';
import { ServiceSettingsService, viewOf } from './service-settings.service';
import { Subscriber } from './subscriber.entity';
import { SubscribersRepository } from './subscribers.repository';
import { eraseCitizen } from './subscribers.service';

/** The quick-reply payload every bulletin template's "Disattiva" button carries. */
export const UNSUBSCRIBE_BUTTON_PAYLOAD = 'UNSUBSCRIBE';

/** An event whose citizen is known by number (from the event itself or through their BSUID). */
type CitizenEvent = StoredEvent & { citizenHash: Buffer; citizenPhoneEnc: Buffer };

interface MessagePayload {
  metaMessageId: string;
  type: string;
  text?: string;
  buttonPayload?: string;
  newFromSealed?: string;
}

function firstPhrase(set: KeywordSet, action: string): string {
  const phrase = set.rules.find((r) => r.action === action)?.phrases[0];
  return phrase ? `«${phrase}»` : '«STOP»';
}

/**
 * A citizen wrote to a comune's number: match the words, decide, record, answer. Runs in the
 * worker inside the event's comune transaction; the answer is queued in the outbox.
 */
@Injectable()
export class CitizenMessageHandler implements InboundHandler, OnModuleInit {
  readonly kinds = ['message' as const, 'user_preference' as const];

  constructor(
    private readonly registry: InboundHandlers,
    private readonly subscribers: SubscribersRepository,
    private readonly settingsService: ServiceSettingsService,
    private readonly notices: PrivacyNoticesService,
    private readonly outbox: OutboxRepository,
    private readonly box: SecretBox,
    private readonly index: BlindIndex,
    private readonly appSettings: Settings,
    private readonly clock: Clock,
  ) {}

  onModuleInit() {
    this.registry.register(this);
  }

  async handle(em: EntityManager, stored: StoredEvent): Promise<HandlerOutcome> {
    const event = await this.withCitizen(em, stored);
    if (!event) return {};
    // One citizen's messages are decided one at a time: several jobs run at once, and a flood of
    // messages read in parallel would each see "no automatic answer yet" and each send one. The lock
    // lives until the transaction commits its answer, so the next one sees it.
    await em.query(`select pg_advisory_xact_lock(hashtext($1))`, [`citizen:${event.citizenHash.toString('hex')}`]);
    if (event.kind === 'user_preference') return this.marketingPreference(em, event);
    const p = event.payload as unknown as MessagePayload;
    if (p.type === 'system') return this.numberChanged(em, event, p);
    // A reaction to a bulletin is not a request; answering it would only be noise.
    if (p.type === 'reaction') return {};

    const row = await this.settingsService.load(em, event.tenantId);
    const settings = viewOf(row);
    const [comune] = await em.query(`select name, slug, status, contact_email, contact_phone, contact_url, contact_app from comuni where id = $1`, [
      event.tenantId,
    ]);
    const current = await this.subscribers.byHash(em, event.tenantId, event.citizenHash);
    const subscriber = current
      ? { status: current.status, topics: current.topics, fields: current.fields, stateChangedAt: current.stateChangedAt }
      : undefined;
    const memory = await this.subscribers.autoReplyMemory(em, event.tenantId, event.citizenHash);
    const match = await this.matchOf(em, event, settings.keywordSet, p, awaitedDetails(memory.detailsRequest, subscriber, event.occurredAt));
    const decision = decide(
      {
        match,
        at: event.occurredAt,
        now: this.clock.now(),
        subscriber,
        lastAutoReplyAt: memory.lastSentAt,
        lastWithdrawalAt: await this.subscribers.lastWithdrawal(em, event.tenantId, event.citizenHash),
        lastDetailsRequest: memory.detailsRequest,
      },
      {
        confirmationRequired: settings.confirmationRequired,
        eraseOnUnsubscribe: settings.eraseOnUnsubscribe,
        autoReplyIntervalMinutes: settings.autoReplyIntervalMinutes,
        comuneStatus: comune.status,
        allTopics: p.type === 'request_welcome' ? [] : this.topicsOf(settings.keywordSet),
      },
    );
    const notice = await this.notices.inForce(em, event.occurredAt);
    const subscriberId = await this.apply(em, event, current, decision, match, p, notice?.version ?? null);
    if (!decision.reply) return {};
    const phrases = { subscribe: firstPhrase(settings.keywordSet, 'subscribe'), unsubscribe: firstPhrase(settings.keywordSet, 'unsubscribe') };
    const after = decision.next === undefined ? current?.status : decision.next === 'erase' ? undefined : decision.next.status;
    const text = renderMessage(settings.messages[decision.reply.key], {
      comune: comune.name,
      privacy: notice?.url ?? (notice ? `${this.appSettings.PUBLIC_BASE_URL}/privacy/${comune.slug}` : 'disponibile presso il Comune'),
      ...phrases,
      subscription: describeSubscription(after === 'active' || after === 'pending_confirmation', phrases),
      contacts: describeContacts({
        contactEmail: comune.contact_email,
        contactPhone: comune.contact_phone,
        contactUrl: comune.contact_url,
        contactApp: comune.contact_app,
      }),
      topic: TOPICS.find((t) => t.slug === decision.reply?.vars?.topic)?.label ?? decision.reply.vars?.topic ?? '',
      topics: describeTopics(this.topicChoices(settings.keywordSet)),
      ...(decision.reply.vars?.prompt !== undefined && { prompt: decision.reply.vars.prompt }),
    });
    const deliveryId = await this.outbox.enqueueReply(em, {
      tenantId: event.tenantId,
      whatsappNumberId: event.whatsappNumberId,
      subscriberId: decision.next === 'erase' ? null : (subscriberId ?? null),
      recipientHash: event.citizenHash,
      recipientEnc: event.citizenPhoneEnc,
      text,
    });
    return { deliveryIds: [deliveryId] };
  }

  /**
   * A citizen with a WhatsApp username may come with their BSUID only (WHATSAPP.md §2.5). A subscriber
   * Meta named with that BSUID before is recognised, so that leaving works as from their number, and the
   * event is put down to their number, where erasure and retention find it. Anyone else known only by a
   * BSUID cannot be answered (the sender writes to phone numbers), so nothing is done for them.
   */
  private async withCitizen(em: EntityManager, event: StoredEvent): Promise<CitizenEvent | undefined> {
    if (event.citizenHash && event.citizenPhoneEnc) return event as CitizenEvent;
    if (event.citizenHash || !event.citizenUserId) return undefined;
    const known = await this.subscribers.byUserId(em, event.tenantId, event.citizenUserId);
    if (!known) return undefined;
    await em.query(`update webhook_events set citizen_hash = $2 where id = $1`, [event.id, known.phoneHash]);
    return { ...event, citizenHash: known.phoneHash, citizenPhoneEnc: known.phoneEnc };
  }

  private async matchOf(em: EntityManager, event: CitizenEvent, set: KeywordSet, p: MessagePayload, awaited?: DetailsRequest): Promise<MatchResult> {
    if (p.type === 'button' && p.buttonPayload === UNSUBSCRIBE_BUTTON_PAYLOAD) {
      return { action: 'unsubscribe', ruleId: 'pulsante-disattiva', explanation: 'Pulsante «Disattiva» di un messaggio.' };
    }
    // Opening the chat for the first time: tell the citizen how the service works.
    if (p.type === 'request_welcome') return { action: 'help', ruleId: 'benvenuto', explanation: 'Prima apertura della chat.' };
    const match = matchMessage(set, p.text ?? '');
    if (match.action !== 'none' || !awaited || p.type !== 'text') return match;
    // Just asked for their details, the citizen answers with them alone ("Maria Bianchi, Saronno").
    const since = new Date(event.occurredAt.getTime() - DETAILS_REPLY_WINDOW_MS);
    const earlier = await this.subscribers.textsSince(em, event.tenantId, event.citizenHash, since, event);
    return matchDetailsReply(set, awaited.ruleId, p.text ?? '', earlier) ?? match;
  }

  private topicsOf(set: KeywordSet): string[] {
    return [...new Set(set.rules.filter((r) => r.topic).map((r) => r.topic!))];
  }

  private topicChoices(set: KeywordSet): TopicChoice[] {
    const first = (topic: string, action: string) => set.rules.find((r) => r.topic === topic && r.action === action)?.phrases[0];
    return this.topicsOf(set).map((slug) => ({
      label: TOPICS.find((t) => t.slug === slug)?.label ?? slug,
      add: first(slug, 'topic_add'),
      remove: first(slug, 'topic_remove'),
    }));
  }

  private async apply(
    em: EntityManager,
    event: StoredEvent,
    current: Subscriber | null,
    decision: FlowDecision,
    match: MatchResult,
    p: MessagePayload,
    noticeVersion: number | null,
  ): Promise<string | undefined> {
    const hash = event.citizenHash!;
    let id = current?.id;
    if (decision.next === 'erase') {
      if (current) await this.subscribers.erase(em, current.id);
      await eraseCitizen(em, event.tenantId, hash);
    } else if (decision.next) {
      id = await this.subscribers.save(
        em,
        current,
        decision.next,
        { tenantId: event.tenantId, phoneHash: hash, phoneEnc: event.citizenPhoneEnc!, userId: event.citizenUserId, noticeVersion },
        event.occurredAt,
      );
    }
    if (id && decision.next !== 'erase') await this.subscribers.touchInbound(em, id, event.occurredAt, event.citizenUserId);
    for (const action of decision.ledger) {
      await this.subscribers.ledger(em, {
        tenantId: event.tenantId,
        phoneHash: hash,
        action,
        occurredAt: event.occurredAt,
        metaMessageId: p.metaMessageId,
        wordsReceived: p.type === 'button' ? `[pulsante] ${p.text ?? p.buttonPayload ?? ''}` : consentWords(p.text ?? '', match),
        ruleMatched: match.ruleId ?? match.action,
        noticeVersion: ['opt_in', 'opt_in_requested', 'confirm'].includes(action) ? noticeVersion : null,
        details: action === 'topics' && decision.next !== 'erase' ? { topics: decision.next?.topics } : {},
      });
    }
    if (decision.autoReplied) {
      await this.subscribers.rememberAutoReply(em, event.tenantId, hash, event.occurredAt, decision.detailsRequest ?? undefined);
    }
    if (decision.detailsRequest === null) await this.subscribers.forgetDetailsRequest(em, event.tenantId, hash);
    return id;
  }

  /**
   * Meta's "stop/resume marketing messages" preference: recorded as evidence and respected by broadcasts.
   * It is recorded for anyone, subscribed or not, so that it still holds if they subscribe later.
   */
  private async marketingPreference(em: EntityManager, event: CitizenEvent): Promise<HandlerOutcome> {
    const p = event.payload as { value?: string; category?: string };
    if (p.category !== 'marketing_messages' || (p.value !== 'stop' && p.value !== 'resume')) return {};
    await this.subscribers.ledger(em, {
      tenantId: event.tenantId,
      phoneHash: event.citizenHash,
      action: p.value === 'stop' ? 'marketing_stop' : 'marketing_resume',
      occurredAt: event.occurredAt,
      ruleMatched: 'user_preferences',
    });
    const current = await this.subscribers.byHash(em, event.tenantId, event.citizenHash);
    if (current) {
      const marketingOptOut = await this.subscribers.marketingStopped(em, event.tenantId, event.citizenHash);
      await em.update(Subscriber, { id: current.id }, { marketingOptOut });
    }
    return {};
  }

  /**
   * A citizen moved to a new number: the subscription, and what is queued for it, follows them instead of
   * being dropped. Meta gives the new number a new BSUID, so the old one is forgotten until a message
   * brings it. If the new number already has a subscription of its own, that one stands, and the old
   * number's row goes: nothing more is sent to a number the citizen gave up (operators hand numbers on).
   */
  private async numberChanged(em: EntityManager, event: CitizenEvent, p: MessagePayload): Promise<HandlerOutcome> {
    if (!p.newFromSealed) return {};
    const codec = citizenPhoneCodec(this.box, this.index, event.tenantId);
    const newPhone = codec.open(Buffer.from(p.newFromSealed, 'base64'));
    const newHash = codec.hash(newPhone);
    if (newHash.equals(event.citizenHash)) return {};
    await em.query(`select pg_advisory_xact_lock(hashtext($1))`, [`citizen:${newHash.toString('hex')}`]);
    const current = await this.subscribers.byHash(em, event.tenantId, event.citizenHash);
    if (!current) return {};
    const already = await this.subscribers.byHash(em, event.tenantId, newHash);
    if (already) await this.subscribers.erase(em, current.id);
    else {
      const newEnc = codec.seal(newPhone);
      await em.update(Subscriber, { id: current.id }, { phoneHash: newHash, phoneEnc: newEnc, userId: null });
      // What is still waiting to go (a broadcast under way, a planned send) goes to the new number too.
      await em.query(
        `update deliveries set recipient_hash = $3, recipient_enc = $4 where tenant_id = $1 and subscriber_id = $2 and status = 'queued'`,
        [event.tenantId, current.id, newHash, newEnc],
      );
    }
    await this.subscribers.ledger(em, {
      tenantId: event.tenantId,
      phoneHash: newHash,
      action: 'number_change',
      occurredAt: event.occurredAt,
      metaMessageId: p.metaMessageId,
      details: { previousPhoneHash: event.citizenHash.toString('hex'), ...(already && { keptSubscriptionOfNewNumber: true }) },
    });
    return {};
  }
}
