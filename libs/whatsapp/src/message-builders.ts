/**
 * The JSON bodies of `POST /<version>/<PHONE_NUMBER_ID>/messages` (WHATSAPP.md §3, §6). Pure functions:
 * the client sends exactly what these return, and tests compare against them.
 */

/** Positional parameters fill {{1}}, {{2}}… in order; named ones fill {{first_name}}. */
export type TemplateParams = readonly string[] | Readonly<Record<string, string>>;

export interface TemplateMediaHeader {
  media: { type: 'image' | 'document' | 'video'; link: string; filename?: string };
}

export type TemplateButton =
  /** Per-send payload of a quick-reply button; it comes back in the `button` webhook. */
  | { subType: 'quick_reply'; index: number; payload: string }
  /** The variable suffix of a dynamic URL button. */
  | { subType: 'url'; index: number; text: string };

export interface TemplateMessage {
  name: string;
  /** e.g. 'it' */
  languageCode: string;
  header?: TemplateParams | TemplateMediaHeader;
  body?: TemplateParams;
  buttons?: readonly TemplateButton[];
}

export type MediaRef = { link: string; id?: never } | { id: string; link?: never };

export type ImageMessage = MediaRef & { caption?: string };
export type DocumentMessage = MediaRef & { caption?: string; filename?: string };

export interface SendOptions {
  /** Echoed back in every status webhook of this message; our delivery id goes here. */
  bizOpaqueCallbackData?: string;
}

export interface TextOptions extends SendOptions {
  previewUrl?: boolean;
}

export interface OutboundMessage {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
  to: string;
  type: 'text' | 'template' | 'image' | 'document';
  biz_opaque_callback_data?: string;
  text?: { body: string; preview_url?: boolean };
  template?: { name: string; language: { code: string }; components?: TemplateComponent[] };
  image?: { link?: string; id?: string; caption?: string };
  document?: { link?: string; id?: string; caption?: string; filename?: string };
}

export type TemplateParameter =
  | { type: 'text'; text: string; parameter_name?: string }
  | { type: 'image'; image: { link: string } }
  | { type: 'video'; video: { link: string } }
  | { type: 'document'; document: { link: string; filename?: string } }
  | { type: 'payload'; payload: string };

export interface TemplateComponent {
  type: 'header' | 'body' | 'button';
  sub_type?: 'quick_reply' | 'url';
  index?: string;
  parameters: TemplateParameter[];
}

function envelope(to: string, type: OutboundMessage['type'], opts: SendOptions | undefined): OutboundMessage {
  const message: OutboundMessage = { messaging_product: 'whatsapp', recipient_type: 'individual', to, type };
  if (opts?.bizOpaqueCallbackData !== undefined) message.biz_opaque_callback_data = opts.bizOpaqueCallbackData;
  return message;
}

export function buildTextMessage(to: string, body: string, opts?: TextOptions): OutboundMessage {
  const message = envelope(to, 'text', opts);
  message.text = opts?.previewUrl === undefined ? { body } : { body, preview_url: opts.previewUrl };
  return message;
}

export function buildTemplateMessage(to: string, template: TemplateMessage, opts?: SendOptions): OutboundMessage {
  const message = envelope(to, 'template', opts);
  const components: TemplateComponent[] = [];
  if (template.header) components.push({ type: 'header', parameters: headerParameters(template.header) });
  if (template.body) components.push({ type: 'body', parameters: textParameters(template.body) });
  for (const button of template.buttons ?? []) {
    components.push({
      type: 'button',
      sub_type: button.subType,
      // Meta documents the index as a string ("0").
      index: String(button.index),
      parameters:
        button.subType === 'quick_reply'
          ? [{ type: 'payload', payload: button.payload }]
          : [{ type: 'text', text: button.text }],
    });
  }
  message.template = { name: template.name, language: { code: template.languageCode } };
  if (components.length > 0) message.template.components = components;
  return message;
}

export function buildImageMessage(to: string, image: ImageMessage, opts?: SendOptions): OutboundMessage {
  const message = envelope(to, 'image', opts);
  message.image = { ...mediaRef(image), ...(image.caption !== undefined && { caption: image.caption }) };
  return message;
}

export function buildDocumentMessage(to: string, document: DocumentMessage, opts?: SendOptions): OutboundMessage {
  const message = envelope(to, 'document', opts);
  message.document = {
    ...mediaRef(document),
    ...(document.caption !== undefined && { caption: document.caption }),
    ...(document.filename !== undefined && { filename: document.filename }),
  };
  return message;
}

function mediaRef(ref: MediaRef): { link: string } | { id: string } {
  return ref.id !== undefined ? { id: ref.id } : { link: ref.link as string };
}

function isMediaHeader(header: TemplateParams | TemplateMediaHeader): header is TemplateMediaHeader {
  return !Array.isArray(header) && typeof (header as TemplateMediaHeader).media === 'object';
}

function headerParameters(header: TemplateParams | TemplateMediaHeader): TemplateParameter[] {
  if (!isMediaHeader(header)) return textParameters(header);
  const { type, link, filename } = header.media;
  if (type === 'image') return [{ type: 'image', image: { link } }];
  if (type === 'video') return [{ type: 'video', video: { link } }];
  return [{ type: 'document', document: filename === undefined ? { link } : { link, filename } }];
}

function textParameters(params: TemplateParams): TemplateParameter[] {
  if (isPositional(params)) return params.map((text) => ({ type: 'text', text }));
  return Object.entries(params).map(([name, text]) => ({ type: 'text', parameter_name: name, text }));
}

function isPositional(params: TemplateParams): params is readonly string[] {
  return Array.isArray(params);
}
