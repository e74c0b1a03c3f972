import { chooseMessageForm, Outgoing, renderTemplateParams } from '@bacheca/delivery';
import { UNSUBSCRIBE_BUTTON_PAYLOAD } from '@bacheca/subscriptions';

export interface BulletinParts {
  title: string;
  body: string;
  mediaUrl: string | null;
  mediaKind: 'image' | 'document' | null;
}

export interface TemplateParts {
  name: string;
  language: string;
  category: 'UTILITY' | 'MARKETING';
  body: string;
  paramCount: number;
  unsubscribeButton: boolean;
}

export interface RecipientParts {
  lastInboundAt: Date | null;
  marketingOptOut: boolean;
}

export type Composition = { outgoing: Outgoing } | { skip: string };

const CAPTION_MAX = 1024;
const TEXT_MAX = 4096;

/** The bulletin as free text: title in bold (WhatsApp's *…*), then the text, then the link. */
export function bulletinText(b: BulletinParts): string {
  const text = `*${b.title}*\n\n${b.body}`;
  return b.mediaUrl ? `${text}\n\n${b.mediaUrl}` : text;
}

const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/**
 * What one citizen receives. Inside the 24-hour window opened by their last message: free text (or
 * the image/document with a caption). Outside it: the comune's approved template, the bulletin
 * fitted into its parameters by Meta's rules, with the "Disattiva" quick reply.
 */
export function compose(b: BulletinParts, template: TemplateParts | undefined, r: RecipientParts, now: Date): Composition {
  if (chooseMessageForm(r.lastInboundAt, now) === 'text') {
    if (b.mediaUrl && b.mediaKind) {
      const filename = b.mediaKind === 'document' ? decodeURIComponent(b.mediaUrl.split('/').pop() || 'documento.pdf').slice(0, 200) : undefined;
      return { outgoing: { kind: b.mediaKind, link: b.mediaUrl, caption: clip(`*${b.title}*\n\n${b.body}`, CAPTION_MAX), filename } };
    }
    return { outgoing: { kind: 'text', body: clip(bulletinText(b), TEXT_MAX), previewUrl: true } };
  }
  if (!template) return { skip: 'Nessun modello approvato per chi non ha scritto nelle ultime 24 ore.' };
  if (template.category === 'MARKETING' && r.marketingOptOut) {
    return { skip: 'Il cittadino ha chiesto a WhatsApp di non ricevere messaggi promozionali.' };
  }
  const fixed = template.body.replace(/\{\{\s*\d+\s*\}\}/g, '').length;
  const { params } = renderTemplateParams(bulletinText(b), {
    paramCount: template.paramCount,
    fixedTextLength: fixed,
    maxParamLength: CAPTION_MAX,
  });
  return {
    outgoing: {
      kind: 'template',
      name: template.name,
      language: template.language,
      bodyParams: params,
      quickReplyPayloads: template.unsubscribeButton ? [UNSUBSCRIBE_BUTTON_PAYLOAD] : [],
    },
  };
}
