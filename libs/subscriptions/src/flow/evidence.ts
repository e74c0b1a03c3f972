import type { MatchResult } from '@bacheca/keywords';

/** Longest text kept as the words of a consent. */
export const MAX_EVIDENCE_LENGTH = 500;

/**
 * The words of consent as kept in the ledger: what the citizen wrote, with the captured details
 * (Saronno: name, surname, comune) replaced by the field's name, since the evidence outlives the
 * erasure of the person and must not keep them. Only whole words are replaced, so a name that is
 * part of the keyword ("iva" in "attiva") leaves the keyword as it was written.
 */
export function consentWords(text: string, match: Pick<MatchResult, 'fields'>): string {
  let out = text;
  const fields = Object.entries(match.fields ?? {})
    .filter(([, value]) => value !== '')
    // Longer values first, so "Caronno Pertusella" goes before a "Caronno" of another field.
    .sort(([, a], [, b]) => b.length - a.length);
  for (const [name, value] of fields) {
    const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'gu'), `⟨${name}⟩`);
  }
  return out.slice(0, MAX_EVIDENCE_LENGTH);
}
