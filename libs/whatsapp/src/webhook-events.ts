/**
 * What a Meta webhook POST means to us: a flat list of typed events (WHATSAPP.md §2.3–2.5).
 * Phone numbers are E.164 with '+' (Meta sends bare digits); timestamps are Dates.
 */

export type InboundMessageType =
  | 'text'
  | 'button'
  | 'interactive'
  | 'image'
  | 'video'
  | 'audio'
  | 'document'
  | 'sticker'
  | 'location'
  | 'contacts'
  | 'reaction'
  | 'order'
  | 'unsupported'
  | 'system'
  | 'request_welcome'
  /** A type Meta added after this code was written; `raw` has it. */
  | 'unknown';

interface EventBase {
  phoneNumberId: string;
  displayPhoneNumber?: string;
  /** `entry[].id` */
  wabaId: string;
  /** The Meta object this event was read from, for storage and for what we do not model. */
  raw: Record<string, unknown>;
}

export interface MediaInfo {
  id?: string;
  mimeType?: string;
  sha256?: string;
  /** Ready download URL, sent since Nov 2025 (gradual rollout). */
  url?: string;
  filename?: string;
}

export interface InboundMessageEvent extends EventBase {
  kind: 'message';
  metaMessageId: string;
  /** E.164. Absent for a user known only by BSUID (usernames, 2026). */
  from?: string;
  /** Business-scoped user id (`from_user_id` or `contacts[].user_id`). */
  fromUserId?: string;
  profileName?: string;
  timestamp: Date;
  type: InboundMessageType;
  /** The words to match keywords against: text body, button text, interactive title, or media caption. */
  text?: string;
  /** Quick-reply payload (`button.payload`) or interactive reply id. */
  buttonPayload?: string;
  /** The message this one answers (template wamid for a quick-reply tap). */
  contextMessageId?: string;
  forwarded?: boolean;
  media?: MediaInfo;
  location?: { latitude: number; longitude: number; name?: string; address?: string };
  reaction?: { messageId?: string; emoji?: string };
  /** `system.type: user_changed_number`: the new WhatsApp id, digits as Meta sends them. */
  newWaId?: string;
  /** The same, as E.164. */
  newFrom?: string;
}

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed' | 'played' | 'deleted' | 'unknown';

export interface WebhookErrorDetail {
  code?: number;
  title?: string;
  message?: string;
  details?: string;
}

export interface StatusEvent extends EventBase {
  kind: 'status';
  metaMessageId: string;
  status: DeliveryStatus;
  /** As Meta sent it, in case it is a status we do not know yet. */
  rawStatus: string;
  timestamp: Date;
  /** E.164 for a phone number; a group id is passed through as is. */
  recipient?: string;
  recipientUserId?: string;
  bizOpaqueCallbackData?: string;
  pricing?: { billable?: boolean; pricingModel?: string; type?: string; category?: string };
  errors?: WebhookErrorDetail[];
}

export interface UserPreferenceEvent extends EventBase {
  kind: 'user_preference';
  /** E.164 */
  from?: string;
  fromUserId?: string;
  /** e.g. 'marketing_messages' */
  category: string;
  /** 'stop' | 'resume' in today's payloads. */
  value: string;
  detail?: string;
  timestamp: Date;
}

/** `value.errors[]`: a problem Meta reports about the number or app, not about one message. */
export interface SystemErrorEvent extends EventBase, WebhookErrorDetail {
  kind: 'system_error';
}

export type WebhookEvent = InboundMessageEvent | StatusEvent | UserPreferenceEvent | SystemErrorEvent;

/**
 * `message_template_status_update` (WHATSAPP.md §2.3): Meta approved, rejected, paused or disabled one
 * of a WABA's templates. It names the WABA, not a phone number, so it is routed by `wabaId`.
 */
export interface TemplateStatusEvent {
  kind: 'template_status';
  wabaId: string;
  templateName: string;
  language: string;
  /** APPROVED, REJECTED, PAUSED, DISABLED, REINSTATED, FLAGGED, … as Meta names it. */
  event: string;
  /** Meta's reason code (e.g. INVALID_FORMAT), absent when it says NONE. */
  reason?: string;
  /** `entry[].time`, when the change happened at Meta. */
  timestamp: Date;
}
