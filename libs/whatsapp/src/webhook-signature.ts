import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * `X-Hub-Signature-256: sha256=<hex>`: HMAC-SHA256 of the POST body keyed with the App Secret
 * (WHATSAPP.md §2.2). Meta signs the bytes it sends, with non-ASCII escaped as \uXXXX, so the
 * signature must be computed over the raw request bytes, never over re-serialised JSON.
 */
export const SIGNATURE_HEADER = 'x-hub-signature-256';

const PREFIX = 'sha256=';
const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

export function signPayload(rawBody: Buffer | string, appSecret: string): string {
  return PREFIX + createHmac('sha256', appSecret).update(rawBody).digest('hex');
}

export function verifySignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  // An empty secret is a misconfiguration; accepting it would let anyone forge a signature.
  if (!appSecret || typeof header !== 'string' || !header.startsWith(PREFIX)) return false;
  const hex = header.slice(PREFIX.length);
  // Buffer.from(hex, 'hex') silently drops bad characters, so check the shape first.
  if (!HEX_SHA256.test(hex)) return false;
  const given = Buffer.from(hex, 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Serialises a payload the way Meta does before signing: JSON with every non-ASCII character escaped
 * as \uXXXX (lowercase hex). Used by the sandbox and by tests that must produce Meta-identical bytes.
 */
export function toMetaJson(payload: unknown): string {
  return JSON.stringify(payload).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
