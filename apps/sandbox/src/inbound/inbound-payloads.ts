/**
 * Meta-shaped `messages` webhooks for a simulated citizen (WHATSAPP.md §2.3, with the 2026 BSUID fields
 * of §2.5: `contacts[].user_id` and `messages[].from_user_id`). Pure: ids and time are passed in.
 */
export const INBOUND_TYPES = [
  'text',
  'button',
  'interactive',
  'image',
  'video',
  'audio',
  'document',
  'sticker',
  'location',
  'reaction',
  'contacts',
  'unsupported',
  'request_welcome',
  'system',
] as const;
export type InboundType = (typeof INBOUND_TYPES)[number];

export interface InboundSpec {
  type: InboundType;
  fromDigits: string;
  userId: string;
  profileName: string;
  wamid: string;
  timestamp: Date;
  /** Text body, button label, interactive title, media caption or reaction emoji. */
  text?: string;
  /** Quick-reply payload or interactive reply id. */
  buttonPayload?: string;
  /** The business message this one answers or reacts to. */
  contextMessageId?: string;
  /** Business number, digits: the `context.from` of a reply. */
  businessDigits: string;
  mediaId?: string;
  mediaUrl?: string;
  filename?: string;
  latitude?: number;
  longitude?: number;
  /** `system` only: the citizen's new number, digits. */
  newDigits?: string;
  /**
   * The citizen uses a WhatsApp username and has not written to this business number for 30 days:
   * Meta leaves out `from` and `wa_id`, only the BSUID names them (WHATSAPP.md §2.5).
   */
  phoneHidden?: boolean;
}

export interface BusinessNumberRef {
  wabaId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
}

const MIME: Record<string, string> = {
  image: 'image/jpeg',
  video: 'video/mp4',
  audio: 'audio/ogg; codecs=opus',
  document: 'application/pdf',
  sticker: 'image/webp',
};

export function inboundMessage(spec: InboundSpec): Record<string, unknown> {
  const message: Record<string, unknown> = {
    ...(!spec.phoneHidden && { from: spec.fromDigits }),
    from_user_id: spec.userId,
    id: spec.wamid,
    timestamp: Math.floor(spec.timestamp.getTime() / 1000).toString(),
    type: spec.type,
  };
  const context = spec.contextMessageId ? { from: spec.businessDigits, id: spec.contextMessageId } : undefined;
  switch (spec.type) {
    case 'text':
      message.text = { body: spec.text ?? '' };
      break;
    case 'button':
      if (context) message.context = context;
      // Without a payload set at send time, Meta echoes the label as payload.
      message.button = { text: spec.text ?? spec.buttonPayload ?? '', payload: spec.buttonPayload ?? spec.text ?? '' };
      break;
    case 'interactive':
      if (context) message.context = context;
      message.interactive = {
        type: 'button_reply',
        button_reply: { id: spec.buttonPayload ?? spec.text ?? '', title: spec.text ?? spec.buttonPayload ?? '' },
      };
      break;
    case 'image':
    case 'video':
    case 'audio':
    case 'document':
    case 'sticker': {
      const media: Record<string, unknown> = {
        mime_type: MIME[spec.type],
        sha256: 'c2FuZGJveC1tZWRpYS1zaGEyNTY=',
        id: spec.mediaId ?? '0',
      };
      if (spec.mediaUrl) media.url = spec.mediaUrl;
      if (spec.text && spec.type !== 'audio' && spec.type !== 'sticker') media.caption = spec.text;
      if (spec.type === 'document') media.filename = spec.filename ?? 'documento.pdf';
      message[spec.type] = media;
      break;
    }
    case 'location':
      message.location = {
        latitude: spec.latitude ?? 41.8933,
        longitude: spec.longitude ?? 12.4829,
        ...(spec.text && { name: spec.text }),
      };
      break;
    case 'reaction':
      message.reaction = { message_id: spec.contextMessageId ?? '', emoji: spec.text ?? '👍' };
      break;
    case 'contacts':
      message.contacts = [{ name: { formatted_name: spec.text ?? 'Contatto', first_name: spec.text ?? 'Contatto' }, phones: [] }];
      break;
    case 'unsupported':
      message.errors = [
        {
          code: 131051,
          title: 'Message type unknown',
          message: 'Message type unknown',
          error_data: { details: 'Message type is currently not supported.' },
        },
      ];
      message.unsupported = { type: 'edit' };
      break;
    case 'system':
      message.system = {
        body: `User ${spec.profileName} changed from ${spec.fromDigits} to ${spec.newDigits ?? ''}`,
        wa_id: spec.newDigits ?? '',
        type: 'user_changed_number',
      };
      break;
    case 'request_welcome':
      break;
  }
  return message;
}

export function messagesWebhook(number: BusinessNumberRef, spec: InboundSpec): Record<string, unknown> {
  const value: Record<string, unknown> = {
    messaging_product: 'whatsapp',
    metadata: { display_phone_number: number.displayPhoneNumber, phone_number_id: number.phoneNumberId },
  };
  // A number-change notice comes without a contacts array (§2.3).
  if (spec.type !== 'system') {
    value.contacts = [{ profile: { name: spec.profileName }, ...(!spec.phoneHidden && { wa_id: spec.fromDigits }), user_id: spec.userId }];
  }
  value.messages = [inboundMessage(spec)];
  return envelope(number, value, 'messages');
}

export function userPreferencesWebhook(
  number: BusinessNumberRef,
  pref: { fromDigits: string; profileName: string; value: 'stop' | 'resume'; timestamp: Date },
): Record<string, unknown> {
  return envelope(
    number,
    {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: number.displayPhoneNumber, phone_number_id: number.phoneNumberId },
      contacts: [{ profile: { name: pref.profileName }, wa_id: pref.fromDigits }],
      user_preferences: [
        {
          wa_id: pref.fromDigits,
          detail: pref.value === 'stop' ? 'User requested to stop marketing messages' : 'User requested to resume marketing messages',
          category: 'marketing_messages',
          value: pref.value,
          timestamp: Math.floor(pref.timestamp.getTime() / 1000),
        },
      ],
    },
    'user_preferences',
  );
}

function envelope(number: BusinessNumberRef, value: Record<string, unknown>, field: string): Record<string, unknown> {
  return { object: 'whatsapp_business_account', entry: [{ id: number.wabaId, changes: [{ value, field }] }] };
}
