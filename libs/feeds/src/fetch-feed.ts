import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { TextDecoder } from 'node:util';
import { Agent, request } from 'undici';

/** A fetch that failed, with the reason in Italian for the comune's staff. */
export class FeedFetchError extends Error {}

export type FetchOutcome =
  | { kind: 'not_modified' }
  | { kind: 'fetched'; xml: string; etag: string | null; lastModified: string | null; bytes: number };

export interface FetchOptions {
  timeoutMs: number;
  maxBytes: number;
  /** Tests and private deployments only: allow feeds on loopback and private networks. */
  allowPrivateNetworks: boolean;
  etag?: string | null;
  lastModified?: string | null;
}

const MAX_REDIRECTS = 3;
const USER_AGENT = 'Bacheca-Feeds/1.0 (servizio WhatsApp del Comune)';

// Addresses a town's public website never has: staff must not be able to make the worker read
// the provider's own network (SSRF).
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 4],
] as const)
  PRIVATE.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const)
  PRIVATE.addSubnet(net, prefix, 'ipv6');

export const isPrivateAddress = (address: string): boolean => {
  // An IPv4-mapped IPv6 address is the IPv4 address (a mapped rule in BlockList would match all IPv4).
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isPrivateAddress(mapped[1]);
  const family = isIP(address);
  return family === 4 ? PRIVATE.check(address, 'ipv4') : family === 6 ? PRIVATE.check(address, 'ipv6') : false;
};

const BLOCKED = 'L’indirizzo del feed porta a una rete interna: non è consentito.';

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** DNS lookup that refuses private addresses, so a public name pointing inside is caught too. */
export function guardedLookup(hostname: string, options: { all?: boolean }, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, []);
    if (addresses.some((a) => isPrivateAddress(a.address))) return callback(Object.assign(new Error(BLOCKED), { code: 'EBLOCKED' }), []);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
}

const agents = new Map<boolean, Agent>();
const agentFor = (allowPrivate: boolean): Agent => {
  let agent = agents.get(allowPrivate);
  if (!agent) {
    agent = new Agent(allowPrivate ? {} : { connect: { lookup: guardedLookup as never } });
    agents.set(allowPrivate, agent);
  }
  return agent;
};

/** The body's charset: the header, else the XML declaration, else UTF-8 (many comuni still serve Latin-1). */
export function decodeBody(bytes: Buffer, contentType: string | undefined): string {
  const fromHeader = /charset="?([\w.:-]+)"?/i.exec(contentType ?? '')?.[1];
  const head = bytes.subarray(0, 200).toString('latin1');
  const fromDecl = /^\s*<\?xml[^>]*encoding=["']([\w.:-]+)["']/i.exec(head)?.[1];
  const label = (fromHeader ?? fromDecl ?? 'utf-8').toLowerCase();
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    throw new FeedFetchError(`Il feed usa una codifica dei caratteri non supportata (${label}).`);
  }
  return decoder.decode(bytes);
}

function statusError(status: number): FeedFetchError {
  if (status === 404 || status === 410) return new FeedFetchError(`Il sito risponde ${status}: a questo indirizzo non c’è (più) un feed.`);
  if (status === 401 || status === 403) return new FeedFetchError(`Il sito nega l’accesso al feed (errore ${status}).`);
  if (status === 429) return new FeedFetchError('Il sito chiede di rallentare (errore 429): riproveremo più tardi.');
  if (status >= 500) return new FeedFetchError(`Il sito ha un problema temporaneo (errore ${status}).`);
  return new FeedFetchError(`Risposta inattesa dal sito (codice ${status}).`);
}

function networkError(err: unknown, timeoutMs: number): FeedFetchError {
  if (err instanceof FeedFetchError) return err;
  const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code;
  if (e.name === 'TimeoutError' || e.name === 'AbortError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new FeedFetchError(`Il sito non ha risposto entro ${Math.round(timeoutMs / 1000)} secondi.`);
  }
  if (code === 'EBLOCKED') return new FeedFetchError(BLOCKED);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new FeedFetchError('Il nome del sito non esiste o non si risolve (DNS).');
  if (code === 'ECONNREFUSED') return new FeedFetchError('Il sito ha rifiutato la connessione.');
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return new FeedFetchError('La connessione con il sito si è interrotta.');
  if (code && /CERT|SSL|TLS/i.test(code)) return new FeedFetchError('Il certificato HTTPS del sito non è valido.');
  return new FeedFetchError(`Errore di rete verso il sito${code ? ` (${code})` : ''}.`);
}

function checkUrl(raw: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FeedFetchError('L’indirizzo del feed non è valido.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FeedFetchError('Il feed deve essere un indirizzo http o https.');
  if (url.username || url.password) throw new FeedFetchError('L’indirizzo del feed non può contenere credenziali.');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && (isPrivateAddress(host) || host === 'localhost' || host.endsWith('.localhost'))) throw new FeedFetchError(BLOCKED);
  return url;
}

const mb = (n: number) => `${(n / 1024 / 1024).toLocaleString('it-IT', { maximumFractionDigits: 1 })} MB`;

/**
 * One conditional GET of a feed: ETag / Last-Modified sent back, a deadline for the whole exchange,
 * a cap on the body (checked on the header and while reading, so a huge or endless body is cut off),
 * only http/https, at most three redirects, each checked like the first address.
 */
export async function fetchFeed(rawUrl: string, opts: FetchOptions): Promise<FetchOutcome> {
  const signal = AbortSignal.timeout(opts.timeoutMs);
  let url = checkUrl(rawUrl, opts.allowPrivateNetworks);
  try {
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = { 'user-agent': USER_AGENT, accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1' };
      if (opts.etag) headers['if-none-match'] = opts.etag;
      if (opts.lastModified) headers['if-modified-since'] = opts.lastModified;
      const res = await request(url, {
        method: 'GET',
        headers,
        signal,
        dispatcher: agentFor(opts.allowPrivateNetworks),
        headersTimeout: opts.timeoutMs,
        bodyTimeout: opts.timeoutMs,
      });
      const header = (name: string) => {
        const v = res.headers[name];
        return Array.isArray(v) ? v[0] : v;
      };
      if ([301, 302, 303, 307, 308].includes(res.statusCode)) {
        await res.body.dump();
        const location = header('location');
        if (!location || hop >= MAX_REDIRECTS) throw new FeedFetchError('Il sito rimanda ad altri indirizzi troppe volte.');
        url = checkUrl(new URL(location, url).toString(), opts.allowPrivateNetworks);
        continue;
      }
      if (res.statusCode === 304) {
        await res.body.dump();
        return { kind: 'not_modified' };
      }
      if (res.statusCode < 200 || res.statusCode >= 300) {
        await res.body.dump();
        throw statusError(res.statusCode);
      }
      const declared = Number(header('content-length'));
      if (Number.isFinite(declared) && declared > opts.maxBytes) {
        res.body.destroy();
        throw new FeedFetchError(`Il feed è troppo grande (${mb(declared)}; al massimo ${mb(opts.maxBytes)}).`);
      }
      const chunks: Buffer[] = [];
      let bytes = 0;
      for await (const chunk of res.body) {
        bytes += (chunk as Buffer).length;
        if (bytes > opts.maxBytes) {
          res.body.destroy();
          throw new FeedFetchError(`Il feed è troppo grande (oltre ${mb(opts.maxBytes)}).`);
        }
        chunks.push(chunk as Buffer);
      }
      return {
        kind: 'fetched',
        xml: decodeBody(Buffer.concat(chunks), header('content-type')),
        etag: header('etag') ?? null,
        lastModified: header('last-modified') ?? null,
        bytes,
      };
    }
  } catch (err) {
    throw networkError(err, opts.timeoutMs);
  }
}
