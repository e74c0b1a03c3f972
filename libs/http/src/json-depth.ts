/** Deeper than any request of ours or any Meta webhook (about 8 levels), far below a stack overflow. */
export const MAX_JSON_DEPTH = 64;

/**
 * True when JSON text nests objects/arrays deeper than `max`. A linear scan of the bytes, before
 * parsing: what comes after a parse (validation, transformation, our own walks) recurses, and a body
 * of a few hundred kilobytes of brackets would otherwise overflow the stack and answer 500.
 * UTF-8 continuation bytes never equal the ASCII quote, backslash or brackets, so bytes suffice.
 */
export function jsonDepthExceeds(text: Buffer | string, max = MAX_JSON_DEPTH): boolean {
  const buf = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: the next byte is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}
