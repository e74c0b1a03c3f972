import { HttpStatus, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, AuditService } from '@bacheca/audit';
import { TenantDb } from '@bacheca/database';
import { AppError, definedOnly, notFound } from '@bacheca/http';
import { checkKeywordSet, KeywordSet, matchMessage, MatchResult, presetFor, TOPICS } from '@bacheca/keywords';
import { DEFAULT_MESSAGES, MESSAGE_KEYS, MessageKey } from './flow/messages';
import { ServiceSettings } from './service-settings.entity';

export interface ServiceSettingsView {
  keywordSet: KeywordSet;
  confirmationRequired: boolean;
  eraseOnUnsubscribe: boolean;
  autoReplyIntervalMinutes: number;
  inboundRetentionDays: number;
  /** Every message with the comune's text where it has one, else the default. */
  messages: Record<MessageKey, string>;
  customMessages: Partial<Record<MessageKey, string>>;
}

export type ServiceSettingsPatch = Partial<
  Pick<ServiceSettingsView, 'confirmationRequired' | 'eraseOnUnsubscribe' | 'autoReplyIntervalMinutes' | 'inboundRetentionDays'>
> & { messages?: Partial<Record<MessageKey, string | null>> };

export function viewOf(row: ServiceSettings): ServiceSettingsView {
  return {
    keywordSet: row.keywordSet,
    confirmationRequired: row.confirmationRequired,
    eraseOnUnsubscribe: row.eraseOnUnsubscribe,
    autoReplyIntervalMinutes: row.autoReplyIntervalMinutes,
    inboundRetentionDays: row.inboundRetentionDays,
    messages: { ...DEFAULT_MESSAGES, ...row.messages },
    customMessages: row.messages,
  };
}

/** A comune's keyword set, flow switches and texts. A comune without a row gets its preset. */
@Injectable()
export class ServiceSettingsService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
  ) {}

  /** Inside an open comune transaction (the inbound handler's, or a staff request's). */
  async load(em: EntityManager, tenantId: string): Promise<ServiceSettings> {
    const existing = await em.findOne(ServiceSettings, { where: { tenantId } });
    if (existing) return existing;
    const [comune] = await em.query('select slug from comuni where id = $1', [tenantId]);
    if (!comune) throw notFound('Il comune');
    const slug: string = comune.slug;
    await em.query(`insert into service_settings (tenant_id, keyword_set) values ($1, $2::jsonb) on conflict do nothing`, [
      tenantId,
      JSON.stringify(presetFor(slug)),
    ]);
    return em.findOneOrFail(ServiceSettings, { where: { tenantId } });
  }

  get(tenantId: string): Promise<ServiceSettingsView> {
    return this.db.inTenant(tenantId, async (em) => viewOf(await this.load(em, tenantId)));
  }

  update(actor: Actor, tenantId: string, patch: ServiceSettingsPatch): Promise<ServiceSettingsView> {
    return this.db.inTenant(tenantId, async (em) => {
      const row = await this.load(em, tenantId);
      const messages = { ...row.messages };
      for (const [key, text] of Object.entries(patch.messages ?? {})) {
        if (!MESSAGE_KEYS.includes(key as MessageKey)) continue;
        if (text === null || text === '') delete messages[key];
        else messages[key] = text;
      }
      const { messages: _m, ...flags } = definedOnly(patch);
      await em.update(ServiceSettings, { tenantId }, { ...flags, messages });
      await this.audit.record(em, actor, { action: 'service_settings.update', targetType: 'service_settings', targetId: tenantId, details: { ...patch } });
      return viewOf(await this.load(em, tenantId));
    });
  }

  replaceKeywordSet(actor: Actor, tenantId: string, set: KeywordSet): Promise<ServiceSettingsView> {
    const problems = checkKeywordSet(set, { knownTopics: TOPICS.map((t) => t.slug) });
    if (problems.length) {
      throw new AppError(HttpStatus.BAD_REQUEST, 'INVALID_KEYWORD_SET', 'Il set di parole chiave non è valido.', problems);
    }
    return this.db.inTenant(tenantId, async (em) => {
      await this.load(em, tenantId);
      await em.update(ServiceSettings, { tenantId }, { keywordSet: set });
      await this.audit.record(em, actor, { action: 'keyword_set.replace', targetType: 'service_settings', targetId: tenantId, details: { rules: set.rules.length } });
      return viewOf(await this.load(em, tenantId));
    });
  }

  /** The admin's "try a message" box: what this text would trigger, and why. */
  async tryMessage(tenantId: string, text: string): Promise<MatchResult> {
    const view = await this.get(tenantId);
    return matchMessage(view.keywordSet, text);
  }
}
