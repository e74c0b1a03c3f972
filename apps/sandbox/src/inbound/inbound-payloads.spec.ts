import { InboundMessageEvent, parseWebhookPayload, UserPreferenceEvent } from '@bacheca/whatsapp';
import { INBOUND_TYPES, InboundSpec, messagesWebhook, userPreferencesWebhook } from './inbound-payloads';

const number = { wabaId: '102290129340398', phoneNumberId: '106540352242922', displayPhoneNumber: '390612345678' };
const spec = (over: Partial<InboundSpec>): InboundSpec => ({
  type: 'text',
  fromDigits: '393330000001',
  userId: 'IT.123',
  profileName: 'Maria',
  wamid: 'wamid.IN1',
  timestamp: new Date('2026-01-01T00:00:00Z'),
  businessDigits: number.displayPhoneNumber,
  ...over,
});
const parse = (over: Partial<InboundSpec>) => parseWebhookPayload(messagesWebhook(number, spec(over)))[0] as InboundMessageEvent;

describe('inbound payloads', () => {
  it('build a text message the parser reads back field by field', () => {
    expect(parse({ text: 'ATTIVA' })).toMatchObject({
      phoneNumberId: number.phoneNumberId,
      displayPhoneNumber: number.displayPhoneNumber,
      wabaId: number.wabaId,
      metaMessageId: 'wamid.IN1',
      from: '+393330000001',
      fromUserId: 'IT.123',
      profileName: 'Maria',
      type: 'text',
      text: 'ATTIVA',
      timestamp: new Date('2026-01-01T00:00:00Z'),
    });
  });

  it.each(INBOUND_TYPES.map((t) => [t]))('build a %s message the parser accepts with the same type', (type) => {
    expect(parse({ type, text: 'x', newDigits: '393330000009' }).type).toBe(type);
  });

  it('echo the label as payload when no payload was set, as Meta does', () => {
    expect(parse({ type: 'button', text: 'Disattiva', contextMessageId: 'wamid.T' })).toMatchObject({
      text: 'Disattiva',
      buttonPayload: 'Disattiva',
      contextMessageId: 'wamid.T',
    });
  });

  it('map interactive replies and reactions', () => {
    expect(parse({ type: 'interactive', text: 'Eventi', buttonPayload: 'topic:eventi' })).toMatchObject({ text: 'Eventi', buttonPayload: 'topic:eventi' });
    expect(parse({ type: 'reaction', text: '🙏', contextMessageId: 'wamid.N' }).reaction).toEqual({ messageId: 'wamid.N', emoji: '🙏' });
  });

  it('send a number change without contacts', () => {
    const payload = messagesWebhook(number, spec({ type: 'system', newDigits: '393330000009' })) as {
      entry: { changes: { value: Record<string, unknown> }[] }[];
    };
    expect(payload.entry[0].changes[0].value.contacts).toBeUndefined();
    expect(parse({ type: 'system', newDigits: '393330000009' })).toMatchObject({ newFrom: '+393330000009' });
  });

  it('name a citizen with a username by BSUID only, without from and wa_id', () => {
    const payload = messagesWebhook(number, spec({ type: 'text', text: 'STOP', phoneHidden: true })) as {
      entry: { changes: { value: { contacts: Record<string, unknown>[]; messages: Record<string, unknown>[] } }[] }[];
    };
    const value = payload.entry[0].changes[0].value;
    expect(value.contacts[0]).not.toHaveProperty('wa_id');
    expect(value.messages[0]).not.toHaveProperty('from');
    const event = parse({ type: 'text', text: 'STOP', phoneHidden: true });
    expect(event.from).toBeUndefined();
    expect(event).toMatchObject({ fromUserId: 'IT.123', text: 'STOP' });
  });

  it('build a user_preferences webhook', () => {
    const payload = userPreferencesWebhook(number, { fromDigits: '393330000001', profileName: 'M', value: 'resume', timestamp: new Date(0) });
    expect(parseWebhookPayload(payload)[0] as UserPreferenceEvent).toMatchObject({ kind: 'user_preference', value: 'resume', from: '+393330000001' });
  });
});
