import type { CaptureField } from './keyword-set';
import { normalizeWord } from './normalize';
import { NOT_A_NAME_START, SURNAME_PARTICLES } from './vocabulary';

/**
 * How the fields were split, so the caller knows whether to ask the citizen to check them:
 * - separators: the citizen's commas or line breaks gave one piece per field;
 * - positional: one word (or particle + word, "De Luca") per field, nothing to guess;
 * - heuristic: some field boundary was guessed ("Maria Grazia Bianchi Caronno Pertusella");
 * - empty: nothing after the phrase.
 */
export type CaptureMethod = 'separators' | 'positional' | 'heuristic' | 'empty';

export interface CaptureOutcome {
  /** Captured values by field name, as typed (capitals, accents, apostrophes kept); empty ones omitted. */
  readonly fields: Record<string, string>;
  /** Names of required fields with no value. */
  readonly missingFields: string[];
  readonly method: CaptureMethod;
  /** Set (in Italian) when the text is a sentence rather than the requested details. */
  readonly rejected?: string;
}

/** More words than this is prose, not "nome cognome comune" (longest comuni have about five words). */
export const MAX_CAPTURE_WORDS = 12;

const SEPARATORS = /[,;\n\r]+|\s[-–]\s/;
const EDGE_PUNCTUATION = /^[\s.:\-–'’]+|[\s.:\-–]+$/g;
const FIELD_LABEL = /^(?:nome|cognome|comune(?:\s+di\s+residenza)?|residenza|citt[aà]|paese)\s*[:=]\s*/iu;
const RESIDENT_OF = /^(?:residente|abito|vivo)\s+(?:a|ad|in)\s+/iu;
const LEADING_COURTESY =
  /^[\s,;:.\-–]*(?:(?:buon\s*giorno|buona\s*sera|buon\s*pomeriggio|salve|ciao|s[iìí]|ok(?:ay)?|per\s*favore|cortesemente|grazie(?:\s+mille)?|io\s+sono|sono|mi\s+chiamo)(?=[\s,;:.\-–]|$)[\s,;:.\-–]*)+/iu;
const TRAILING_COURTESY =
  /(?:^|[\s,;:.\-–])(?:grazie(?:\s+mille)?|(?:cordiali|distinti)\s+saluti|saluti|buona\s+(?:giornata|serata)|per\s*favore)[\s,;:.\-–]*$/iu;
// Lower case only: "di Saronno" is a preposition, "Di Stefano" is a surname.
const LEADING_PREPOSITION = /^(?:di|da|a|ad|in)\s+/u;

/**
 * Splits the text a citizen wrote after a capturing phrase into the rule's fields.
 *
 * Heuristic (fields in the order the comune asked for them, e.g. nome, cognome, comune):
 * 1. Commas, semicolons, line breaks or " - " separate pieces. With at least one piece per field, the
 *    pieces fill the fields in order; extra pieces go to the last field.
 * 2. With no separator, one word per field and the rest to the last field ("Mario Rossi Caronno
 *    Pertusella": nome Mario, cognome Rossi, comune Caronno Pertusella). A surname particle sticks to
 *    the next word ("Mario De Luca Saronno").
 * 3. With some separators but fewer pieces than fields, the later pieces fill the later fields and
 *    the first piece is split from the right ("Maria Grazia Bianchi, Caronno Pertusella": nome Maria
 *    Grazia, cognome Bianchi), because Italian double first names are more common than double surnames.
 * Greetings and courtesy ("Buongiorno", "sì", "per favore", "grazie"), labels ("Nome: ...") and "residente a" are dropped; emoji too.
 */
export function captureFields(fields: readonly CaptureField[], text: string): CaptureOutcome {
  if (text.includes('?')) return rejected(fields, 'il testo dopo la frase è una domanda');
  const segments = splitSegments(stripCourtesy(removeSymbols(text)));
  const words = segments.flat();
  if (words.length > MAX_CAPTURE_WORDS) return rejected(fields, 'il testo dopo la frase è troppo lungo per essere dei dati');
  if (words.length > 0 && NOT_A_NAME_START.has(normalizeWord(words[0]))) {
    return rejected(fields, `il testo che segue sembra una frase, non dei dati (inizia con “${words[0]}”)`);
  }
  const { values, method } = assignValues(segments, fields.length);
  return outcome(fields, values, method);
}

/**
 * A polite Italian request for the details a subscription needs, e.g. «Per completare l'iscrizione
 * scrivi: “Attiva Notizie” seguito da nome, cognome e comune di residenza, separati da una virgola.»
 * When the citizen gave some of them, it first says which are missing («Manca il comune di
 * residenza.»); the whole message is still shown, as the one form that always works (a reply with
 * only the missing details is understood too, for a while: matchDetailsReply).
 */
export function missingFieldsPrompt(labels: readonly string[], phrase?: string, missing: readonly string[] = []): string {
  const list = joinItalian(labels.map((l) => l.trim()).filter(Boolean));
  const quoted = phrase ? `“${phrase.trim()}”` : '';
  if (list === '') return quoted ? `Per completare l'iscrizione scrivi: ${quoted}.` : "Per completare l'iscrizione ripeti il messaggio.";
  const separated = labels.length > 1 ? ', separati da una virgola' : '';
  const what = quoted ? `scrivi: ${quoted} seguito da ${list}` : `scrivi ${list}`;
  const lacking = missing.map((l) => l.trim()).filter(Boolean);
  const partial = lacking.length > 0 && lacking.length < labels.length ? `${lacking.length === 1 ? 'Manca' : 'Mancano'}: ${joinItalian(lacking)}. ` : '';
  return `${partial}Per completare l'iscrizione ${what}${separated}. Grazie!`;
}

/** ["nome", "cognome", "comune"] -> "nome, cognome e comune". */
export function joinItalian(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} e ${items[items.length - 1]}`;
}

function rejected(fields: readonly CaptureField[], reason: string): CaptureOutcome {
  return { fields: {}, missingFields: fields.filter((f) => f.required).map((f) => f.name), method: 'empty', rejected: reason };
}

function outcome(fields: readonly CaptureField[], values: string[], method: CaptureMethod): CaptureOutcome {
  const captured: Record<string, string> = {};
  const missingFields: string[] = [];
  fields.forEach((field, i) => {
    const value = values[i] ?? '';
    if (value !== '') captured[field.name] = value;
    else if (field.required) missingFields.push(field.name);
  });
  return { fields: captured, missingFields, method };
}

/** Emoji and symbols go; letters, digits, apostrophes, hyphens, dots and separators stay. */
function removeSymbols(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\uFE00-\uFE0F]|\u200D|\u20E3/g, '')
    .replace(/[^\p{L}\p{M}\p{N}\s'’.,;:\-–]/gu, ' ');
}

function stripCourtesy(text: string): string {
  let out = text.replace(LEADING_COURTESY, '');
  for (let previous = ''; previous !== out; ) {
    previous = out;
    out = out.replace(TRAILING_COURTESY, '');
  }
  return out;
}

/** Pieces of text, each as its list of words. */
function splitSegments(text: string): string[][] {
  return text
    .split(SEPARATORS)
    .map(cleanSegment)
    .filter((s) => s !== '')
    .map((s) => s.split(' '));
}

function cleanSegment(segment: string): string {
  return segment
    .replace(/\s+/g, ' ')
    .replace(EDGE_PUNCTUATION, '')
    .replace(FIELD_LABEL, '')
    .replace(RESIDENT_OF, '')
    .replace(EDGE_PUNCTUATION, '');
}

function assignValues(segments: string[][], count: number): { values: string[]; method: CaptureMethod } {
  if (segments.length === 0 || count === 0) return { values: [], method: 'empty' };
  const result =
    segments.length >= count
      ? bySegments(segments, count)
      : segments.length === 1
        ? byWordsFromLeft(segments[0], count)
        : byWordsFromRight(segments, count);
  const values = result.values.map((v) => v.replace(/\s+/g, ' ').trim());
  // The rest-of-the-text field may still carry "residente a" or "di" when no separator isolated it.
  values[count - 1] = (values[count - 1] ?? '').replace(RESIDENT_OF, '').replace(LEADING_PREPOSITION, '');
  return { values, method: result.method };
}

function bySegments(segments: string[][], count: number): { values: string[]; method: CaptureMethod } {
  const values = segments.slice(0, count - 1).map((s) => s.join(' '));
  values.push(segments.slice(count - 1).map((s) => s.join(' ')).join(', '));
  if (segments.length > count) return { values, method: 'heuristic' };
  return { values, method: count === 1 ? 'positional' : 'separators' };
}

function byWordsFromLeft(words: string[], count: number): { values: string[]; method: CaptureMethod } {
  const units = nameUnits(words);
  const values = units.slice(0, count - 1);
  values.push(units.slice(count - 1).join(' '));
  return { values, method: units.length > count ? 'heuristic' : 'positional' };
}

function byWordsFromRight(segments: string[][], count: number): { values: string[]; method: CaptureMethod } {
  const tail = segments.slice(1).map((s) => s.join(' '));
  const slots = count - tail.length;
  const units = nameUnits(segments[0]);
  if (units.length <= slots) {
    const head = [...units, ...Array<string>(slots - units.length).fill('')];
    return { values: [...head, ...tail], method: units.length === slots ? 'separators' : 'heuristic' };
  }
  const split = units.length - (slots - 1);
  const head = [units.slice(0, split).join(' '), ...units.slice(split)];
  return { values: [...head, ...tail], method: 'heuristic' };
}

/** Words grouped so that surname particles stay with the word they introduce: ["Mario", "De Luca"]. */
function nameUnits(words: string[]): string[] {
  const units: string[] = [];
  let pending: string[] = [];
  words.forEach((word, i) => {
    if (SURNAME_PARTICLES.has(normalizeWord(word)) && i < words.length - 1) {
      pending.push(word);
      return;
    }
    units.push([...pending, word].join(' '));
    pending = [];
  });
  return units;
}
