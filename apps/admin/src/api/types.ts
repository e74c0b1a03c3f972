import type { components } from './schema';

/** Names for the generated DTO types (src/api/schema.d.ts, from openapi.json: never edit by hand). */
type Schemas = components['schemas'];

export type SessionDto = Schemas['SessionDto'];
export type SessionUser = Schemas['SessionUserDto'];
export type Role = SessionUser['role'];
export type TownRole = Exclude<Role, 'platform_admin'>;
export type ComuneDto = Schemas['ComuneDto'];
export type ComuneStatus = ComuneDto['status'];
export type StaffUserDto = Schemas['StaffUserDto'];
export type CreatedStaffUserDto = Schemas['CreatedStaffUserDto'];
export type AuditEntryDto = Schemas['AuditEntryDto'];

export const TOWN_ROLES: readonly TownRole[] = ['admin', 'editor', 'sender', 'viewer'];
export const COMUNE_STATUSES: readonly ComuneStatus[] = ['onboarding', 'pre_launch', 'active', 'suspended'];

export type ContactChannels = Pick<Schemas['ComuneDto'], 'contactEmail' | 'contactPhone' | 'contactUrl' | 'contactApp'>;
export type CreateComuneBody = Schemas['CreateComuneDto'];
export type UpdateComuneBody = Schemas['UpdateComuneDto'];
export type UpdateOwnComuneBody = Schemas['UpdateOwnComuneDto'];

export type SubscriberDto = Schemas['SubscriberDto'];
export type SubscriberDetailDto = Schemas['SubscriberDetailDto'];
export type SubscriberStatus = SubscriberDto['status'];
export type SubscriberStatsDto = Schemas['SubscriberStatsDto'];
export type BroadcastDto = Schemas['BroadcastDto'];
export type BroadcastDetailDto = Schemas['BroadcastDetailDto'];
export type BroadcastStatus = BroadcastDto['status'];
export type ProgressDto = Schemas['ProgressDto'];
export type EstimateDto = Schemas['EstimateDto'];
export type CreateBroadcastBody = Schemas['CreateBroadcastDto'];
export type TemplateDto = Schemas['TemplateDto'];
export type ServiceSettingsDto = Schemas['ServiceSettingsDto'];
export type SendingRulesViewDto = Schemas['SendingRulesViewDto'];
export type PrivacyNoticeDto = Schemas['PrivacyNoticeDto'];
export type FeedDto = Schemas['FeedDto'];
export type CreateFeedBody = Schemas['CreateFeedDto'];

export const SUBSCRIBER_STATUSES: readonly SubscriberStatus[] = ['pending_confirmation', 'active', 'unsubscribed'];
export const BROADCAST_STATUSES: readonly BroadcastStatus[] = ['draft', 'awaiting_approval', 'scheduled', 'sending', 'paused', 'completed', 'cancelled'];

export type WhatsappNumberDto = Schemas['WhatsappNumberDto'];
export type RegisterNumberBody = Schemas['RegisterNumberDto'];
export type MessagingLimitTier = WhatsappNumberDto['messagingLimitTier'];
export type KeywordPreset = Schemas['ApplyPresetDto']['preset'];
export type ComuneHealthDto = Schemas['ComuneHealthDto'];
export type HealthIssue = ComuneHealthDto['issues'][number];
export type HealthLevel = ComuneHealthDto['level'];

export const MESSAGING_LIMIT_TIERS: readonly MessagingLimitTier[] = ['TIER_250', 'TIER_2K', 'TIER_10K', 'TIER_100K', 'TIER_UNLIMITED'];
export const KEYWORD_PRESETS: readonly KeywordPreset[] = ['generico', 'cormano', 'bientina', 'rozzano', 'saronno', 'san-giuliano-milanese'];
