/**
 * Webhook bodies shaped like Meta's reference examples (webhooks/reference/messages/*, user_preferences,
 * status), with Italian content and 2026 BSUID fields.
 */
export const WABA_ID = '102290129340398';
export const PHONE_NUMBER_ID = '106540352242922';
export const DISPLAY_NUMBER = '390612345678';
export const CITIZEN = '393330000001';
export const CITIZEN_BSUID = 'IT.13491208655302741918';

export function envelope(value: Record<string, unknown>, field = 'messages'): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: WABA_ID,
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: DISPLAY_NUMBER, phone_number_id: PHONE_NUMBER_ID },
              ...value,
            },
            field,
          },
        ],
      },
    ],
  };
}

const contacts = [{ profile: { name: 'Maria Rossi' }, wa_id: CITIZEN, user_id: CITIZEN_BSUID }];

export function inbound(message: Record<string, unknown>, withContacts = true): Record<string, unknown> {
  return envelope({
    ...(withContacts && { contacts }),
    messages: [{ from: CITIZEN, from_user_id: CITIZEN_BSUID, id: 'wamid.HBgLMzkzMzMwMDAwMDAxFQIAEhgUM0VCMEQ2', timestamp: '1767225600', ...message }],
  });
}

export const fixtures = {
  text: inbound({ type: 'text', text: { body: 'ATTIVA viabilità' } }),
  forwardedText: inbound({ type: 'text', text: { body: 'inoltrato' }, context: { forwarded: true } }),
  button: inbound({
    type: 'button',
    context: { from: DISPLAY_NUMBER, id: 'wamid.TEMPLATE1' },
    button: { text: 'Disattiva', payload: 'UNSUBSCRIBE' },
  }),
  buttonReply: inbound({
    type: 'interactive',
    context: { from: DISPLAY_NUMBER, id: 'wamid.INTERACTIVE1' },
    interactive: { type: 'button_reply', button_reply: { id: 'topic:viabilita', title: 'Viabilità' } },
  }),
  listReply: inbound({
    type: 'interactive',
    interactive: { type: 'list_reply', list_reply: { id: 'topic:eventi', title: 'Eventi', description: 'Feste e cultura' } },
  }),
  image: inbound({
    type: 'image',
    image: {
      caption: 'Buca in via Garibaldi',
      mime_type: 'image/jpeg',
      sha256: 'Vc4b5Nw9Ppn8/3yOKuw0dQUvBQJgVOcQB27ZQ1fMIbM=',
      id: '1003383421387256',
      url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1003383421387256',
    },
  }),
  video: inbound({ type: 'video', video: { mime_type: 'video/mp4', sha256: 'abc=', id: '2003' } }),
  audio: inbound({ type: 'audio', audio: { mime_type: 'audio/ogg; codecs=opus', sha256: 'def=', id: '3003', voice: true } }),
  document: inbound({
    type: 'document',
    document: { caption: 'Modulo', filename: 'domanda.pdf', mime_type: 'application/pdf', sha256: 'ghi=', id: '4003' },
  }),
  sticker: inbound({ type: 'sticker', sticker: { mime_type: 'image/webp', sha256: 'jkl=', id: '5003', animated: false } }),
  location: inbound({
    type: 'location',
    location: { latitude: 41.9028, longitude: 12.4964, name: 'Municipio', address: 'Piazza del Campidoglio 1' },
  }),
  contacts: inbound({
    type: 'contacts',
    contacts: [{ name: { formatted_name: 'Ufficio Tecnico', first_name: 'Ufficio' }, phones: [{ phone: '+39 06 1234', type: 'WORK' }] }],
  }),
  reaction: inbound({ type: 'reaction', reaction: { message_id: 'wamid.NEWS1', emoji: '👍' } }),
  reactionRemoved: inbound({ type: 'reaction', reaction: { message_id: 'wamid.NEWS1', emoji: '' } }),
  order: inbound({
    type: 'order',
    order: { catalog_id: '123', product_items: [{ product_retailer_id: 'x', quantity: 1, item_price: 1, currency: 'EUR' }] },
  }),
  unsupported: inbound({
    type: 'unsupported',
    errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown', error_data: { details: 'Message type is currently not supported.' } }],
    unsupported: { type: 'edit' },
  }),
  numberChange: inbound(
    {
      type: 'system',
      system: { body: 'User A changed from +39 333 0000001 to +39 333 0000009', wa_id: '393330000009', type: 'user_changed_number' },
    },
    false,
  ),
  requestWelcome: inbound({ type: 'request_welcome' }),
  bsuidOnly: envelope({
    contacts: [{ profile: { name: 'utente_anonimo' }, user_id: CITIZEN_BSUID }],
    messages: [{ from_user_id: CITIZEN_BSUID, id: 'wamid.BSUID1', timestamp: '1767225600', type: 'text', text: { body: 'ciao' } }],
  }),
  statuses: envelope({
    statuses: [
      {
        id: 'wamid.SENT1',
        status: 'sent',
        timestamp: '1767225601',
        recipient_id: CITIZEN,
        recipient_user_id: CITIZEN_BSUID,
        biz_opaque_callback_data: 'delivery:42',
        pricing: { billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' },
      },
      { id: 'wamid.SENT1', status: 'delivered', timestamp: '1767225602', recipient_id: CITIZEN },
      { id: 'wamid.SENT1', status: 'read', timestamp: '1767225603000', recipient_id: CITIZEN },
    ],
  }),
  failedStatus: envelope({
    statuses: [
      {
        id: 'wamid.FAIL1',
        status: 'failed',
        timestamp: '1767225601',
        recipient_id: '393339999999',
        errors: [
          {
            code: 131026,
            title: 'Message undeliverable',
            message: 'Message undeliverable',
            error_data: { details: 'Message Undeliverable.' },
            href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
          },
        ],
      },
    ],
  }),
  systemErrors: envelope({
    errors: [{ code: 131042, title: 'Business eligibility payment issue', message: 'Business eligibility payment issue', error_data: { details: 'Payment method missing' } }],
  }),
  userPreferences: envelope(
    {
      contacts: [{ profile: { name: 'Maria Rossi' }, wa_id: CITIZEN }],
      user_preferences: [
        { wa_id: CITIZEN, detail: 'User requested to stop marketing messages', category: 'marketing_messages', value: 'stop', timestamp: 1767225600 },
      ],
    },
    'user_preferences',
  ),
  templateStatusUpdate: {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: WABA_ID,
        time: 1767225600,
        changes: [{ value: { event: 'APPROVED', message_template_id: 1, message_template_name: 'x', message_template_language: 'it' }, field: 'message_template_status_update' }],
      },
    ],
  },
};
