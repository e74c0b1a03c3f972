import { formatCount } from './italian';

/**
 * Which form a message to one citizen takes, and how a broadcast's text fits a template.
 *
 * Inside the 24-hour customer service window opened by the citizen's last message any free text may be
 * sent, free of charge and outside the messaging limit; outside it only an approved template
 * (WHATSAPP.md §4.1). Template parameters cannot carry line breaks, tabs or more than 4 consecutive
 * spaces and the whole body is at most 1,024 characters (§4.7).
 */

export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;
/**
 * A message chosen as free text can reach Meta minutes later (queues, rate limits, retries); if the
 * window has closed by then Meta answers 131047 and the sender must redo it as a template. Choosing the
 * template a little before the window closes avoids that round trip at the cost of a template that
 * would have been free anyway (utility templates inside a window are free, §4.3).
 */
export const DEFAULT_WINDOW_SAFETY_MS = 10 * 60 * 1000;
export const MAX_TEXT_LENGTH = 4096;
export const MAX_TEMPLATE_BODY_LENGTH = 1024;

export type MessageForm = 'text' | 'template';

/** When the window opened by the citizen's last message closes; undefined if they never wrote. */
export function serviceWindowClosesAt(lastInboundAt: Date | null | undefined): Date | undefined {
  if (!lastInboundAt || !Number.isFinite(lastInboundAt.getTime())) return undefined;
  return new Date(lastInboundAt.getTime() + CUSTOMER_SERVICE_WINDOW_MS);
}

/**
 * Free text when the citizen wrote within the last 24 hours (with the safety margin still ahead),
 * otherwise a template. `lastInboundAt` is the timestamp Meta put on their message.
 */
export function chooseMessageForm(
  lastInboundAt: Date | null | undefined,
  now: Date,
  options: { safetyMarginMs?: number } = {},
): MessageForm {
  const closesAt = serviceWindowClosesAt(lastInboundAt);
  if (!closesAt) return 'template';
  const margin = options.safetyMarginMs ?? DEFAULT_WINDOW_SAFETY_MS;
  return now.getTime() + margin < closesAt.getTime() ? 'text' : 'template';
}

export interface RenderTemplateOptions {
  /** The longest value one parameter may take. */
  readonly maxParamLength: number;
  /**
   * How many body variables the template has ({{1}}…{{n}}), default 1. With more than one, the first
   * ones take the text's first paragraphs (or lines) so the template's own line breaks between the
   * variables bring the layout back: a "{{1}}\n\n{{2}}" template gets the title and the rest.
   */
  readonly paramCount?: number;
  /** Characters of the approved body outside the variables; they share the 1,024. */
  readonly fixedTextLength?: number;
  /** Meta's body limit; a parameter only for tests. */
  readonly bodyLimit?: number;
  /** What fills a variable the text has no paragraph for: Meta rejects empty parameters. */
  readonly filler?: string;
}

export interface RenderedTemplateParams {
  readonly params: string[];
  /** True when some text was cut (the cut parameter ends with "…"). */
  readonly truncated: boolean;
  /** The hydrated body's length: fixed text plus parameters. */
  readonly bodyLength: number;
}

const ELLIPSIS = '…';
const SEPARATOR = ' · ';
// Everything a phone renders as a line break. Control characters are the point here.
// eslint-disable-next-line no-control-regex
const LINE_BREAKS = /\r\n?|[\u000b\u000c\u0085\u2028]/g;
const PARAGRAPH_BREAK = /\n[^\S\n]*\n|\u2029/;
const BULLET = /^[-*•·▪◦‣–—]\s+/;
// After these, a following line reads on naturally with a plain space.
const CLAUSE_END = /[.!?:;…,]$/;

interface Line {
  text: string;
  bullet: boolean;
}

function paragraphsOf(text: string): Line[][] {
  return text
    .normalize('NFC')
    .replace(LINE_BREAKS, '\n')
    .split(PARAGRAPH_BREAK)
    .map((paragraph) =>
      paragraph
        .split('\n')
        .map((raw): Line => {
          const trimmed = raw.replace(/\s+/g, ' ').trim();
          const bullet = BULLET.test(trimmed);
          return { text: bullet ? trimmed.replace(BULLET, '') : trimmed, bullet };
        })
        .filter((line) => line.text !== ''),
    )
    .filter((lines) => lines.length > 0);
}

/**
 * Joins lines into one, keeping what the breaks meant: a list item after "Strade chiuse:" follows with a
 * space, further items with " · "; a line after a full stop or comma follows with a space; a line
 * starting in lower case continues a sentence the author wrapped; anything else (a title, a date, a
 * place) is set off with " · ".
 */
function joinLines(lines: Line[], paragraphBreak: boolean): string {
  let out = '';
  lines.forEach((line, i) => {
    if (i === 0) {
      out = line.text;
      return;
    }
    const prev = out;
    let gap: string;
    if (line.bullet) gap = /:$/.test(prev) ? ' ' : SEPARATOR;
    else if (CLAUSE_END.test(prev)) gap = ' ';
    else if (!paragraphBreak && /^\p{Ll}/u.test(line.text)) gap = ' ';
    else gap = SEPARATOR;
    out += gap + line.text;
  });
  return out;
}

function flattenParagraph(lines: Line[]): Line {
  return { text: joinLines(lines, false), bullet: lines[0].bullet };
}

function flattenParagraphs(paragraphs: Line[][]): string {
  return joinLines(paragraphs.map(flattenParagraph), true);
}

/** The whole text on one line, as a single template parameter carries it (before any truncation). */
export function flattenForTemplate(text: string): string {
  return flattenParagraphs(paragraphsOf(text));
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Cuts to at most `max` characters ending in "…", on a word boundary when one is close. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return max === 1 ? ELLIPSIS : '';
  let cut = max - 1;
  if (isHighSurrogate(text.charCodeAt(cut - 1))) cut--;
  let piece = text.slice(0, cut);
  if (text[cut] !== ' ') {
    const space = piece.lastIndexOf(' ');
    if (space > 0 && space >= cut - 20) piece = piece.slice(0, space);
  }
  const tidy = piece.replace(/[\s·,;:–—-]+$/u, '');
  return (tidy === '' ? piece : tidy) + ELLIPSIS;
}

/**
 * A broadcast's multi-line text as template parameter values Meta accepts: one line each, single
 * spaces, each within `maxParamLength`, together within 1,024 minus the template's fixed text. When the
 * text is too long, the longest parameters are cut first so short ones (a title) survive whole.
 */
export function renderTemplateParams(text: string, options: RenderTemplateOptions): RenderedTemplateParams {
  const n = options.paramCount ?? 1;
  const fixed = options.fixedTextLength ?? 0;
  const budget = (options.bodyLimit ?? MAX_TEMPLATE_BODY_LENGTH) - fixed;
  const filler = options.filler ?? '-';
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`paramCount must be a positive integer, got ${n}`);
  if (!(options.maxParamLength >= 1)) throw new RangeError(`maxParamLength must be at least 1, got ${options.maxParamLength}`);
  if (budget < n) throw new RangeError(`No room for ${n} parameter(s): the fixed text leaves ${budget} characters`);

  let units = paragraphsOf(text);
  if (units.length === 0) throw new RangeError('Empty text cannot fill a template');
  if (units.length < n) units = units.flat().map((line) => [line]);
  const params = units.slice(0, n - 1).map((p) => flattenParagraph(p).text);
  if (units.length >= n) params.push(flattenParagraphs(units.slice(n - 1)));
  while (params.length < n) params.push(filler);

  const cap = Math.floor(Math.min(options.maxParamLength, budget));
  let limits = params.map((p) => Math.min(p.length, cap));
  if (limits.reduce((a, b) => a + b, 0) > budget) limits = shareBudget(limits, budget);
  const fitted = params.map((p, i) => truncateText(p, limits[i]));
  const truncated = fitted.some((p, i) => p !== params[i]);
  return { params: fitted, truncated, bodyLength: fixed + fitted.reduce((a, p) => a + p.length, 0) };
}

// Water-filling: the largest common cap c with sum(min(len, c)) <= budget, so only the longest
// parameters shrink. Each parameter keeps at least one character.
function shareBudget(lengths: number[], budget: number): number[] {
  let lo = 1;
  let hi = Math.max(...lengths);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const used = lengths.reduce((sum, len) => sum + Math.min(len, mid), 0);
    if (used <= budget) lo = mid;
    else hi = mid - 1;
  }
  return lengths.map((len) => Math.min(len, lo));
}

export type BroadcastTextProblemCode =
  | 'empty'
  | 'too_long'
  | 'control_characters'
  | 'broken_characters'
  | 'template_truncated';

export interface BroadcastTextProblem {
  readonly code: BroadcastTextProblemCode;
  /** Errors block sending; warnings tell staff what citizens will see. */
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

// C0 controls except tab and line breaks, DEL, and C1 controls: invisible leftovers of copy and paste.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * What is wrong with a broadcast's text, in Italian for the staff writing it. Lengths are UTF-16 units,
 * which is at least Meta's count, so a text that passes here is never too long there.
 */
export function checkBroadcastText(
  text: string,
  options: { template?: RenderTemplateOptions } = {},
): BroadcastTextProblem[] {
  const problems: BroadcastTextProblem[] = [];
  if (typeof text !== 'string' || text.trim() === '') {
    return [{ code: 'empty', severity: 'error', message: 'Il testo del messaggio è vuoto.' }];
  }
  if (text.length > MAX_TEXT_LENGTH) {
    problems.push({
      code: 'too_long',
      severity: 'error',
      message: `Il testo è lungo ${formatCount(text.length)} caratteri: WhatsApp ne accetta al massimo ${formatCount(MAX_TEXT_LENGTH)} per messaggio.`,
    });
  }
  if (CONTROL.test(text)) {
    problems.push({
      code: 'control_characters',
      severity: 'error',
      message: 'Il testo contiene caratteri di controllo invisibili (spesso copiati da un altro programma): incollalo di nuovo come testo semplice.',
    });
  }
  if (LONE_SURROGATE.test(text)) {
    problems.push({
      code: 'broken_characters',
      severity: 'error',
      message: "Il testo contiene un carattere non valido (per esempio un'emoji spezzata): correggilo prima di inviare.",
    });
  }
  if (options.template && problems.length === 0) {
    const rendered = renderTemplateParams(text, options.template);
    if (rendered.truncated) {
      const t = options.template;
      const room = Math.min(
        (t.bodyLimit ?? MAX_TEMPLATE_BODY_LENGTH) - (t.fixedTextLength ?? 0),
        t.maxParamLength * (t.paramCount ?? 1),
      );
      problems.push({
        code: 'template_truncated',
        severity: 'warning',
        message:
          `A chi non ha scritto al Comune nelle ultime 24 ore il messaggio arriva come modello approvato da Meta, ` +
          `che ha spazio per circa ${formatCount(room)} caratteri: lì il testo verrà accorciato e terminerà con «…».`,
      });
    }
  }
  return problems;
}
