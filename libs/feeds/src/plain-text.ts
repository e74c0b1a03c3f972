import { convert } from 'html-to-text';
import { renderTemplateParams } from '@bacheca/delivery';

const HTML_OPTIONS = {
  wordwrap: false as const,
  // Nothing executable or invisible becomes text; links and images add noise to a WhatsApp summary.
  selectors: [
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'noscript', format: 'skip' },
    { selector: 'iframe', format: 'skip' },
    { selector: 'object', format: 'skip' },
    { selector: 'img', format: 'skip' },
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'table', format: 'dataTable' },
  ],
};

// Control characters (WhatsApp and our own check refuse them), invisible formatting marks, and the
// replacement character a parser leaves where an entity was broken.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\ufeff\ufffd]/g;

// Half of an emoji (a surrogate without its pair), from a broken entity such as &#xD800;: WhatsApp and our own check refuse it.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * HTML (or text with entities) to one line of plain text: tags and scripts dropped, entities decoded
 * once more where a CMS escaped them twice (`&amp;nbsp;`), whitespace collapsed, Unicode composed.
 */
export function htmlToPlainText(html: string): string {
  let text = convert(html, HTML_OPTIONS);
  // A second pass catches entities that were escaped twice in the feed (they survive the first as text).
  if (/&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i.test(text)) text = convert(text.replace(/</g, '&lt;'), HTML_OPTIONS);
  return text.replace(LONE_SURROGATE, '').replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim().normalize('NFC');
}

/** Cuts at a word boundary and adds an ellipsis; never splits a surrogate pair. */
export function clipWords(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, max);
  let cut = text.slice(0, max - 1);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  const space = cut.lastIndexOf(' ');
  if (space > max * 0.6) cut = cut.slice(0, space);
  return `${cut.replace(/[\s,;:.\-–—]+$/, '')}…`;
}

/** Limits of the broadcast a feed entry becomes (see CreateBroadcastDto and WHATSAPP.md). */
export const TITLE_MAX = 120;
export const SUMMARY_MAX = 600;
const BODY_MAX = 3500;
const LINK_MAX = 1000;
/** Meta's limit on a template's whole body, fixed text included. */
const TEMPLATE_BODY_MAX = 1024;

export interface TemplateShape {
  /** Characters of the template's body outside its {{n}} placeholders. */
  fixedTextLength: number;
  paramCount: number;
}

/** When the comune's template is not known yet: room for a generous "Comune di … informa:" prefix. */
export const DEFAULT_TEMPLATE: TemplateShape = { fixedTextLength: 120, paramCount: 1 };

export interface Bulletin {
  title: string;
  body: string;
}

/**
 * A feed entry as a bulletin: title, a short summary and the link, sized so that the whole of it,
 * link included, fits both a free-text message (4,096) and the comune's template (1,024 with its
 * fixed text, one line per parameter). The summary is what shrinks; the link is never cut.
 */
export function entryBulletin(entry: { title: string; contentHtml: string; link: string | null }, template: TemplateShape = DEFAULT_TEMPLATE): Bulletin {
  const title = clipWords(htmlToPlainText(entry.title) || 'Notizia dal sito del Comune', TITLE_MAX);
  const link = entry.link && entry.link.length <= LINK_MAX ? entry.link : null;
  const full = htmlToPlainText(entry.contentHtml);
  const bodyOf = (summary: string) => [summary, link].filter(Boolean).join('\n\n') || title;
  const fits = (summary: string) => {
    const body = bodyOf(summary);
    if (body.length > BODY_MAX) return false;
    const rendered = renderTemplateParams(`*${title}*\n\n${body}`, {
      paramCount: template.paramCount,
      fixedTextLength: template.fixedTextLength,
      maxParamLength: TEMPLATE_BODY_MAX,
    });
    return !rendered.truncated;
  };
  let summary = clipWords(full, SUMMARY_MAX);
  if (!fits(summary)) {
    // Longest summary that still fits, found by halving: a few renders at most.
    let lo = 0;
    let hi = summary.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(clipWords(full, mid))) lo = mid;
      else hi = mid - 1;
    }
    summary = lo > 0 ? clipWords(full, lo) : '';
  }
  return { title, body: bodyOf(summary) };
}
