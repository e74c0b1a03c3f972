import { checkKeywordSet, phraseKey, validateKeywordSet, type KeywordRule, type KeywordSet } from './keyword-set';
import { KEYWORD_PRESETS, PRESET_SLUGS, genericPreset } from './presets';

const subscribe: KeywordRule = { id: 'iscrizione', action: 'subscribe', phrases: ['ATTIVA'] };
const leave: KeywordRule = { id: 'cancellazione', action: 'unsubscribe', phrases: ['DISATTIVA'] };
const base: KeywordSet = { rules: [subscribe, leave], stopWords: [] };

function withRules(...rules: KeywordRule[]): KeywordSet {
  return { ...base, rules: [subscribe, leave, ...rules] };
}

function codes(set: KeywordSet, knownTopics?: string[]): string[] {
  return checkKeywordSet(set, knownTopics ? { knownTopics } : {}).map((p) => p.code);
}

describe('validateKeywordSet', () => {
  it('accepts a minimal good set', () => {
    expect(validateKeywordSet(base)).toEqual([]);
  });

  it.each(PRESET_SLUGS)('accepts the %s preset', (slug) => {
    expect(validateKeywordSet(KEYWORD_PRESETS[slug]())).toEqual([]);
  });

  it('accepts the generic preset', () => {
    expect(validateKeywordSet(genericPreset())).toEqual([]);
  });

  it('refuses a set nobody can subscribe to', () => {
    const messages = validateKeywordSet({ rules: [leave], stopWords: [] });
    expect(messages).toEqual([expect.stringContaining('Manca una regola di iscrizione')]);
  });

  it('refuses empty phrases, naming the rule and the phrase number', () => {
    const set = withRules({ id: 'aiuto', action: 'help', phrases: ['AIUTO', '  ', '!!'] });
    expect(codes(set)).toEqual(['empty_phrase']);
    expect(validateKeywordSet(set)).toEqual(['Regola "aiuto", frase n. 2: la frase è vuota.']);
  });

  it('accepts a phrase made only of symbols, which is not empty', () => {
    expect(codes(withRules({ id: 'aiuto', action: 'help', phrases: ['?'] }))).toEqual([]);
  });

  it('refuses a rule without phrases', () => {
    expect(validateKeywordSet(withRules({ id: 'aiuto', action: 'help', phrases: [] }))).toEqual([
      'Regola "aiuto": serve almeno una frase chiave.',
    ]);
  });

  it('refuses a phrase used by two rules with different actions, naming both', () => {
    const set = withRules({ id: 'altro', action: 'help', phrases: ['Attiva!'] });
    expect(codes(set)).toEqual(['phrase_conflict']);
    const [message] = validateKeywordSet(set);
    expect(message).toContain('"ATTIVA"');
    expect(message).toContain('"iscrizione" (iscrizione)');
    expect(message).toContain('"altro" (richiesta di aiuto)');
  });

  it('refuses the same phrase in two rules with the same action', () => {
    expect(codes(withRules({ id: 'iscrizione2', action: 'subscribe', phrases: ['attiva'] }))).toEqual(['phrase_repeated']);
  });

  it('refuses a phrase repeated inside a rule, whatever its spelling', () => {
    expect(codes(withRules({ id: 'aiuto', action: 'help', phrases: ['AIUTO', 'aiuto!'] }))).toEqual(['duplicate_phrase']);
  });

  it('refuses too long phrases', () => {
    const long = 'una due tre quattro cinque sei sette otto nove';
    expect(codes(withRules({ id: 'aiuto', action: 'help', phrases: [long] }))).toEqual(['phrase_too_long']);
  });

  it('refuses capture on a rule that is not a subscription', () => {
    const rule: KeywordRule = {
      id: 'cancellazione2',
      action: 'unsubscribe',
      phrases: ['CANCELLAMI'],
      capture: [{ name: 'first_name', label: 'nome', required: true }],
    };
    expect(validateKeywordSet(withRules(rule))).toEqual([
      'Regola "cancellazione2": la raccolta di dati (capture) è ammessa solo nelle regole di iscrizione.',
    ]);
  });

  it('refuses bad capture fields', () => {
    const rule: KeywordRule = {
      ...subscribe,
      capture: [
        { name: 'First Name', label: 'nome', required: true },
        { name: 'last_name', label: '', required: true },
        { name: 'last_name', label: 'cognome', required: true },
      ],
    };
    expect(codes({ ...base, rules: [rule, leave] })).toEqual(['invalid_capture_name', 'empty_capture_label', 'duplicate_capture_name']);
  });

  it('requires a valid topic on topic rules and refuses one elsewhere', () => {
    expect(codes(withRules({ id: 't1', action: 'topic_add', phrases: ['ATTIVA METEO'] }))).toEqual(['missing_topic']);
    expect(codes(withRules({ id: 't2', action: 'topic_add', topic: 'Allerta Meteo', phrases: ['ATTIVA METEO'] }))).toEqual(['invalid_topic']);
    expect(codes(withRules({ id: 't3', action: 'help', topic: 'eventi', phrases: ['AIUTO'] }))).toEqual(['unexpected_topic']);
  });

  it('checks topics against the comune’s list when given', () => {
    const set = withRules({ id: 't', action: 'topic_add', topic: 'sport', phrases: ['ATTIVA SPORT'] });
    expect(codes(set)).toEqual([]);
    expect(codes(set, ['eventi', 'allerta_meteo'])).toEqual(['unknown_topic']);
  });

  it('refuses unknown actions', () => {
    const rule = { id: 'x', action: 'subscribe_all', phrases: ['TUTTO'] } as unknown as KeywordRule;
    expect(validateKeywordSet(withRules(rule))[0]).toMatch(/azione "subscribe_all" sconosciuta/);
  });

  it('refuses missing and duplicate rule ids', () => {
    expect(codes(withRules({ id: '', action: 'help', phrases: ['AIUTO'] }))).toEqual(['empty_rule_id']);
    expect(codes(withRules({ id: 'iscrizione', action: 'help', phrases: ['AIUTO'] }))).toEqual(['duplicate_rule_id']);
  });

  it('refuses redefining the universal stop and confirm words', () => {
    expect(codes(withRules({ id: 'aiuto', action: 'help', phrases: ['Stop'] }))).toEqual(['phrase_is_stop_word']);
    expect(codes(withRules({ id: 'aiuto', action: 'help', phrases: ['ok'] }))).toEqual(['phrase_is_confirm_word']);
    expect(codes({ ...base, stopWords: ['BASTA'], rules: [subscribe, { ...leave, phrases: ['basta'] }] })).toEqual([
      'phrase_is_stop_word',
    ]);
  });

  it('lets a rule extend a stop word into a longer phrase', () => {
    expect(codes(withRules({ id: 'meteo', action: 'topic_remove', topic: 'allerta_meteo', phrases: ['STOP METEO'] }))).toEqual([]);
  });

  it('refuses empty stop and confirm words and a word that is both', () => {
    expect(codes({ ...base, stopWords: [' '], confirmWords: ['', 'stop'] })).toEqual([
      'empty_stop_word',
      'empty_confirm_word',
      'confirm_is_stop_word',
    ]);
  });

  it('refuses filler words that would change a message’s meaning', () => {
    expect(codes({ ...base, fillerWords: ['Bientina'] })).toEqual([]);
    expect(codes({ ...base, fillerWords: ['DISATTIVA', 'non', 'San Giuliano', ''] })).toEqual([
      'invalid_filler_word',
      'invalid_filler_word',
      'invalid_filler_word',
      'invalid_filler_word',
    ]);
  });

  it('gives every problem an Italian message and the rule id where there is one', () => {
    const problems = checkKeywordSet(withRules({ id: 'aiuto', action: 'help', phrases: [''] }));
    expect(problems).toEqual([{ code: 'empty_phrase', message: expect.stringMatching(/^Regola "aiuto"/), ruleId: 'aiuto' }]);
  });
});

describe('phraseKey', () => {
  it('folds spelling for words and collapses symbol phrases', () => {
    expect(phraseKey('Attiva  Notizie!')).toBe('ATTIVA NOTIZIE');
    expect(phraseKey('??')).toBe('?');
    expect(phraseKey(' ')).toBe('');
  });
});
