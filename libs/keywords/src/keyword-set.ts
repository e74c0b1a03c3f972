import { normalizePhrase, normalizeWord, symbolKey } from './normalize';
import { BUILT_IN_CONFIRM_WORDS, BUILT_IN_STOP_WORDS } from './vocabulary';

export const KEYWORD_ACTIONS = ['subscribe', 'unsubscribe', 'help', 'confirm', 'topic_add', 'topic_remove'] as const;
export type KeywordAction = (typeof KEYWORD_ACTIONS)[number];

/** Italian names of the actions, for admins and explanations. */
export const ACTION_LABELS: Readonly<Record<KeywordAction | 'stop' | 'none', string>> = {
  subscribe: 'iscrizione',
  unsubscribe: 'cancellazione',
  help: 'richiesta di aiuto',
  confirm: 'conferma',
  topic_add: 'attivazione di un argomento',
  topic_remove: 'disattivazione di un argomento',
  stop: 'cancellazione (parola universale)',
  none: 'nessuna azione',
};

/** One piece of information a subscribe phrase must be followed by (Saronno: nome, cognome, comune). */
export interface CaptureField {
  /** Machine name, snake_case: "first_name". */
  readonly name: string;
  /** What citizens are asked for, in Italian: "nome", "comune di residenza". */
  readonly label: string;
  readonly required: boolean;
}

export interface KeywordRule {
  /** Stable id, reported in match results and validation messages. */
  readonly id: string;
  readonly action: KeywordAction;
  /**
   * Phrases as the comune publishes them; the first one is the canonical one quoted back to citizens.
   * Case, accents and punctuation do not matter. A phrase made only of symbols ("?") matches a message
   * made only of those symbols.
   */
  readonly phrases: readonly string[];
  /** Topic slug; required for topic_add/topic_remove and forbidden otherwise. */
  readonly topic?: string;
  /** Only on subscribe rules: fields read from the text after the phrase, in order. */
  readonly capture?: readonly CaptureField[];
}

/**
 * A comune's keyword configuration. Treat it as immutable once passed to the matcher: the compiled
 * index is cached per object.
 */
export interface KeywordSet {
  readonly rules: readonly KeywordRule[];
  /** The comune's own universal stop phrases; STOP and STOPP are built in and need not be listed. */
  readonly stopWords: readonly string[];
  /** Extra confirmation words; SI, SÌ, SÍ, OK, OKAY, CONFERMO, ACCETTO are built in. */
  readonly confirmWords?: readonly string[];
  /**
   * Extra single words that may accompany a phrase without changing it, typically the comune's name
   * ("ATTIVA Bientina"). Built-in courtesy and service words are always allowed.
   */
  readonly fillerWords?: readonly string[];
}

export interface TopicDefinition {
  /** Slug stored on subscriptions: "allerta_meteo". */
  readonly slug: string;
  /** Italian label shown to admins and citizens: "Allerta meteo". */
  readonly label: string;
  /** Words citizens use for it, the first being the canonical one: ["ALLERTA METEO", "METEO"]. */
  readonly aliases: readonly string[];
}

export type KeywordSetProblemCode =
  | 'no_subscribe_rule'
  | 'empty_rule_id'
  | 'duplicate_rule_id'
  | 'unknown_action'
  | 'no_phrases'
  | 'empty_phrase'
  | 'phrase_too_long'
  | 'duplicate_phrase'
  | 'phrase_conflict'
  | 'phrase_repeated'
  | 'phrase_is_stop_word'
  | 'phrase_is_confirm_word'
  | 'missing_topic'
  | 'unexpected_topic'
  | 'invalid_topic'
  | 'unknown_topic'
  | 'capture_not_allowed'
  | 'invalid_capture_name'
  | 'duplicate_capture_name'
  | 'empty_capture_label'
  | 'empty_stop_word'
  | 'empty_confirm_word'
  | 'confirm_is_stop_word'
  | 'invalid_filler_word';

/** A problem with a keyword set: a stable code for programs, an Italian message for people. */
export interface KeywordSetProblem {
  readonly code: KeywordSetProblemCode;
  readonly message: string;
  readonly ruleId?: string;
}

export interface ValidateOptions {
  /** When given, topic rules must name one of these slugs. */
  readonly knownTopics?: readonly string[];
}

export const MAX_PHRASE_WORDS = 8;
export const MAX_PHRASE_LENGTH = 80;
const SLUG = /^[a-z][a-z0-9_]*$/;
const NEGATIONS = new Set(['NON', 'NO', 'NIENTE', 'MAI', 'NESSUNO', 'NESSUNA']);

/** Every problem in the set, each with a code and an Italian message. Empty when the set is usable. */
export function checkKeywordSet(set: KeywordSet, options: ValidateOptions = {}): KeywordSetProblem[] {
  return [
    ...checkRuleIds(set),
    ...set.rules.flatMap((rule, i) => checkRule(rule, i, options)),
    ...checkPhraseOwnership(set),
    ...checkStopAndConfirmWords(set),
    ...checkFillerWords(set),
    ...checkHasSubscribe(set),
  ];
}

/** The Italian messages of {@link checkKeywordSet}: what an admin editing the set through the API reads. */
export function validateKeywordSet(set: KeywordSet, options: ValidateOptions = {}): string[] {
  return checkKeywordSet(set, options).map((p) => p.message);
}

/** "ATTIVA", "Attiva!", "attiva" are one phrase; "?" and "??" too. Empty for a blank phrase. */
export function phraseKey(phrase: string): string {
  const words = normalizePhrase(phrase);
  return words !== '' ? words : symbolKey(phrase);
}

function ruleName(rule: KeywordRule, index: number): string {
  return rule.id?.trim() ? `Regola "${rule.id}"` : `Regola n. ${index + 1}`;
}

function problem(code: KeywordSetProblemCode, message: string, ruleId?: string): KeywordSetProblem {
  return ruleId === undefined ? { code, message } : { code, message, ruleId };
}

function checkHasSubscribe(set: KeywordSet): KeywordSetProblem[] {
  if (set.rules.some((r) => r.action === 'subscribe')) return [];
  return [
    problem(
      'no_subscribe_rule',
      'Manca una regola di iscrizione (azione "subscribe"): i cittadini non potrebbero iscriversi.',
    ),
  ];
}

function checkRuleIds(set: KeywordSet): KeywordSetProblem[] {
  const seen = new Set<string>();
  const problems: KeywordSetProblem[] = [];
  set.rules.forEach((rule, i) => {
    const id = rule.id?.trim() ?? '';
    if (id === '') {
      problems.push(problem('empty_rule_id', `Regola n. ${i + 1}: manca l'identificativo (id).`));
    } else if (seen.has(id)) {
      problems.push(problem('duplicate_rule_id', `Regola "${id}": lo stesso identificativo è usato da più regole.`, id));
    }
    seen.add(id);
  });
  return problems;
}

function checkRule(rule: KeywordRule, index: number, options: ValidateOptions): KeywordSetProblem[] {
  const name = ruleName(rule, index);
  if (!(KEYWORD_ACTIONS as readonly string[]).includes(rule.action)) {
    const allowed = KEYWORD_ACTIONS.join(', ');
    return [problem('unknown_action', `${name}: azione "${String(rule.action)}" sconosciuta (ammesse: ${allowed}).`, rule.id)];
  }
  return [...checkPhrases(rule, name), ...checkTopic(rule, name, options), ...checkCapture(rule, name)];
}

function checkPhrases(rule: KeywordRule, name: string): KeywordSetProblem[] {
  if (!rule.phrases || rule.phrases.length === 0) {
    return [problem('no_phrases', `${name}: serve almeno una frase chiave.`, rule.id)];
  }
  const problems: KeywordSetProblem[] = [];
  const seen = new Set<string>();
  rule.phrases.forEach((phrase, i) => {
    const key = phraseKey(phrase ?? '');
    const where = `${name}, frase n. ${i + 1}`;
    if (key === '') {
      problems.push(problem('empty_phrase', `${where}: la frase è vuota.`, rule.id));
    } else if (phrase.length > MAX_PHRASE_LENGTH || key.split(' ').length > MAX_PHRASE_WORDS) {
      const limit = `${MAX_PHRASE_WORDS} parole, ${MAX_PHRASE_LENGTH} caratteri`;
      problems.push(problem('phrase_too_long', `${where}: "${phrase}" è troppo lunga (massimo ${limit}).`, rule.id));
    } else if (seen.has(key)) {
      problems.push(problem('duplicate_phrase', `${where}: "${phrase}" è ripetuta nella stessa regola.`, rule.id));
    }
    seen.add(key);
  });
  return problems;
}

function checkTopic(rule: KeywordRule, name: string, options: ValidateOptions): KeywordSetProblem[] {
  const isTopicRule = rule.action === 'topic_add' || rule.action === 'topic_remove';
  if (!isTopicRule) {
    return rule.topic === undefined
      ? []
      : [problem('unexpected_topic', `${name}: l'argomento si indica solo per le azioni topic_add e topic_remove.`, rule.id)];
  }
  if (!rule.topic) {
    return [problem('missing_topic', `${name}: indicare l'argomento (topic) da attivare o disattivare.`, rule.id)];
  }
  if (!SLUG.test(rule.topic)) {
    const hint = 'solo lettere minuscole, cifre e "_", es. "allerta_meteo"';
    return [problem('invalid_topic', `${name}: argomento "${rule.topic}" non valido (${hint}).`, rule.id)];
  }
  if (options.knownTopics && !options.knownTopics.includes(rule.topic)) {
    return [problem('unknown_topic', `${name}: l'argomento "${rule.topic}" non è tra quelli del comune.`, rule.id)];
  }
  return [];
}

function checkCapture(rule: KeywordRule, name: string): KeywordSetProblem[] {
  if (!rule.capture || rule.capture.length === 0) return [];
  if (rule.action !== 'subscribe') {
    return [problem('capture_not_allowed', `${name}: la raccolta di dati (capture) è ammessa solo nelle regole di iscrizione.`, rule.id)];
  }
  const problems: KeywordSetProblem[] = [];
  const seen = new Set<string>();
  rule.capture.forEach((field, i) => {
    const where = `${name}, campo n. ${i + 1}`;
    if (!SLUG.test(field.name ?? '')) {
      problems.push(problem('invalid_capture_name', `${where}: nome "${field.name}" non valido (es. "first_name").`, rule.id));
    } else if (seen.has(field.name)) {
      problems.push(problem('duplicate_capture_name', `${where}: il campo "${field.name}" è ripetuto.`, rule.id));
    }
    seen.add(field.name);
    if (!field.label?.trim()) {
      problems.push(problem('empty_capture_label', `${where}: manca l'etichetta in italiano (es. "nome").`, rule.id));
    }
  });
  return problems;
}

/** The same phrase in two rules makes the result depend on rule order: refuse it. */
function checkPhraseOwnership(set: KeywordSet): KeywordSetProblem[] {
  const owners = new Map<string, KeywordRule>();
  const problems: KeywordSetProblem[] = [];
  for (const rule of set.rules) {
    for (const phrase of new Set((rule.phrases ?? []).map((p) => phraseKey(p ?? '')))) {
      if (phrase === '') continue;
      const owner = owners.get(phrase);
      if (owner && owner !== rule) problems.push(phraseClash(phrase, owner, rule));
      else owners.set(phrase, rule);
    }
  }
  return problems;
}

function phraseClash(phrase: string, first: KeywordRule, second: KeywordRule): KeywordSetProblem {
  const sameMeaning = first.action === second.action && first.topic === second.topic;
  if (sameMeaning) {
    const message = `La frase "${phrase}" compare nelle regole "${first.id}" e "${second.id}": tenerla in una sola.`;
    return problem('phrase_repeated', message, second.id);
  }
  const a = `"${first.id}" (${ACTION_LABELS[first.action]}${first.topic ? `, ${first.topic}` : ''})`;
  const b = `"${second.id}" (${ACTION_LABELS[second.action]}${second.topic ? `, ${second.topic}` : ''})`;
  const message = `La frase "${phrase}" è usata da due regole con azioni diverse: ${a} e ${b}.`;
  return problem('phrase_conflict', message, second.id);
}

function checkStopAndConfirmWords(set: KeywordSet): KeywordSetProblem[] {
  const stops = new Set([...BUILT_IN_STOP_WORDS, ...set.stopWords].map(phraseKey));
  const confirms = new Set([...BUILT_IN_CONFIRM_WORDS, ...(set.confirmWords ?? [])].map(phraseKey));
  const problems: KeywordSetProblem[] = [];
  set.stopWords.forEach((w, i) => {
    if (phraseKey(w ?? '') === '') problems.push(problem('empty_stop_word', `Parola di cancellazione n. ${i + 1}: è vuota.`));
  });
  (set.confirmWords ?? []).forEach((w, i) => {
    const key = phraseKey(w ?? '');
    if (key === '') problems.push(problem('empty_confirm_word', `Parola di conferma n. ${i + 1}: è vuota.`));
    else if (stops.has(key)) {
      problems.push(problem('confirm_is_stop_word', `"${w}" non può essere insieme parola di conferma e di cancellazione.`));
    }
  });
  set.rules.forEach((rule, i) => problems.push(...reservedPhraseProblems(rule, i, stops, confirms)));
  return problems;
}

/** Stop and confirm words are universal: a rule may extend them ("STOP METEO") but not redefine them. */
function reservedPhraseProblems(
  rule: KeywordRule,
  index: number,
  stops: ReadonlySet<string>,
  confirms: ReadonlySet<string>,
): KeywordSetProblem[] {
  const name = ruleName(rule, index);
  return (rule.phrases ?? []).flatMap((phrase) => {
    const key = phraseKey(phrase ?? '');
    if (stops.has(key)) {
      return [problem('phrase_is_stop_word', `${name}: "${phrase}" è già una parola di cancellazione universale.`, rule.id)];
    }
    if (confirms.has(key) && rule.action !== 'confirm') {
      return [problem('phrase_is_confirm_word', `${name}: "${phrase}" è già una parola di conferma.`, rule.id)];
    }
    return [];
  });
}

/**
 * An extra filler word must be one harmless word. A filler that opens a phrase would let
 * "ATTIVA DISATTIVA" subscribe, and a negation would let "ATTIVA NON" subscribe. Words inside a
 * phrase are fine ("CORMANO" in "ATTIVA INFORMAZIONI CORMANO").
 */
function checkFillerWords(set: KeywordSet): KeywordSetProblem[] {
  const keywordTokens = new Set(
    [...set.rules.flatMap((r) => r.phrases ?? []), ...set.stopWords, ...BUILT_IN_STOP_WORDS].map(
      (p) => normalizePhrase(p ?? '').split(' ')[0],
    ),
  );
  return (set.fillerWords ?? []).flatMap((word, i) => {
    const norm = normalizeWord(word ?? '');
    const where = `Parola accessoria n. ${i + 1} ("${word}")`;
    if (norm === '' || normalizePhrase(word).includes(' ')) {
      return [problem('invalid_filler_word', `${where}: deve essere una sola parola.`)];
    }
    if (NEGATIONS.has(norm) || keywordTokens.has(norm)) {
      return [problem('invalid_filler_word', `${where}: è una negazione o apre una frase chiave, quindi cambierebbe il senso del messaggio.`)];
    }
    return [];
  });
}
