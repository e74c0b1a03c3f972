import { createCipheriv, randomBytes } from 'node:crypto';

/**
 * A value as SecretBox wrote it before sealed values named their key (format 1: version 1 | iv | tag |
 * ciphertext), for the tests that prove such values still open and are moved to the current key.
 */
export function sealLegacy(base64Key: string, plaintext: string, context: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(base64Key, 'base64'), iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([1]), iv, cipher.getAuthTag(), body]);
}
