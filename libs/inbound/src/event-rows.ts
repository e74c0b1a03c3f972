import type { TemplateStatusEvent, WebhookEvent } from '@bacheca/whatsapp';

/** A webhook event as stored: personal data sealed or hashed, the rest as JSON. */
export interface EventRow {
  tenant_id: string;
  whatsapp_number_id: string;
  event_key: string;
  kind: WebhookEvent['kind'] | TemplateStatusEvent['kind'];
  occurred_at: string;
  citizen_hash: string | null;
  citizen_phone_enc: string | null;
  citizen_user_id: string | null;
  payload: Record<string, unknown>;
}

export interface Sealing {
  hash(phone: string): Buffer;
  seal(phone: string): Buffer;
}

/**
 * One key per Meta fact, so the same webhook delivered twice stores once: a message by its wamid,
 * a status by wamid and status (sent, delivered and read are three facts), a preference by who,
 * when and what.
 */
export function eventKey(e: WebhookEvent): string {
  switch (e.kind) {
    case 'message':
      return `m:${e.metaMessageId}`;
    case 'status':
      return `s:${e.metaMessageId}:${e.rawStatus}`;
    case 'user_preference':
      return `p:${e.from ?? e.fromUserId}:${e.category}:${e.value}:${e.timestamp.getTime()}`;
    case 'system_error':
      return `e:${e.code ?? ''}:${e.title ?? ''}:${e.details ?? ''}`.slice(0, 500);
  }
}

function citizenOf(e: WebhookEvent): { phone?: string; userId?: string } {
  switch (e.kind) {
    case 'message':
    case 'user_preference':
      return { phone: e.from, userId: e.fromUserId };
    case 'status':
      return { phone: e.recipient, userId: e.recipientUserId };
    default:
      return {};
  }
}

/** What is kept of the event besides the columns: no raw payload, no phone number in clear. */
function payloadOf(e: WebhookEvent, sealing: Sealing): Record<string, unknown> {
  const { raw: _raw, phoneNumberId: _p, displayPhoneNumber: _d, wabaId: _w, ...rest } = e as WebhookEvent & Record<string, unknown>;
  const out: Record<string, unknown> = { ...rest };
  delete out.from;
  delete out.recipient;
  if (e.kind === 'message' && e.type === 'system') {
    // Meta's human text of a number change spells out both numbers.
    delete out.text;
    delete out.newFrom;
    delete out.newWaId;
    if (e.newFrom) out.newFromSealed = sealing.seal(e.newFrom).toString('base64');
  }
  return out;
}

/** Postgres text and jsonb cannot hold U+0000; Meta never sends it in anything meaningful. */
function withoutNul<T>(value: T): T {
  if (typeof value === 'string') return value.split('\u0000').join('') as T;
  if (Array.isArray(value)) return value.map(withoutNul) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [withoutNul(k), withoutNul(v)])) as T;
  }
  return value;
}

export function toEventRow(e: WebhookEvent, number: { id: string; tenantId: string }, sealing: Sealing): EventRow {
  const { phone, userId } = citizenOf(e);
  const occurred = 'timestamp' in e && e.timestamp instanceof Date ? e.timestamp : new Date();
  return {
    tenant_id: number.tenantId,
    whatsapp_number_id: number.id,
    event_key: withoutNul(eventKey(e)),
    kind: e.kind,
    occurred_at: occurred.toISOString(),
    citizen_hash: phone ? sealing.hash(phone).toString('hex') : null,
    // A status only needs to say whose it is: the number itself is kept only where a reply may follow.
    citizen_phone_enc: phone && e.kind !== 'status' ? sealing.seal(phone).toString('hex') : null,
    citizen_user_id: userId ? withoutNul(userId) : null,
    payload: withoutNul(payloadOf(e, sealing)),
  };
}

/** A template status change, stored for each comune with a number in the WABA (through one of them). */
export function toTemplateEventRow(e: TemplateStatusEvent, number: { id: string; tenantId: string }): EventRow {
  const { kind: _k, wabaId: _w, timestamp: _t, ...payload } = e;
  return {
    tenant_id: number.tenantId,
    whatsapp_number_id: number.id,
    event_key: `t:${e.wabaId}:${e.templateName}:${e.language}:${e.event}:${e.timestamp.getTime()}`,
    kind: e.kind,
    occurred_at: e.timestamp.toISOString(),
    citizen_hash: null,
    citizen_phone_enc: null,
    citizen_user_id: null,
    payload: withoutNul(payload),
  };
}
