import { buildDocumentMessage, buildImageMessage, buildTemplateMessage, buildTextMessage } from './message-builders';

const to = '+393330000001';

describe('message builders', () => {
  it('builds a text message with preview and callback data', () => {
    expect(buildTextMessage(to, 'Ciao', { previewUrl: true, bizOpaqueCallbackData: 'delivery:42' })).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to,
      type: 'text',
      biz_opaque_callback_data: 'delivery:42',
      text: { body: 'Ciao', preview_url: true },
    });
  });

  it('omits optional fields that were not given', () => {
    const message = buildTextMessage(to, 'Ciao');
    expect(message).not.toHaveProperty('biz_opaque_callback_data');
    expect(message.text).toEqual({ body: 'Ciao' });
  });

  it('builds a template with positional body, text header and quick-reply buttons', () => {
    const message = buildTemplateMessage(to, {
      name: 'avviso_viabilita',
      languageCode: 'it',
      header: ['Chiusura strada'],
      body: ['via Roma', '12 maggio'],
      buttons: [
        { subType: 'quick_reply', index: 0, payload: 'DISATTIVA' },
        { subType: 'url', index: 1, text: 'avvisi/123' },
      ],
    });
    expect(message.template).toEqual({
      name: 'avviso_viabilita',
      language: { code: 'it' },
      components: [
        { type: 'header', parameters: [{ type: 'text', text: 'Chiusura strada' }] },
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'via Roma' },
            { type: 'text', text: '12 maggio' },
          ],
        },
        { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'DISATTIVA' }] },
        { type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 'avvisi/123' }] },
      ],
    });
  });

  it('builds named parameters and a media header', () => {
    const message = buildTemplateMessage(to, {
      name: 'notizia',
      languageCode: 'it',
      header: { media: { type: 'image', link: 'https://example.org/a.jpg' } },
      body: { titolo: 'Festa patronale', data: 'domenica' },
    });
    expect(message.template?.components).toEqual([
      { type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.org/a.jpg' } }] },
      {
        type: 'body',
        parameters: [
          { type: 'text', parameter_name: 'titolo', text: 'Festa patronale' },
          { type: 'text', parameter_name: 'data', text: 'domenica' },
        ],
      },
    ]);
  });

  it('omits components for a template without parameters', () => {
    expect(buildTemplateMessage(to, { name: 'benvenuto', languageCode: 'it' }).template).toEqual({
      name: 'benvenuto',
      language: { code: 'it' },
    });
  });

  it('builds image and document messages by link or id', () => {
    expect(buildImageMessage(to, { link: 'https://example.org/a.png', caption: 'Mappa' }).image).toEqual({
      link: 'https://example.org/a.png',
      caption: 'Mappa',
    });
    expect(buildDocumentMessage(to, { id: '1234', filename: 'ordinanza.pdf' }).document).toEqual({
      id: '1234',
      filename: 'ordinanza.pdf',
    });
  });
});
