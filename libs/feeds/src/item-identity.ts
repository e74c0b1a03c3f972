import { createHash } from 'node:crypto';

/** Query parameters that only say where a reader came from: the same article with or without them. */
const TRACKING = /^(utm_[a-z_]*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl|igshid|ref|source)$/i;

/**
 * A link as an identity: scheme, case, default port, fragment, tracking parameters, parameter order
 * and a trailing slash do not make another article. Not a link (or not http/https): null.
 */
export function normalizeLink(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const params = [...url.searchParams.entries()].filter(([k]) => !TRACKING.test(k)).sort(([a], [b]) => a.localeCompare(b));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  const host = url.hostname.replace(/^www\./, '');
  const port = url.port ? `:${url.port}` : '';
  const path = url.pathname.replace(/\/+$/, '');
  return `${host}${port}${path}${query}`.toLowerCase();
}

/** An entry's link made absolute against the feed's address (Atom allows relative ones); only http(s). */
export function absoluteLink(link: string | null, base: string): string | null {
  if (!link) return null;
  try {
    const url = new URL(link.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

/** A GUID as an identity: trimmed, case-folded, whitespace collapsed; a URL GUID normalised like a link. */
export function normalizeGuid(raw: string | null | undefined): string | null {
  if (!raw || !raw.trim()) return null;
  const trimmed = raw.trim();
  if (/^https?:\/\//i.test(trimmed)) return normalizeLink(trimmed) ?? trimmed.toLowerCase();
  return trimmed.replace(/\s+/g, ' ').toLowerCase();
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface EntryKeys {
  /** The entry's identity within its feed: the GUID, else the link, else the title. Never the date. */
  itemKey: string;
  /** The link's identity, to recognise an entry whose GUID was rewritten. */
  linkKey: string | null;
}

const squash = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

export function entryKeys(entry: { guid: string | null; link: string | null; title: string; contentHtml?: string }): EntryKeys {
  const link = normalizeLink(entry.link);
  const guid = normalizeGuid(entry.guid);
  const identity = guid ? `guid:${guid}` : link ? `link:${link}` : `text:${squash(entry.title)}|${squash(entry.contentHtml ?? '').slice(0, 500)}`;
  return { itemKey: sha256(identity), linkKey: link ? sha256(`link:${link}`) : null };
}
