import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** One entry of a feed, whatever its format: what the rest of the feature works with. */
export interface FeedEntry {
  guid: string | null;
  link: string | null;
  title: string;
  /** The entry's text as published: HTML (often escaped), or plain text. */
  contentHtml: string;
  categories: string[];
  publishedAt: Date | null;
}

export type ParsedFeed = { ok: true; format: 'rss' | 'atom'; title: string; entries: FeedEntry[] } | { ok: false; error: string };

/** A feed with more entries than this is read only up to here: comuni publish a few a day. */
export const MAX_ENTRIES = 200;

const ARRAYS = new Set(['item', 'entry', 'category', 'link']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // GUIDs like "1234" stay strings; numbers would lose leading zeros and collide.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (name) => ARRAYS.has(name),
  // The HTML of an entry is kept as written: parsed as XML, mixed content (text and tags) loses its order.
  stopNodes: ['rss.channel.item.description', 'rss.channel.item.content:encoded', 'feed.entry.content', 'feed.entry.summary'],
});

const XML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };

/** The five XML entities and character references, once; HTML's named entities are left to the HTML step. */
function xmlUnescape(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp|#\d{1,7}|#x[0-9a-f]{1,6});/gi, (m, name: string) => {
    if (name[0] !== '#') return XML_ENTITIES[name.toLowerCase()] ?? m;
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

/**
 * The HTML of an entry element kept raw: CDATA sections are literal, the rest is XML-escaped HTML
 * (or, in Atom xhtml, the markup itself).
 */
function rawHtml(node: Node): string {
  const raw = text(node);
  if (attr(node, 'type') === 'xhtml') return raw;
  return raw
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part) => (part.startsWith('<![CDATA[') ? part.slice(9, -3) : xmlUnescape(part)))
    .join('');
}

type Node = unknown;

/** The text of an element: a string, `#text` beside attributes, or the text of nested markup (Atom xhtml). */
function text(node: Node): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (Array.isArray(node)) return node.map(text).filter(Boolean).join(' ');
  if (typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if ('#text' in o && Object.keys(o).every((k) => k === '#text' || k.startsWith('@_'))) return String(o['#text']);
    return Object.entries(o)
      .filter(([k]) => !k.startsWith('@_'))
      .map(([, v]) => text(v))
      .filter(Boolean)
      .join(' ');
  }
  return '';
}

const attr = (node: Node, name: string): string | undefined => {
  if (node && typeof node === 'object' && !Array.isArray(node)) {
    const v = (node as Record<string, unknown>)[`@_${name}`];
    return v === undefined ? undefined : String(v);
  }
  return undefined;
};

function date(value: string): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

const list = (v: Node): Node[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const nonEmpty = (s: string): string | null => (s.trim() ? s.trim() : null);

function rssEntry(item: Record<string, Node>): FeedEntry {
  return {
    guid: nonEmpty(text(item.guid)),
    link: nonEmpty(list(item.link).map(text).find((l) => l.trim()) ?? ''),
    title: text(item.title).trim(),
    // content:encoded has the whole article; description is the teaser most CMSs fill.
    contentHtml: rawHtml(item.description) || rawHtml(item['content:encoded']),
    categories: list(item.category).map(text).map((c) => c.trim()).filter(Boolean),
    publishedAt: date(text(item.pubDate) || text(item['dc:date'])),
  };
}

function atomEntry(entry: Record<string, Node>): FeedEntry {
  const links = list(entry.link);
  const alternate = links.find((l) => (attr(l, 'rel') ?? 'alternate') === 'alternate') ?? links[0];
  return {
    guid: nonEmpty(text(entry.id)),
    link: nonEmpty(attr(alternate, 'href') ?? text(alternate)),
    title: text(entry.title).trim(),
    contentHtml: rawHtml(entry.summary) || rawHtml(entry.content),
    categories: list(entry.category)
      .map((c) => attr(c, 'label') ?? attr(c, 'term') ?? text(c))
      .map((c) => c.trim())
      .filter(Boolean),
    publishedAt: date(text(entry.published) || text(entry.updated)),
  };
}

/**
 * RSS 2.0 or Atom to a list of entries, oldest last as the feed gives them. Malformed XML is refused
 * with its line and column; entity declarations are refused outright (no feed needs them, and their
 * expansion is the classic way to make a parser eat all memory).
 */
export function parseFeed(xml: string): ParsedFeed {
  if (!xml.trim()) return { ok: false, error: 'Il feed è vuoto.' };
  if (/<!ENTITY/i.test(xml)) return { ok: false, error: 'Il feed dichiara entità XML proprie: non è accettato per sicurezza.' };
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: true });
  if (valid !== true) {
    return { ok: false, error: `Il feed non è XML valido (riga ${valid.err.line}, colonna ${valid.err.col}).` };
  }
  let doc: Record<string, Node>;
  try {
    doc = parser.parse(xml) as Record<string, Node>;
  } catch {
    return { ok: false, error: 'Il feed non è XML valido.' };
  }
  const rss = doc.rss as Record<string, Node> | undefined;
  if (rss && typeof rss === 'object') {
    const channel = (list(rss.channel)[0] ?? {}) as Record<string, Node>;
    const items = list(channel.item) as Record<string, Node>[];
    return { ok: true, format: 'rss', title: text(channel.title).trim(), entries: items.slice(0, MAX_ENTRIES).map(rssEntry) };
  }
  const feed = doc.feed as Record<string, Node> | undefined;
  if (feed && typeof feed === 'object') {
    const entries = list(feed.entry) as Record<string, Node>[];
    return { ok: true, format: 'atom', title: text(feed.title).trim(), entries: entries.slice(0, MAX_ENTRIES).map(atomEntry) };
  }
  return { ok: false, error: 'Il documento non è un feed RSS 2.0 o Atom.' };
}
