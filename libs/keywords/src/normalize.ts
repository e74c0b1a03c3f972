/**
 * Tokenisation of citizens' messages for keyword matching.
 *
 * Matching works on tokens (whole words), never on substrings: that is what keeps "DISATTIVA" from
 * ever containing "ATTIVA". Every token remembers where it sits in the original text, so a rule that
 * captures fields (Saronno: name, surname, comune) can read the text after the phrase exactly as the
 * citizen typed it, with capitals and accents ("Niccolò D'Angelo").
 */

export interface Token {
  /** Matching form: upper case, accents and other marks removed ("Sì" -> "SI"). */
  readonly norm: string;
  /** Offset of the token's first character in the original text. */
  readonly start: number;
  /** Offset just after the token's last character in the original text. */
  readonly end: number;
}

export interface TokenizedMessage {
  readonly original: string;
  readonly tokens: readonly Token[];
}

// Letters, digits and combining marks form words; everything else (spaces, punctuation, emoji,
// symbols, zero-width joiners) separates them. Marks are included so a decomposed "i" + U+0300
// stays one word.
const WORD_RUN = /[\p{L}\p{N}\p{M}]+/gu;

/**
 * Matching form of one word. NFKD rather than NFD so that compatibility forms also fold: fullwidth
 * or "bold" letters pasted from social media, the "ﬁ" ligature.
 */
export function normalizeWord(word: string): string {
  return word
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]/gu, '')
    .toUpperCase();
}

export function tokenize(text: string): TokenizedMessage {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD_RUN)) {
    const norm = normalizeWord(match[0]);
    // A run made only of marks (e.g. an emoji's variation selector) normalises to nothing.
    if (norm !== '') tokens.push({ norm, start: match.index, end: match.index + match[0].length });
  }
  return { original: text, tokens };
}

/** The matching tokens of a message: "  Sì, ATTIVA 👍\n" -> ["SI", "ATTIVA"]. */
export function normalizeMessage(text: string): string[] {
  return tokenize(text).tokens.map((t) => t.norm);
}

/** A phrase's canonical form, tokens joined by one space: "Trasporti e viabilità" -> "TRASPORTI E VIABILITA". */
export function normalizePhrase(text: string): string {
  return normalizeMessage(text).join(' ');
}

/**
 * Key of a text that has no words at all, such as "?" or "??": whitespace and marks removed, runs
 * of the same character collapsed, so "? ?" and "???" both give "?". Used only for symbol phrases.
 */
export function symbolKey(text: string): string {
  const chars = Array.from(text.replace(/[\s\p{M}]/gu, ''));
  return chars.filter((c, i) => i === 0 || c !== chars[i - 1]).join('');
}
