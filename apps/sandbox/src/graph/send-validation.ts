import { templateParamProblem } from '@bacheca/whatsapp';
import { metaErrors } from './meta-error';

/**
 * Checks a `POST /<version>/<PHONE_NUMBER_ID>/messages` body the way the Cloud API does, as far as
 * WHATSAPP.md §3, §4.7 and §6 describe it. Throws the MetaError Meta would answer.
 */
export interface ValidSend {
  /** `to` as the caller sent it. */
  to: string;
  /** E.164 of the recipient after Meta's normalisation. */
  recipient: string;
  type: string;
  bizOpaqueCallbackData?: string;
}

const TYPES = ['audio', 'contacts', 'document', 'image', 'interactive', 'location', 'reaction', 'sticker', 'template', 'text', 'video'];
const MEDIA = new Set(['audio', 'document', 'image', 'sticker', 'video']);
const TEXT_MAX = 4096;
const CAPTION_MAX = 1024;
const TEMPLATE_COMPONENTS = new Set(['header', 'body', 'button', 'footer', 'carousel', 'limited_time_offer']);
const BUTTON_SUB_TYPES = new Set(['quick_reply', 'url', 'copy_code', 'flow', 'catalog', 'mpm', 'voice_call']);

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function own(record: Json, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

function requireRecord(parent: Json, key: string, path: string): Json {
  const value = own(parent, key);
  if (value === undefined) throw metaErrors.requiredParameter(path);
  if (!isRecord(value)) throw metaErrors.invalidParameter(`Param ${path} must be a JSON object.`);
  return value;
}

function requireString(parent: Json, key: string, path: string): string {
  const value = own(parent, key);
  if (value === undefined || value === null) throw metaErrors.requiredParameter(path);
  if (typeof value !== 'string') throw metaErrors.invalidParameter(`Param ${path} must be a string.`);
  if (value === '') throw metaErrors.invalidParameter(`Param ${path} must be non-empty.`);
  return value;
}

function optionalString(parent: Json, key: string, path: string, max?: number): string | undefined {
  const value = own(parent, key);
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw metaErrors.invalidParameter(`Param ${path} must be a string.`);
  if (max !== undefined && [...value].length > max) {
    throw metaErrors.invalidParameter(`Param ${path} must be at most ${max} characters long.`);
  }
  return value;
}

/**
 * "+", spaces, hyphens and parentheses are accepted; without "+" Meta prepends the *business* number's
 * country code (WHATSAPP.md §3), which is how a bare "3331234567" reaches the wrong person.
 */
export function normaliseRecipient(to: string, businessCountryCode: string): string | undefined {
  const trimmed = to.trim();
  const digits = trimmed.replace(/[\s\-()]/g, '').replace(/^\+/, '');
  if (!/^\d+$/.test(digits)) return undefined;
  const full = trimmed.startsWith('+') ? digits : businessCountryCode + digits;
  return /^[1-9]\d{6,14}$/.test(full) ? `+${full}` : undefined;
}

export function validateSendRequest(body: unknown, businessCountryCode: string): ValidSend {
  if (!isRecord(body)) throw metaErrors.invalidParameter('The request body must be a JSON object.');
  const product = own(body, 'messaging_product');
  if (product === undefined) throw metaErrors.requiredParameter('messaging_product');
  if (product !== 'whatsapp') {
    throw metaErrors.invalidParameter('Param messaging_product must be one of {WHATSAPP}.');
  }
  const recipientType = own(body, 'recipient_type');
  if (recipientType !== undefined && recipientType !== 'individual' && recipientType !== 'group') {
    throw metaErrors.invalidParameter('Param recipient_type must be one of {INDIVIDUAL, GROUP}.');
  }
  const to = requireString(body, 'to', 'to');
  const recipient = normaliseRecipient(to, businessCountryCode);
  if (!recipient) throw metaErrors.invalidParameter(`Param to is not a valid phone number: ${to}`);

  // `type` is optional in Meta's reference and defaults to text.
  const rawType = own(body, 'type') ?? 'text';
  if (typeof rawType !== 'string' || !TYPES.includes(rawType)) {
    throw metaErrors.invalidParameter(`Param type must be one of {${TYPES.map((t) => t.toUpperCase()).join(', ')}}.`);
  }
  const type = rawType;
  // Maximum length is UNCONFIRMED (WHATSAPP.md §9), so none is enforced.
  const bizOpaqueCallbackData = optionalString(body, 'biz_opaque_callback_data', 'biz_opaque_callback_data');
  const context = own(body, 'context');
  if (context !== undefined) {
    if (!isRecord(context)) throw metaErrors.invalidParameter('Param context must be a JSON object.');
    requireString(context, 'message_id', "context['message_id']");
  }

  if (type === 'contacts') {
    // The one type whose object is an array of contact cards.
    const cards = own(body, 'contacts');
    if (!Array.isArray(cards) || cards.length === 0) throw metaErrors.requiredParameter('contacts');
    return withCallbackData({ to, recipient, type }, bizOpaqueCallbackData);
  }
  const content = requireRecord(body, type, type);
  if (type === 'text') validateText(content);
  else if (type === 'template') validateTemplate(content);
  else if (MEDIA.has(type)) validateMedia(content, type);
  else validateOther(content, type);

  return withCallbackData({ to, recipient, type }, bizOpaqueCallbackData);
}

function withCallbackData(send: ValidSend, bizOpaqueCallbackData: string | undefined): ValidSend {
  return bizOpaqueCallbackData === undefined ? send : { ...send, bizOpaqueCallbackData };
}

function validateText(text: Json): void {
  const body = requireString(text, 'body', "text['body']");
  // Meta counts characters, not UTF-16 units.
  if ([...body].length > TEXT_MAX) {
    throw metaErrors.invalidParameter(`Param text['body'] must be at most ${TEXT_MAX} characters long.`);
  }
  const preview = own(text, 'preview_url');
  if (preview !== undefined && typeof preview !== 'boolean') {
    throw metaErrors.invalidParameter("Param text['preview_url'] must be a boolean.");
  }
}

function validateMedia(media: Json, type: string): void {
  const link = own(media, 'link');
  const id = own(media, 'id');
  if (link === undefined && id === undefined) throw metaErrors.requiredParameter(`${type}['link'] or ${type}['id']`);
  if (link !== undefined && id !== undefined) {
    throw metaErrors.invalidParameter(`Param ${type} must have either link or id, not both.`);
  }
  if (link !== undefined) {
    if (typeof link !== 'string' || !/^https?:\/\/[^\s]+$/i.test(link)) {
      throw metaErrors.invalidParameter(`Param ${type}['link'] must be a valid http(s) URL.`);
    }
  } else if (typeof id !== 'string' || id === '') {
    throw metaErrors.invalidParameter(`Param ${type}['id'] must be a non-empty string.`);
  }
  optionalString(media, 'caption', `${type}['caption']`, CAPTION_MAX);
  if (type === 'document') optionalString(media, 'filename', "document['filename']");
}

function validateTemplate(template: Json): void {
  const name = requireString(template, 'name', "template['name']");
  // Approved template names are lowercase letters, digits and underscores; anything else cannot exist.
  if (!/^[a-z0-9_]{1,512}$/.test(name)) throw metaErrors.templateNotFound(name);
  const language = requireRecord(template, 'language', "template['language']");
  requireString(language, 'code', "template['language']['code']");
  const components = own(template, 'components');
  if (components === undefined) return;
  if (!Array.isArray(components)) throw metaErrors.invalidParameter("Param template['components'] must be an array.");
  components.forEach((component, c) => {
    const path = `template['components'][${c}]`;
    if (!isRecord(component)) throw metaErrors.invalidParameter(`Param ${path} must be a JSON object.`);
    const kind = requireString(component, 'type', `${path}['type']`);
    if (!TEMPLATE_COMPONENTS.has(kind)) throw metaErrors.invalidParameter(`Param ${path}['type'] is not a valid component type.`);
    if (kind === 'button') {
      const subType = requireString(component, 'sub_type', `${path}['sub_type']`);
      if (!BUTTON_SUB_TYPES.has(subType)) throw metaErrors.invalidParameter(`Param ${path}['sub_type'] is not valid.`);
      const index = own(component, 'index');
      if (index === undefined) throw metaErrors.requiredParameter(`${path}['index']`);
      if (!/^\d$/.test(typeof index === 'number' || typeof index === 'string' ? `${index}` : '')) {
        throw metaErrors.invalidParameter(`Param ${path}['index'] must be between 0 and 9.`);
      }
    }
    const parameters = own(component, 'parameters');
    if (parameters === undefined) return;
    if (!Array.isArray(parameters)) throw metaErrors.invalidParameter(`Param ${path}['parameters'] must be an array.`);
    parameters.forEach((parameter, p) => validateTemplateParameter(parameter, `${path}['parameters'][${p}]`));
  });
}

function validateTemplateParameter(parameter: unknown, path: string): void {
  if (!isRecord(parameter)) throw metaErrors.invalidParameter(`Param ${path} must be a JSON object.`);
  const type = requireString(parameter, 'type', `${path}['type']`);
  switch (type) {
    case 'text': {
      const text = requireString(parameter, 'text', `${path}['text']`);
      if (templateParamProblem(text)) {
        throw metaErrors.templateParamFormat('Param text cannot have new-line/tab characters or more than 4 consecutive spaces');
      }
      optionalString(parameter, 'parameter_name', `${path}['parameter_name']`);
      return;
    }
    case 'payload':
      requireString(parameter, 'payload', `${path}['payload']`);
      return;
    case 'image':
    case 'video':
    case 'document':
      validateMedia(requireRecord(parameter, type, `${path}['${type}']`), type);
      return;
    case 'currency':
    case 'date_time':
    case 'location':
    case 'action':
    case 'coupon_code':
      requireRecord(parameter, type, `${path}['${type}']`);
      return;
    default:
      throw metaErrors.invalidParameter(`Param ${path}['type'] is not a valid parameter type.`);
  }
}

function validateOther(content: Json, type: string): void {
  if (type === 'location') {
    for (const key of ['latitude', 'longitude']) {
      const value = own(content, key);
      const n = typeof value === 'string' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) throw metaErrors.invalidParameter(`Param location['${key}'] must be a number.`);
    }
  } else if (type === 'interactive') {
    requireString(content, 'type', "interactive['type']");
  } else if (type === 'reaction') {
    requireString(content, 'message_id', "reaction['message_id']");
    if (typeof own(content, 'emoji') !== 'string') throw metaErrors.requiredParameter("reaction['emoji']");
  }
}
