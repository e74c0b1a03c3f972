import { captureFields, joinItalian, missingFieldsPrompt, type CaptureMethod, type CaptureOutcome } from './capture';
import { withinOneEdit } from './edit-distance';
import { ACTION_LABELS, type KeywordAction, type KeywordRule, type KeywordSet } from './keyword-set';
import { normalizeMessage, normalizeWord, symbolKey, tokenize, type Token, type TokenizedMessage } from './normalize';
import {
  BUILT_IN_CONFIRM_WORDS,
  BUILT_IN_STOP_WORDS,
  FILLER_WORDS,
  LEADING_SKIPPABLE,
  TYPO_DENYLIST,
} from './vocabulary';

export type MatchAction = KeywordAction | 'stop' | 'none';

export interface TypoCorrection {
  /** The word as the citizen wrote it: "ATIVA". */
  readonly written: string;
  /** The keyword word it was read as: "ATTIVA". */
  readonly expected: string;
}

export interface MatchResult {
  /** 'stop' is a universal stop word (treat as unsubscribe); 'none' gets the automatic help answer. */
  readonly action: MatchAction;
  readonly ruleId?: string;
  /** The phrase as configured ("Attiva Notizie"), or the stop or confirm word that matched. */
  readonly phrase?: string;
  readonly topic?: string;
  /** Captured values by field name, as typed. Present on capturing subscribe rules. */
  readonly fields?: Record<string, string>;
  /** Names of required fields the citizen left out. Present on capturing subscribe rules. */
  readonly missingFields?: string[];
  /** Ready-to-send Italian request for the details, when some are missing. */
  readonly prompt?: string;
  readonly captureMethod?: CaptureMethod;
  readonly typos?: TypoCorrection[];
  /** Which rule matched and why, in Italian, for the admin "try a message" box. */
  readonly explanation: string;
}

export interface MatchOptions {
  /** Tolerate one typo in long keyword words ("ATIVA"). Default true. */
  readonly typos?: boolean;
}

type Intent = { readonly kind: 'rule'; readonly rule: KeywordRule } | { readonly kind: 'stop' } | { readonly kind: 'confirm' };

interface PhraseEntry {
  readonly text: string;
  readonly tokens: readonly string[];
  readonly intent: Intent;
  /** Tie-break between equally long phrases: stop words first, then rules in order, then confirm words. */
  readonly order: number;
}

interface CompiledSet {
  readonly phrases: readonly PhraseEntry[];
  readonly symbols: ReadonlyMap<string, PhraseEntry>;
  readonly fillers: ReadonlySet<string>;
  /** Words that open a phrase (ATTIVA, DISATTIVA, STOP, COME...): never part of captured details. */
  readonly commandWords: ReadonlySet<string>;
  /** Every known word and what it can mean; used to keep typo tolerance from crossing meanings. */
  readonly meanings: ReadonlyMap<string, ReadonlySet<string>>;
}

interface Candidate {
  readonly entry: PhraseEntry;
  /** Message tokens used: the phrase's length, or 1 for a run-together phrase ("ATTIVANOTIZIE"). */
  readonly consumed: number;
  readonly typos: TypoCorrection[];
}

interface Context {
  readonly set: CompiledSet;
  readonly message: TokenizedMessage;
  readonly typos: boolean;
}

/** An evaluation at one start position; `found` tells a phrase was there even if no action resulted. */
interface Evaluation {
  readonly result: MatchResult;
  readonly found: boolean;
}

const FILLER = 'filler';
const NO_ACTION = 'per prudenza nessuna azione (il cittadino riceve la risposta automatica di aiuto).';
const MIN_TYPO_KEYWORD_LENGTH = 5;
const MIN_TYPO_WORD_LENGTH = 4;

/**
 * What a citizen's message asks for, under a comune's keyword set. Pure: the caller decides what to
 * do (a 'confirm' only means something if a confirmation is pending; a 'topic_add' from someone not
 * yet subscribed is the caller's policy).
 *
 * Policy, in order of importance:
 * - Precision beats recall. Anything not clearly a command is 'none' and gets the help answer.
 * - The message must START with a phrase, on whole words; the longest phrase wins ("DISATTIVA METEO"
 *   over "DISATTIVA"). Greetings and "sì"/"ok" before it are skipped ("Buongiorno, DISATTIVA").
 * - After a phrase only filler may follow (courtesy, greetings, service words, the comune's name) or
 *   the phrase's own words again: "ATTIVA per favore" and "ATTIVA ATTIVA" subscribe, "ATTIVA? come
 *   funziona" and "DISATTIVA mia madre" do not.
 * - STOP, STOPP and the set's stop words mean 'stop' under the same rule ("stop per favore" stops,
 *   "stop alle buche" does not); a longer phrase still wins ("STOP METEO" removes one topic).
 * - Confirm words (SI, SÌ, OK, CONFERMO...) mean 'confirm' whether or not anything is pending.
 * - A capturing phrase (Saronno) takes the text after it as the requested details instead, unless
 *   that text is a question, a sentence or contains another command.
 * - One typo per long keyword word (5+ letters, same first letter) is tolerated, never when the word
 *   is itself a known word or could equally be a word of a different meaning.
 */
export function matchMessage(keywordSet: KeywordSet, text: string, options: MatchOptions = {}): MatchResult {
  const set = compile(keywordSet);
  const message = tokenize(text);
  if (message.tokens.length === 0) return matchSymbols(set, text);
  const context: Context = { set, message, typos: options.typos ?? true };
  const atStart = evaluateAt(context, 0);
  if (atStart.result.action !== 'none') return atStart.result;
  const skip = leadingSkippable(message.tokens);
  if (skip === 0 || skip === message.tokens.length) return atStart.result;
  const afterGreeting = evaluateAt(context, skip);
  if (afterGreeting.result.action !== 'none') return withSkippedPrefix(afterGreeting.result, message, skip);
  return atStart.found || !afterGreeting.found ? atStart.result : afterGreeting.result;
}

// ---- compiling a set ---------------------------------------------------------------------------

const compiled = new WeakMap<KeywordSet, CompiledSet>();

function compile(keywordSet: KeywordSet): CompiledSet {
  let set = compiled.get(keywordSet);
  if (!set) {
    set = buildIndex(keywordSet);
    compiled.set(keywordSet, set);
  }
  return set;
}

function buildIndex(keywordSet: KeywordSet): CompiledSet {
  const entries = collectEntries(keywordSet);
  const symbols = new Map<string, PhraseEntry>();
  for (const entry of entries) {
    const key = entry.tokens.length === 0 ? symbolKey(entry.text) : '';
    if (key !== '' && !symbols.has(key)) symbols.set(key, entry);
  }
  const fillers = new Set([...FILLER_WORDS, ...(keywordSet.fillerWords ?? []).map(normalizeWord).filter(Boolean)]);
  const phrases = entries.filter((e) => e.tokens.length > 0);
  const commandWords = new Set(phrases.map((e) => e.tokens[0]).filter((t) => !fillers.has(t)));
  return { phrases, symbols, fillers, commandWords, meanings: tokenMeanings(phrases, fillers) };
}

function collectEntries(keywordSet: KeywordSet): PhraseEntry[] {
  const entries: PhraseEntry[] = [];
  const seen = new Set<string>();
  const add = (text: string, intent: Intent): void => {
    const tokens = normalizeMessage(text);
    const key = `${meaningOf(intent)}|${tokens.length > 0 ? tokens.join(' ') : symbolKey(text)}`;
    if (seen.has(key)) return;
    seen.add(key);
    entries.push({ text, tokens, intent, order: entries.length });
  };
  [...BUILT_IN_STOP_WORDS, ...keywordSet.stopWords].forEach((w) => add(w, { kind: 'stop' }));
  keywordSet.rules.forEach((rule) => rule.phrases.forEach((p) => add(p, { kind: 'rule', rule })));
  [...BUILT_IN_CONFIRM_WORDS, ...(keywordSet.confirmWords ?? [])].forEach((w) => add(w, { kind: 'confirm' }));
  return entries;
}

/** A stop word and an unsubscribe rule mean the same thing; so do two rules with one action and topic. */
function meaningOf(intent: Intent): string {
  if (intent.kind === 'stop') return 'unsubscribe:';
  if (intent.kind === 'confirm') return 'confirm:';
  return `${intent.rule.action}:${intent.rule.topic ?? ''}`;
}

function tokenMeanings(phrases: readonly PhraseEntry[], fillers: ReadonlySet<string>): Map<string, Set<string>> {
  const meanings = new Map<string, Set<string>>();
  const note = (token: string, meaning: string): void => {
    const known = meanings.get(token) ?? new Set<string>();
    known.add(meaning);
    meanings.set(token, known);
  };
  phrases.forEach((e) => e.tokens.forEach((t) => note(t, meaningOf(e.intent))));
  [...fillers, ...LEADING_SKIPPABLE].forEach((t) => note(t, FILLER));
  return meanings;
}

// ---- matching ----------------------------------------------------------------------------------

function evaluateAt(context: Context, start: number): Evaluation {
  const candidates = context.set.phrases
    .map((entry) => matchPhraseAt(context, entry, start))
    .filter((c): c is Candidate => c !== null);
  if (candidates.length === 0) {
    return { found: false, result: none(`Nessuna frase chiave all'inizio del messaggio: ${NO_ACTION}`) };
  }
  const [best, rival] = rankCandidates(candidates);
  if (rival) {
    const both = `${describe(best.entry)} e a ${describe(rival.entry)}`;
    return { found: true, result: none(`Il messaggio corrisponde in egual misura a ${both}: ${NO_ACTION}`) };
  }
  const restStart = start + best.consumed;
  const intent = best.entry.intent;
  const captures = intent.kind === 'rule' && (intent.rule.capture?.length ?? 0) > 0;
  const result = captures ? resolveCapture(context, best, intent.rule, restStart) : resolvePlain(context, best, restStart);
  return { found: true, result };
}

function matchPhraseAt(context: Context, entry: PhraseEntry, start: number): Candidate | null {
  const tokens = context.message.tokens;
  if (start >= tokens.length) return null;
  // Citizens drop spaces: "ATTIVANOTIZIE", "DISATTIVAISCRIZIONE". Exact only.
  if (entry.tokens.length > 1 && tokens[start].norm === entry.tokens.join('')) {
    return { entry, consumed: 1, typos: [] };
  }
  if (start + entry.tokens.length > tokens.length) return null;
  const typos: TypoCorrection[] = [];
  for (let i = 0; i < entry.tokens.length; i++) {
    const token = tokens[start + i];
    const expected = entry.tokens[i];
    if (token.norm === expected) continue;
    if (!context.typos || !typoAllowed(context.set, token.norm, expected)) return null;
    typos.push({ written: context.message.original.slice(token.start, token.end), expected });
  }
  return { entry, consumed: entry.tokens.length, typos };
}

/**
 * The best candidate, and a rival when another one is just as good but means something else.
 * Longer phrases win; then fewer typos; then stop words, rules in order, confirm words.
 */
function rankCandidates(candidates: Candidate[]): [Candidate, Candidate?] {
  const sorted = [...candidates].sort(
    (a, b) =>
      b.entry.tokens.length - a.entry.tokens.length || a.typos.length - b.typos.length || a.entry.order - b.entry.order,
  );
  const [best] = sorted;
  const rival = sorted.find(
    (c) =>
      c.entry.tokens.length === best.entry.tokens.length &&
      c.typos.length === best.typos.length &&
      meaningOf(c.entry.intent) !== meaningOf(best.entry.intent),
  );
  return rival ? [best, rival] : [best];
}

/**
 * One typo is accepted only where it cannot change the meaning: a long keyword word, the same first
 * letter (so "CATTIVA" is not "ATTIVA"), a written word that is not itself a known word, and no other
 * known word of a different meaning just as close ("DISATIVA" can only be "DISATTIVA").
 */
function typoAllowed(set: CompiledSet, written: string, expected: string): boolean {
  if (expected.length < MIN_TYPO_KEYWORD_LENGTH || written.length < MIN_TYPO_WORD_LENGTH) return false;
  if (written[0] !== expected[0] || set.meanings.has(written) || TYPO_DENYLIST.has(written)) return false;
  if (!withinOneEdit(written, expected)) return false;
  const allowed = set.meanings.get(expected) ?? new Set<string>();
  for (const [word, meanings] of set.meanings) {
    if (word === expected || !withinOneEdit(written, word)) continue;
    if ([...meanings].some((m) => !allowed.has(m))) return false;
  }
  return true;
}

function isFiller(context: Context, word: string): boolean {
  if (context.set.fillers.has(word)) return true;
  return context.typos && [...context.set.fillers].some((f) => typoAllowed(context.set, word, f));
}

function resolvePlain(context: Context, best: Candidate, restStart: number): MatchResult {
  const rest = context.message.tokens.slice(restStart);
  const restText = textFrom(context.message, restStart);
  // The phrase's own words may come again ("ATTIVA ATTIVA", "Stop stop"): repeating asks the same thing.
  if (rest.some((t) => !isFiller(context, t.norm) && !best.entry.tokens.includes(t.norm))) {
    const start = `Il messaggio inizia con ${describe(best.entry)}`;
    return none(`${start}, ma prosegue con testo non previsto (“${restText}”): ${NO_ACTION}`);
  }
  const allowed = restText ? ` Testo aggiuntivo ammesso (cortesia, saluti, nome del servizio, la frase ripetuta): “${restText}”.` : '';
  return success(best, `Riconosciuta ${describe(best.entry)}.${typoNote(best)}${allowed}`);
}

function resolveCapture(context: Context, best: Candidate, rule: KeywordRule, restStart: number): MatchResult {
  const fields = rule.capture ?? [];
  const rest = context.message.original.slice(context.message.tokens[restStart - 1].end);
  // "Attiva Notizie Mario Rossi Saronno e DISATTIVA" is two commands, not a comune called "Saronno e DISATTIVA".
  const command = context.message.tokens.slice(restStart).find((t) => context.set.commandWords.has(t.norm));
  const captured = command
    ? { ...captureFields(fields, ''), rejected: `il testo dopo la frase contiene un'altra parola chiave (“${command.norm}”)` }
    : captureFields(fields, rest);
  if (captured.rejected) {
    return none(`Il messaggio inizia con ${describe(best.entry)}, ma ${captured.rejected}: ${NO_ACTION}`);
  }
  return withCapture(success(best, `Riconosciuta ${describe(best.entry)}.${typoNote(best)}`), rule, captured);
}

/** A capturing rule's result: what was read, what is missing, and the request for it. */
function withCapture(result: MatchResult, rule: KeywordRule, captured: CaptureOutcome): MatchResult {
  const fields = rule.capture ?? [];
  const labelOf = (name: string): string => fields.find((f) => f.name === name)?.label ?? name;
  const read = Object.entries(captured.fields).map(([name, value]) => `${labelOf(name)} “${value}”`);
  const missing = captured.missingFields.map(labelOf);
  const explanation = [
    result.explanation,
    read.length > 0 ? `Dati letti: ${joinItalian(read)}.` : 'Nessun dato dopo la frase.',
    captured.method === 'heuristic' ? 'La divisione dei dati è stimata: conviene chiederne conferma.' : '',
    missing.length > 0 ? `Mancano: ${joinItalian(missing)}.` : '',
  ];
  const prompt = missing.length > 0 ? missingFieldsPrompt(fields.map((f) => f.label), rule.phrases[0], missing) : undefined;
  return {
    ...result,
    explanation: explanation.filter(Boolean).join(' '),
    fields: captured.fields,
    missingFields: captured.missingFields,
    captureMethod: captured.method,
    ...(prompt ? { prompt } : {}),
  };
}

/**
 * A message that matched no keyword, read as the details a capturing rule's request asked for
 * ("Maria Bianchi, Saronno" after "Attiva notizie" got the request): the capture logic of the
 * phrase, as if the text had followed it. `earlier` are the
 * citizen's earlier messages while the request stood, oldest first; details they gave still count,
 * so "Maria Bianchi" then "Saronno" fill all three fields: the new text fills the fields still
 * missing, unless on its own it already gives them all (the citizen wrote everything again).
 * A phrase of the rule among them starts over, as it does when sent. Undefined when the text does
 * not read as details (a question, a sentence, another keyword, only a greeting), or the rule is
 * gone or no longer captures: the message is then what it was, one that matches nothing.
 */
export function matchDetailsReply(keywordSet: KeywordSet, ruleId: string, text: string, earlier: readonly string[] = []): MatchResult | undefined {
  const rule = keywordSet.rules.find((r) => r.id === ruleId && r.action === 'subscribe' && (r.capture?.length ?? 0) > 0);
  if (!rule) return undefined;
  const set = compile(keywordSet);
  let known: Record<string, string> = {};
  for (const previous of earlier) {
    const match = matchMessage(keywordSet, previous);
    if (match.ruleId === ruleId) known = match.fields ?? {};
    else if (match.action === 'none') known = readDetails(set, rule, previous, known)?.fields ?? known;
  }
  const captured = readDetails(set, rule, text, known);
  if (!captured) return undefined;
  const intro = `Risposta alla richiesta di dati della regola “${rule.id}”, letta come se seguisse la frase “${rule.phrases[0]}”.`;
  const result: MatchResult = { action: 'subscribe', ruleId: rule.id, phrase: rule.phrases[0], explanation: intro };
  return withCapture(result, rule, captured);
}

function readDetails(set: CompiledSet, rule: KeywordRule, text: string, known: Readonly<Record<string, string>>): CaptureOutcome | undefined {
  if (tokenize(text).tokens.some((t) => set.commandWords.has(t.norm))) return undefined;
  const fields = rule.capture ?? [];
  const whole = captureFields(fields, text);
  if (whole.rejected || whole.method === 'empty') return undefined;
  const remaining = fields.filter((f) => !(f.name in known));
  if (whole.missingFields.length === 0 || Object.keys(known).length === 0 || remaining.length === 0) return whole;
  const part = captureFields(remaining, text);
  const merged = { ...known, ...part.fields };
  const missingFields = fields.filter((f) => f.required && !merged[f.name]).map((f) => f.name);
  return { fields: merged, missingFields, method: part.method };
}

function matchSymbols(set: CompiledSet, text: string): MatchResult {
  const key = symbolKey(text);
  const entry = key === '' ? undefined : set.symbols.get(key);
  if (!entry) return none(`Il messaggio non contiene parole (solo emoji, simboli o spazi): ${NO_ACTION}`);
  return success({ entry, consumed: 0, typos: [] }, `Messaggio di soli simboli: riconosciuta ${describe(entry)}.`);
}

// ---- results -----------------------------------------------------------------------------------

function success(candidate: Candidate, explanation: string): MatchResult {
  const { entry, typos } = candidate;
  const intent = entry.intent;
  const base = { phrase: entry.text, explanation, ...(typos.length > 0 ? { typos } : {}) };
  if (intent.kind === 'stop') return { action: 'stop', ...base };
  if (intent.kind === 'confirm') return { action: 'confirm', ...base };
  const { rule } = intent;
  return { action: rule.action, ruleId: rule.id, ...(rule.topic ? { topic: rule.topic } : {}), ...base };
}

function none(explanation: string): MatchResult {
  return { action: 'none', explanation };
}

function describe(entry: PhraseEntry): string {
  const intent = entry.intent;
  if (intent.kind === 'stop') return `la parola di cancellazione universale “${entry.text}”`;
  if (intent.kind === 'confirm') return `la parola di conferma “${entry.text}”`;
  const topic = intent.rule.topic ? `, argomento “${intent.rule.topic}”` : '';
  return `la frase “${entry.text}” della regola “${intent.rule.id}” (${ACTION_LABELS[intent.rule.action]}${topic})`;
}

function typoNote(candidate: Candidate): string {
  if (candidate.typos.length === 0) return '';
  const list = candidate.typos.map((t) => `“${t.written}” letto come “${t.expected}”`);
  return ` Corretto un errore di battitura: ${joinItalian(list)}.`;
}

function withSkippedPrefix(result: MatchResult, message: TokenizedMessage, skip: number): MatchResult {
  const prefix = message.original.slice(0, message.tokens[skip].start).trim();
  return { ...result, explanation: `Parole iniziali ignorate: “${prefix}”. ${result.explanation}` };
}

/** The original text from a token on, trimmed; empty past the end. */
function textFrom(message: TokenizedMessage, index: number): string {
  const token = message.tokens[index];
  return token ? message.original.slice(token.start).trim() : '';
}

function leadingSkippable(tokens: readonly Token[]): number {
  let i = 0;
  while (i < tokens.length) {
    if (LEADING_SKIPPABLE.has(tokens[i].norm)) i += 1;
    else if (tokens[i].norm === 'PER' && tokens[i + 1]?.norm === 'FAVORE') i += 2;
    else break;
  }
  return i;
}
