import {
  DeliveryStatus,
  InboundMessageEvent,
  InboundMessageType,
  MediaInfo,
  StatusEvent,
  SystemErrorEvent,
  TemplateStatusEvent,
  UserPreferenceEvent,
  WebhookErrorDetail,
  WebhookEvent,
} from './webhook-events';
import { citizenNumberFromWaId } from './citizen-number';

/**
 * Parses Meta's webhook POST body (WHATSAPP.md §2.3–2.5) into events.
 *
 * Total over arbitrary JSON: it returns events or throws WebhookPayloadError, nothing else. The input is
 * untrusted, so it is read only through own-property lookups (a message of type "toString" must not find
 * Object.prototype.toString) and never converted to string implicitly (an object whose "toString" key holds
 * a string makes String(obj) throw).
 *
 * Strict about identity (the envelope, ids, timestamps, phone numbers: what routing and deduplication rely
 * on), lenient about content (a text message without a body is kept, with no text). Unknown fields,
 * unknown message types and unsubscribed webhook fields are ignored rather than rejected, since Meta adds
 * them without notice.
 */
export class WebhookPayloadError extends Error {
  override readonly name = 'WebhookPayloadError';
}

type Json = Record<string, unknown>;

const MESSAGE_TYPES: ReadonlySet<string> = new Set<InboundMessageType>([
  'text', 'button', 'interactive', 'image', 'video', 'audio', 'document', 'sticker', 'location',
  'contacts', 'reaction', 'order', 'unsupported', 'system', 'request_welcome',
]);
const MEDIA_TYPES: ReadonlySet<string> = new Set(['image', 'video', 'audio', 'document', 'sticker']);
const STATUSES: ReadonlySet<string> = new Set<DeliveryStatus>(['sent', 'delivered', 'read', 'failed', 'played', 'deleted']);
const PHONE_DIGITS = /^\+?(\d{6,15})$/;
// Beyond this a Date is invalid (±8.64e15 ms).
const MAX_MS = 8.64e15;

export function parseWebhookBody(rawBody: Buffer | string): WebhookEvent[] {
  let payload: unknown;
  try {
    payload = JSON.parse(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'));
  } catch {
    throw new WebhookPayloadError('body is not valid JSON');
  }
  return parseWebhookPayload(payload);
}

export function parseWebhookPayload(payload: unknown): WebhookEvent[] {
  if (!isRecord(payload)) throw new WebhookPayloadError(`payload must be an object, got ${kindOf(payload)}`);
  if (own(payload, 'object') !== 'whatsapp_business_account') {
    throw new WebhookPayloadError('payload.object must be "whatsapp_business_account"');
  }
  const entries = arrayAt(payload, 'entry', 'entry');
  const events: WebhookEvent[] = [];
  // Courier's practice: a message id seen twice in one POST is one message.
  const seenMessageIds = new Set<string>();
  entries.forEach((entry, e) => {
    const entryPath = `entry[${e}]`;
    if (!isRecord(entry)) throw new WebhookPayloadError(`${entryPath} must be an object`);
    const wabaId = requiredId(entry, 'id', `${entryPath}.id`);
    arrayAt(entry, 'changes', `${entryPath}.changes`).forEach((change, c) => {
      const path = `${entryPath}.changes[${c}]`;
      if (!isRecord(change)) throw new WebhookPayloadError(`${path} must be an object`);
      const field = own(change, 'field');
      if (typeof field !== 'string') throw new WebhookPayloadError(`${path}.field must be a string`);
      if (field !== 'messages' && field !== 'user_preferences') return;
      const value = own(change, 'value');
      if (!isRecord(value)) throw new WebhookPayloadError(`${path}.value must be an object`);
      const context = routingOf(value, wabaId, `${path}.value`);
      if (field === 'messages') {
        readMessagesChange(value, context, `${path}.value`, events, seenMessageIds);
      } else {
        readUserPreferences(value, context, `${path}.value`, events);
      }
    });
  });
  return events;
}

/**
 * The template status changes in a payload (`field: "message_template_status_update"`); other fields
 * are ignored. Strict like the rest: what routes and deduplicates must be there and well formed.
 */
export function parseTemplateStatusUpdates(payload: unknown): TemplateStatusEvent[] {
  if (!isRecord(payload)) throw new WebhookPayloadError(`payload must be an object, got ${kindOf(payload)}`);
  if (own(payload, 'object') !== 'whatsapp_business_account') {
    throw new WebhookPayloadError('payload.object must be "whatsapp_business_account"');
  }
  const out: TemplateStatusEvent[] = [];
  arrayAt(payload, 'entry', 'entry').forEach((entry, e) => {
    const entryPath = `entry[${e}]`;
    if (!isRecord(entry)) throw new WebhookPayloadError(`${entryPath} must be an object`);
    const wabaId = requiredId(entry, 'id', `${entryPath}.id`);
    if (!/^[0-9]{1,32}$/.test(wabaId)) throw new WebhookPayloadError(`${entryPath}.id is not a WABA id`);
    arrayAt(entry, 'changes', `${entryPath}.changes`).forEach((change, c) => {
      const path = `${entryPath}.changes[${c}]`;
      if (!isRecord(change) || own(change, 'field') !== 'message_template_status_update') return;
      const value = own(change, 'value');
      if (!isRecord(value)) throw new WebhookPayloadError(`${path}.value must be an object`);
      const event = optString(value, 'event');
      if (!event || !/^[A-Z_]{1,40}$/.test(event)) throw new WebhookPayloadError(`${path}.value.event is missing or unknown`);
      const templateName = optString(value, 'message_template_name');
      if (!templateName || !/^[a-z0-9_]{1,512}$/.test(templateName)) throw new WebhookPayloadError(`${path}.value.message_template_name is missing or malformed`);
      const language = optString(value, 'message_template_language');
      if (!language || !/^[a-z]{2,3}(_[A-Z]{2})?$/.test(language)) throw new WebhookPayloadError(`${path}.value.message_template_language is missing or malformed`);
      const reason = optString(value, 'reason');
      out.push({
        kind: 'template_status',
        wabaId,
        templateName,
        language,
        event,
        ...(reason && reason !== 'NONE' && { reason: reason.slice(0, 200) }),
        timestamp: own(entry, 'time') === undefined ? new Date(0) : timestampAt({ timestamp: own(entry, 'time') }, `${entryPath}.time`),
      });
    });
  });
  return out;
}

/**
 * The business numbers a payload is about, to find the comune (and its app secret) before verifying
 * and parsing. Never throws: garbage yields [].
 */
export function phoneNumberIdsOf(payload: unknown): string[] {
  const ids = new Set<string>();
  if (!isRecord(payload)) return [];
  for (const entry of arrayOrEmpty(own(payload, 'entry'))) {
    if (!isRecord(entry)) continue;
    for (const change of arrayOrEmpty(own(entry, 'changes'))) {
      if (!isRecord(change)) continue;
      const value = own(change, 'value');
      const metadata = isRecord(value) ? own(value, 'metadata') : undefined;
      const id = isRecord(metadata) ? idValue(own(metadata, 'phone_number_id')) : undefined;
      if (id) ids.add(id);
    }
  }
  return [...ids];
}

interface Routing {
  phoneNumberId: string;
  displayPhoneNumber?: string;
  wabaId: string;
}

function routingOf(value: Json, wabaId: string, path: string): Routing {
  const metadata = own(value, 'metadata');
  if (!isRecord(metadata)) throw new WebhookPayloadError(`${path}.metadata must be an object`);
  const phoneNumberId = requiredId(metadata, 'phone_number_id', `${path}.metadata.phone_number_id`);
  const display = optString(metadata, 'display_phone_number');
  return display === undefined ? { phoneNumberId, wabaId } : { phoneNumberId, displayPhoneNumber: display, wabaId };
}

function readMessagesChange(value: Json, routing: Routing, path: string, out: WebhookEvent[], seen: Set<string>): void {
  const contacts = optArrayAt(value, 'contacts', `${path}.contacts`).filter(isRecord);
  optArrayAt(value, 'messages', `${path}.messages`).forEach((message, i) => {
    const event = readMessage(message, contacts, routing, `${path}.messages[${i}]`);
    if (seen.has(event.metaMessageId)) return;
    seen.add(event.metaMessageId);
    out.push(event);
  });
  optArrayAt(value, 'statuses', `${path}.statuses`).forEach((status, i) => {
    out.push(readStatus(status, routing, `${path}.statuses[${i}]`));
  });
  optArrayAt(value, 'errors', `${path}.errors`).forEach((error) => {
    if (!isRecord(error)) return;
    const event: SystemErrorEvent = { kind: 'system_error', ...routing, ...readErrorDetail(error), raw: error };
    out.push(event);
  });
}

function readMessage(message: unknown, contacts: Json[], routing: Routing, path: string): InboundMessageEvent {
  if (!isRecord(message)) throw new WebhookPayloadError(`${path} must be an object`);
  const metaMessageId = optString(message, 'id');
  if (!metaMessageId) throw new WebhookPayloadError(`${path}.id is missing`);
  const rawType = own(message, 'type');
  if (typeof rawType !== 'string') throw new WebhookPayloadError(`${path}.type must be a string`);
  const type: InboundMessageType = MESSAGE_TYPES.has(rawType) ? (rawType as InboundMessageType) : 'unknown';
  const fromDigits = phoneDigits(own(message, 'from'), `${path}.from`);
  const contact = contactFor(contacts, fromDigits, optString(message, 'from_user_id'));
  const fromUserId = optString(message, 'from_user_id') ?? (contact && optString(contact, 'user_id'));
  const profile = contact ? own(contact, 'profile') : undefined;
  const profileName = isRecord(profile) ? optString(profile, 'name') : undefined;

  const event: InboundMessageEvent = {
    kind: 'message',
    ...routing,
    metaMessageId,
    timestamp: timestampAt(message, `${path}.timestamp`),
    type,
    raw: message,
  };
  if (fromDigits) event.from = citizenNumberFromWaId(fromDigits);
  if (fromUserId) event.fromUserId = fromUserId;
  if (profileName) event.profileName = profileName;

  const context = own(message, 'context');
  if (isRecord(context)) {
    const contextId = optString(context, 'id');
    if (contextId) event.contextMessageId = contextId;
    if (own(context, 'forwarded') === true || own(context, 'frequently_forwarded') === true) event.forwarded = true;
  }
  readContent(message, type, event, path);
  return event;
}

function readContent(message: Json, type: InboundMessageType, event: InboundMessageEvent, path: string): void {
  const body = own(message, type);
  const content = isRecord(body) ? body : undefined;
  switch (type) {
    case 'text':
      setText(event, content && optString(content, 'body'));
      return;
    case 'button':
      setText(event, content && optString(content, 'text'));
      if (content && optString(content, 'payload') !== undefined) event.buttonPayload = optString(content, 'payload');
      return;
    case 'interactive': {
      // button_reply, list_reply (and Flows' nfm_reply, which carries no title).
      const replyType = content && optString(content, 'type');
      const reply = content && replyType ? own(content, replyType) : undefined;
      if (isRecord(reply)) {
        setText(event, optString(reply, 'title'));
        const id = optString(reply, 'id');
        if (id !== undefined) event.buttonPayload = id;
      }
      return;
    }
    case 'location':
      if (content) {
        const latitude = own(content, 'latitude');
        const longitude = own(content, 'longitude');
        if (isFiniteNumber(latitude) && isFiniteNumber(longitude)) {
          event.location = { latitude, longitude };
          const name = optString(content, 'name');
          const address = optString(content, 'address');
          if (name !== undefined) event.location.name = name;
          if (address !== undefined) event.location.address = address;
        }
      }
      return;
    case 'reaction':
      if (content) {
        event.reaction = {};
        const messageId = optString(content, 'message_id');
        const emoji = optString(content, 'emoji');
        if (messageId !== undefined) event.reaction.messageId = messageId;
        // An empty emoji means the reaction was removed.
        if (emoji) event.reaction.emoji = emoji;
      }
      return;
    case 'system':
      if (content && optString(content, 'type') === 'user_changed_number') {
        const digits = phoneDigits(own(content, 'wa_id'), `${path}.system.wa_id`);
        if (digits) {
          event.newWaId = digits;
          event.newFrom = citizenNumberFromWaId(digits);
        }
      }
      setText(event, content && optString(content, 'body'));
      return;
    default:
      if (MEDIA_TYPES.has(type) && content) {
        event.media = readMedia(content);
        setText(event, optString(content, 'caption'));
      }
  }
}

function readMedia(content: Json): MediaInfo {
  const media: MediaInfo = {};
  const fields: [keyof MediaInfo, string][] = [
    ['id', 'id'],
    ['mimeType', 'mime_type'],
    ['sha256', 'sha256'],
    ['url', 'url'],
    ['filename', 'filename'],
  ];
  for (const [to, from] of fields) {
    const value = optString(content, from);
    if (value !== undefined) media[to] = value;
  }
  return media;
}

function setText(event: InboundMessageEvent, text: string | undefined): void {
  if (text !== undefined && text !== '') event.text = text;
}

function contactFor(contacts: Json[], fromDigits: string | undefined, fromUserId: string | undefined): Json | undefined {
  const match = contacts.find(
    (c) =>
      (fromDigits !== undefined && optString(c, 'wa_id') === fromDigits) ||
      (fromUserId !== undefined && optString(c, 'user_id') === fromUserId),
  );
  // Meta sends one contact per message; when ids do not line up (wa_id and number "may not always
  // match", §2.3) a lone contact is still that sender.
  return match ?? (contacts.length === 1 ? contacts[0] : undefined);
}

function readStatus(status: unknown, routing: Routing, path: string): StatusEvent {
  if (!isRecord(status)) throw new WebhookPayloadError(`${path} must be an object`);
  const metaMessageId = optString(status, 'id');
  if (!metaMessageId) throw new WebhookPayloadError(`${path}.id is missing`);
  const rawStatus = own(status, 'status');
  if (typeof rawStatus !== 'string' || rawStatus === '') throw new WebhookPayloadError(`${path}.status must be a string`);
  const event: StatusEvent = {
    kind: 'status',
    ...routing,
    metaMessageId,
    status: STATUSES.has(rawStatus) ? (rawStatus as DeliveryStatus) : 'unknown',
    rawStatus,
    timestamp: timestampAt(status, `${path}.timestamp`),
    raw: status,
  };
  const recipientId = optString(status, 'recipient_id');
  if (recipientId) event.recipient = /^\d+$/.test(recipientId) ? citizenNumberFromWaId(recipientId) : recipientId;
  const recipientUserId = optString(status, 'recipient_user_id');
  if (recipientUserId) event.recipientUserId = recipientUserId;
  const callbackData = optString(status, 'biz_opaque_callback_data');
  if (callbackData !== undefined) event.bizOpaqueCallbackData = callbackData;
  const pricing = own(status, 'pricing');
  if (isRecord(pricing)) {
    event.pricing = {};
    const billable = own(pricing, 'billable');
    if (typeof billable === 'boolean') event.pricing.billable = billable;
    const model = optString(pricing, 'pricing_model');
    const type = optString(pricing, 'type');
    const category = optString(pricing, 'category');
    if (model !== undefined) event.pricing.pricingModel = model;
    if (type !== undefined) event.pricing.type = type;
    if (category !== undefined) event.pricing.category = category;
  }
  const errors = own(status, 'errors');
  if (Array.isArray(errors)) event.errors = errors.filter(isRecord).map(readErrorDetail);
  return event;
}

function readErrorDetail(error: Json): WebhookErrorDetail {
  const detail: WebhookErrorDetail = {};
  const code = own(error, 'code');
  if (typeof code === 'number' && Number.isInteger(code)) detail.code = code;
  const title = optString(error, 'title');
  const message = optString(error, 'message');
  const data = own(error, 'error_data');
  const details = isRecord(data) ? optString(data, 'details') : undefined;
  if (title !== undefined) detail.title = title;
  if (message !== undefined) detail.message = message;
  if (details !== undefined) detail.details = details;
  return detail;
}

function readUserPreferences(value: Json, routing: Routing, path: string, out: WebhookEvent[]): void {
  optArrayAt(value, 'user_preferences', `${path}.user_preferences`).forEach((pref, i) => {
    const itemPath = `${path}.user_preferences[${i}]`;
    if (!isRecord(pref)) throw new WebhookPayloadError(`${itemPath} must be an object`);
    const prefValue = optString(pref, 'value');
    const category = optString(pref, 'category');
    if (!prefValue) throw new WebhookPayloadError(`${itemPath}.value must be a string`);
    if (!category) throw new WebhookPayloadError(`${itemPath}.category must be a string`);
    const event: UserPreferenceEvent = {
      kind: 'user_preference',
      ...routing,
      category,
      value: prefValue,
      timestamp: timestampAt(pref, `${itemPath}.timestamp`),
      raw: pref,
    };
    const digits = phoneDigits(own(pref, 'wa_id'), `${itemPath}.wa_id`);
    if (digits) event.from = citizenNumberFromWaId(digits);
    const userId = optString(pref, 'user_id');
    if (userId) event.fromUserId = userId;
    const detail = optString(pref, 'detail');
    if (detail !== undefined) event.detail = detail;
    out.push(event);
  });
}

// ---- untrusted-JSON readers -------------------------------------------------------------------------

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function own(record: Json, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

function optString(record: Json, key: string): string | undefined {
  const value = own(record, key);
  return typeof value === 'string' ? value : undefined;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

function arrayOrEmpty(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function arrayAt(record: Json, key: string, path: string): unknown[] {
  const value = own(record, key);
  if (!Array.isArray(value)) throw new WebhookPayloadError(`${path} must be an array, got ${kindOf(value)}`);
  return value;
}

function optArrayAt(record: Json, key: string, path: string): unknown[] {
  const value = own(record, key);
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new WebhookPayloadError(`${path} must be an array, got ${kindOf(value)}`);
  return value;
}

/** Meta's ids are strings; a safe integer is accepted, a larger number would already have lost digits. */
function idValue(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value.toString();
  return undefined;
}

function requiredId(record: Json, key: string, path: string): string {
  const id = idValue(own(record, key));
  if (id === undefined) throw new WebhookPayloadError(`${path} is missing`);
  return id;
}

/** Absent or empty is allowed (BSUID-only users); anything else must be a phone number. */
function phoneDigits(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const match = typeof value === 'string' ? PHONE_DIGITS.exec(value) : null;
  if (!match) throw new WebhookPayloadError(`${path} is not a phone number`);
  return match[1];
}

/**
 * Unix seconds as a string; Meta sometimes sends milliseconds instead, so values ≥ 1e12 are taken as
 * milliseconds (Courier's normalisation, WHATSAPP.md §2.2).
 */
function timestampAt(record: Json, path: string): Date {
  const value = own(record, 'timestamp');
  let n: number | undefined;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\d{1,20}(\.\d{1,9})?$/.test(value)) n = Number(value);
  if (n === undefined || !Number.isFinite(n) || n < 0) throw new WebhookPayloadError(`${path} is not a Unix timestamp`);
  const ms = n >= 1e12 ? n : n * 1000;
  if (ms > MAX_MS) throw new WebhookPayloadError(`${path} is out of range`);
  return new Date(Math.round(ms));
}
