import { buildDocumentMessage, buildImageMessage, buildTemplateMessage, buildTextMessage } from '@bacheca/whatsapp';
import { MetaError } from './meta-error';
import { normaliseRecipient, validateSendRequest } from './send-validation';

const to = '+393330000001';

function refusal(body: unknown): MetaError {
  try {
    validateSendRequest(body, '39');
  } catch (error) {
    expect(error).toBeInstanceOf(MetaError);
    return error as MetaError;
  }
  throw new Error('expected the body to be refused');
}

describe('validateSendRequest', () => {
  it('accepts every body the production builders make', () => {
    const bodies = [
      buildTextMessage(to, 'Ciao', { previewUrl: false, bizOpaqueCallbackData: 'd:1' }),
      buildTemplateMessage(to, {
        name: 'avviso_viabilita',
        languageCode: 'it',
        header: { media: { type: 'document', link: 'https://x.it/a.pdf', filename: 'a.pdf' } },
        body: { via: 'Roma' },
        buttons: [{ subType: 'quick_reply', index: 0, payload: 'STOP' }, { subType: 'url', index: 1, text: 'x' }],
      }),
      buildImageMessage(to, { id: '12345', caption: 'c' }),
      buildDocumentMessage(to, { link: 'https://x.it/a.pdf', filename: 'a.pdf' }),
    ];
    for (const body of bodies) expect(validateSendRequest(body, '39').recipient).toBe(to);
    expect(validateSendRequest(bodies[0], '39').bizOpaqueCallbackData).toBe('d:1');
  });

  it('accepts the other Cloud API types with their minimal objects', () => {
    const base = { messaging_product: 'whatsapp', to };
    expect(validateSendRequest({ ...base, type: 'location', location: { latitude: 41.9, longitude: '12.5' } }, '39').type).toBe('location');
    expect(validateSendRequest({ ...base, type: 'reaction', reaction: { message_id: 'wamid.X', emoji: '' } }, '39').type).toBe('reaction');
    expect(validateSendRequest({ ...base, type: 'contacts', contacts: [{ name: { formatted_name: 'Ufficio' } }] }, '39').type).toBe('contacts');
    expect(validateSendRequest({ ...base, type: 'interactive', interactive: { type: 'button' } }, '39').type).toBe('interactive');
  });

  const text = (body: unknown, extra: Record<string, unknown> = {}) => ({ messaging_product: 'whatsapp', to, type: 'text', text: { body }, ...extra });
  const template = (parameters: unknown[], name = 'avviso') => ({
    messaging_product: 'whatsapp',
    to,
    type: 'template',
    template: { name, language: { code: 'it' }, components: [{ type: 'body', parameters }] },
  });

  it.each<[string, unknown, number, RegExp]>([
    ['a non-object body', [1], 100, /JSON object/],
    ['a missing messaging_product', { to, text: { body: 'x' } }, 100, /messaging_product is required/],
    ['a wrong messaging_product', { ...text('x'), messaging_product: 'sms' }, 100, /one of \{WHATSAPP\}/],
    ['a missing to', { messaging_product: 'whatsapp', text: { body: 'x' } }, 100, /parameter to is required/],
    ['a to that is not a number', text('x', { to: 'mario' }), 100, /not a valid phone number/],
    ['an unknown type', text('x', { type: 'fax', fax: {} }), 100, /type must be one of/],
    ['a type without its object', { messaging_product: 'whatsapp', to, type: 'image' }, 100, /parameter image is required/],
    ['an empty text', text(''), 100, /non-empty/],
    ['a text over 4096 characters', text('x'.repeat(4097)), 100, /at most 4096/],
    ['a non-boolean preview_url', { ...text('x'), text: { body: 'x', preview_url: 'yes' } }, 100, /boolean/],
    ['a non-string callback data', text('x', { biz_opaque_callback_data: 5 }), 100, /biz_opaque_callback_data/],
    ['media with neither link nor id', { messaging_product: 'whatsapp', to, type: 'image', image: { caption: 'x' } }, 100, /link'\] or image\['id'\]/],
    ['media with both link and id', { messaging_product: 'whatsapp', to, type: 'image', image: { link: 'https://a/b', id: '1' } }, 100, /not both/],
    ['media with a non-http link', { messaging_product: 'whatsapp', to, type: 'document', document: { link: 'file:///etc/passwd' } }, 100, /valid http/],
    ['a caption over 1024 characters', { messaging_product: 'whatsapp', to, type: 'image', image: { id: '1', caption: 'x'.repeat(1025) } }, 100, /1024/],
    ['a template parameter with a new-line', template([{ type: 'text', text: 'a\nb' }]), 132018, /new-line/],
    ['a template parameter with a tab', template([{ type: 'text', text: 'a\tb' }]), 132018, /tab/],
    ['a template parameter with 5 spaces', template([{ type: 'text', text: 'a     b' }]), 132018, /consecutive spaces/],
    ['an empty template parameter', template([{ type: 'text', text: '' }]), 100, /non-empty/],
    ['an unknown parameter type', template([{ type: 'hologram' }]), 100, /not a valid parameter type/],
    ['a template name that cannot exist', template([], 'Avviso!'), 132001, /does not exist/],
    ['a template without language', { messaging_product: 'whatsapp', to, type: 'template', template: { name: 'a' } }, 100, /language/],
    [
      'a button without index',
      { messaging_product: 'whatsapp', to, type: 'template', template: { name: 'a', language: { code: 'it' }, components: [{ type: 'button', sub_type: 'quick_reply', parameters: [] }] } },
      100,
      /index/,
    ],
    ['a context without message_id', text('x', { context: {} }), 100, /message_id/],
  ])('refuses %s', (_name, body, code, details) => {
    const error = refusal(body);
    expect(error.code).toBe(code);
    expect(error.details).toMatch(details);
    expect(error.httpStatus).toBe(code === 132001 ? 404 : 400);
  });

  it('defaults the type to text', () => {
    expect(validateSendRequest({ messaging_product: 'whatsapp', to, text: { body: 'x' } }, '39').type).toBe('text');
  });

  it('counts characters, not UTF-16 units', () => {
    expect(() => validateSendRequest(text('👋'.repeat(4096)), '39')).not.toThrow();
  });

  it('does not read inherited properties as the type object', () => {
    expect(refusal({ messaging_product: 'whatsapp', to, type: 'text' }).details).toMatch(/text is required/);
  });
});

describe('normaliseRecipient', () => {
  it.each([
    ['+393330000001', '+393330000001'],
    ['+39 333 000-0001', '+393330000001'],
    ['+39 (333) 0000001', '+393330000001'],
    // Without "+" Meta prepends the business number's country code.
    ['3330000001', '+393330000001'],
    ['393330000001', '+39393330000001'],
  ])('%s → %s', (input, output) => {
    expect(normaliseRecipient(input, '39')).toBe(output);
  });

  it.each(['', 'abc', '+0123456', '+1234', '+1234567890123456'])('refuses %j', (input) => {
    expect(normaliseRecipient(input, '39')).toBeUndefined();
  });
});
