import { parseTemplateStatusUpdates, WebhookPayloadError } from './webhook-payload';

const update = (value: Record<string, unknown>, entry: Record<string, unknown> = {}) => ({
  object: 'whatsapp_business_account',
  entry: [{ id: '102290129340398', time: 1764806400, changes: [{ field: 'message_template_status_update', value }], ...entry }],
});
const rejected = { event: 'REJECTED', message_template_id: 594425479261596, message_template_name: 'bacheca_avviso', message_template_language: 'it', reason: 'INVALID_FORMAT' };

describe('parseTemplateStatusUpdates', () => {
  it('reads the WABA, the template, the event, the reason and when', () => {
    expect(parseTemplateStatusUpdates(update(rejected))).toEqual([
      {
        kind: 'template_status',
        wabaId: '102290129340398',
        templateName: 'bacheca_avviso',
        language: 'it',
        event: 'REJECTED',
        reason: 'INVALID_FORMAT',
        timestamp: new Date(1764806400_000),
      },
    ]);
  });

  it('drops the reason NONE, and accepts a locale such as en_US', () => {
    const [u] = parseTemplateStatusUpdates(update({ ...rejected, event: 'APPROVED', reason: 'NONE', message_template_language: 'en_US' }));
    expect(u).not.toHaveProperty('reason');
    expect(u.language).toBe('en_US');
  });

  it('ignores other fields, such as messages', () => {
    const payload = update(rejected);
    payload.entry[0].changes.push({ field: 'messages', value: { messaging_product: 'whatsapp' } } as never);
    payload.entry[0].changes.unshift({ field: 'phone_number_quality_update', value: {} } as never);
    expect(parseTemplateStatusUpdates(payload)).toHaveLength(1);
  });

  it.each([
    ['no envelope', 'not json'],
    ['another object', { object: 'page', entry: [] }],
    ['no WABA id', { object: 'whatsapp_business_account', entry: [{ changes: [] }] }],
    ['a WABA id that is not digits', update(rejected, { id: '../x' })],
    ['no event', update({ ...rejected, event: undefined })],
    ['an event in lower case', update({ ...rejected, event: 'approved' })],
    ['a template name with spaces', update({ ...rejected, message_template_name: 'avviso urgente' })],
    ['a template name that is an object', update({ ...rejected, message_template_name: { toString: 'x' } })],
    ['no language', update({ ...rejected, message_template_language: undefined })],
    ['a bad time', update(rejected, { time: 'yesterday' })],
    ['a value that is not an object', { object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'message_template_status_update', value: [] }] }] }],
  ])('refuses %s', (_, payload) => {
    expect(() => parseTemplateStatusUpdates(payload)).toThrow(WebhookPayloadError);
  });
});
