import type { KeywordRule, KeywordSet } from './keyword-set';
import { matchDetailsReply, matchMessage } from './matcher';
import { presetFor, topicRules, TOPICS } from './presets';

const subscribe: KeywordRule = { id: 'iscrizione', action: 'subscribe', phrases: ['ATTIVA'] };
const leave: KeywordRule = { id: 'cancellazione', action: 'unsubscribe', phrases: ['DISATTIVA', 'DISATTIVA ISCRIZIONE'] };

function set(...rules: KeywordRule[]): KeywordSet {
  return { rules, stopWords: [] };
}

describe('matchMessage: longest match on whole words', () => {
  const s = set(subscribe, leave, { id: 'tutto', action: 'subscribe', phrases: ['ATTIVA TUTTO IL COMUNE'] });

  it('never reads DISATTIVA as ATTIVA, nor ATTIVAZIONE as ATTIVA', () => {
    expect(matchMessage(s, 'DISATTIVA').action).toBe('unsubscribe');
    expect(matchMessage(s, 'DISATTIVA ISCRIZIONE')).toMatchObject({ action: 'unsubscribe', phrase: 'DISATTIVA ISCRIZIONE' });
    expect(matchMessage(s, 'ATTIVAZIONE').action).toBe('none');
    expect(matchMessage(s, 'RIATTIVA').action).toBe('none');
  });

  it('prefers the longest phrase across rules', () => {
    expect(matchMessage(s, 'attiva tutto il comune')).toMatchObject({ ruleId: 'tutto', phrase: 'ATTIVA TUTTO IL COMUNE' });
    expect(matchMessage(s, 'attiva tutto')).toMatchObject({ ruleId: 'iscrizione', phrase: 'ATTIVA' });
  });

  it('lets topic phrases and the plain words coexist', () => {
    const sg = set(subscribe, leave, ...topicRules(TOPICS[3]));
    expect(matchMessage(sg, 'ATTIVA')).toMatchObject({ action: 'subscribe', ruleId: 'iscrizione' });
    expect(matchMessage(sg, 'ATTIVA METEO')).toMatchObject({ action: 'topic_add', topic: 'allerta_meteo' });
    expect(matchMessage(sg, 'DISATTIVA METEO')).toMatchObject({ action: 'topic_remove', topic: 'allerta_meteo' });
    expect(matchMessage(sg, 'DISATTIVA')).toMatchObject({ action: 'unsubscribe' });
    expect(matchMessage(sg, 'STOP METEO')).toMatchObject({ action: 'topic_remove', topic: 'allerta_meteo' });
    expect(matchMessage(sg, 'STOP')).toMatchObject({ action: 'stop' });
  });

  it('matches a phrase written without spaces, exactly', () => {
    expect(matchMessage(s, 'DisattivaIscrizione')).toMatchObject({ action: 'unsubscribe', phrase: 'DISATTIVA ISCRIZIONE' });
    expect(matchMessage(s, 'DisattivaIscrizine').action).toBe('none');
  });
});

describe('matchMessage: text before and after the phrase', () => {
  const s = set(subscribe, leave);

  it.each([
    ['ATTIVA per favore', 'subscribe'],
    ['Buongiorno! ATTIVA', 'subscribe'],
    ['Gentile Comune, DISATTIVA grazie', 'unsubscribe'],
    ['Per favore DISATTIVA', 'unsubscribe'],
    ['OK ATTIVA', 'subscribe'],
    ['Per DISATTIVA cosa scrivo', 'none'],
    ['ATTIVA? come funziona', 'none'],
    ['ATTIVA non mi interessa', 'none'],
    ['non voglio attivare niente', 'none'],
    ['come faccio a disattivare?', 'none'],
    ['Perché DISATTIVA', 'none'],
  ])('%j -> %s', (text, action) => {
    expect(matchMessage(s, text).action).toBe(action);
  });

  it('accepts the comune’s own filler words only when configured', () => {
    expect(matchMessage(s, 'ATTIVA Bientina').action).toBe('none');
    expect(matchMessage({ ...s, fillerWords: ['Bientina'] }, 'ATTIVA Bientina').action).toBe('subscribe');
  });

  it('explains why extra text blocked an action, quoting it as written', () => {
    const result = matchMessage(s, 'DISATTIVA mia Madre');
    expect(result.action).toBe('none');
    expect(result.explanation).toContain('“DISATTIVA” della regola “cancellazione”');
    expect(result.explanation).toContain('“mia Madre”');
    expect(result.explanation).toContain('risposta automatica di aiuto');
  });

  it('says the greeting was skipped', () => {
    expect(matchMessage(s, 'Buongiorno, ATTIVA').explanation).toMatch(/^Parole iniziali ignorate: “Buongiorno,”\. Riconosciuta/);
  });
});

describe('matchMessage: universal stop words', () => {
  it('means stop in any case, even with no unsubscribe rule', () => {
    const s = set(subscribe);
    expect(matchMessage(s, 'STOP')).toMatchObject({ action: 'stop', phrase: 'STOP' });
    expect(matchMessage(s, 'stop')).toMatchObject({ action: 'stop' });
    expect(matchMessage(s, 'Stopp!')).toMatchObject({ action: 'stop' });
    expect(matchMessage(s, 'stop per favore, grazie')).toMatchObject({ action: 'stop' });
  });

  it('does not stop when STOP opens an unrelated sentence', () => {
    expect(matchMessage(set(subscribe), 'Stop al traffico in via Roma').action).toBe('none');
  });

  it('adds the set’s own stop phrases', () => {
    const s: KeywordSet = { rules: [subscribe], stopWords: ['Basta messaggi', 'FINE'] };
    expect(matchMessage(s, 'basta messaggi!').action).toBe('stop');
    expect(matchMessage(s, 'Fine').action).toBe('stop');
    expect(matchMessage(s, 'basta').action).toBe('none');
  });
});

describe('matchMessage: confirm words', () => {
  const s = set(subscribe);

  it.each(['SI', 'Sì', 'SÌ', 'SÍ', 'si', 'OK', 'ok!', 'Okay', 'CONFERMO', 'Accetto', 'Sì grazie'])('%j -> confirm', (text) => {
    expect(matchMessage(s, text).action).toBe('confirm');
  });

  it('adds the set’s own confirm words', () => {
    expect(matchMessage(s, 'Va bene').action).toBe('none');
    expect(matchMessage({ ...s, confirmWords: ['VA BENE'] }, 'Va bene').action).toBe('confirm');
  });

  it('does not read "No" as a confirmation', () => {
    expect(matchMessage(s, 'No').action).toBe('none');
  });
});

describe('matchMessage: typo tolerance', () => {
  const s = set(subscribe, leave, { id: 'iscriviti', action: 'subscribe', phrases: ['ISCRIVIMI'] });

  it.each([
    ['ATTTIVA', 'ATTIVA'],
    ['ATIVA', 'ATTIVA'],
    ['ATTIAV', 'ATTIVA'],
    ['DISATIVA', 'DISATTIVA'],
    ['ISCRIVIMMI', 'ISCRIVIMI'],
  ])('reads %s as %s and reports it', (written, expected) => {
    const result = matchMessage(s, written);
    expect(result.action).not.toBe('none');
    expect(result.typos).toEqual([{ written, expected }]);
    expect(result.explanation).toContain(`“${written}” letto come “${expected}”`);
  });

  it('tolerates nothing on short words, first letters, or two edits', () => {
    const short = set({ id: 'i', action: 'subscribe', phrases: ['ON'] }, { id: 'a', action: 'help', phrases: ['INFO'] });
    expect(matchMessage(short, 'OM').action).toBe('none');
    expect(matchMessage(short, 'INFI').action).toBe('none');
    expect(matchMessage(s, 'CATTIVA').action).toBe('none');
    expect(matchMessage(s, 'ATIVAA').action).toBe('none');
  });

  it('never corrects a word into another meaning', () => {
    const close = set(subscribe, { id: 'altro', action: 'help', phrases: ['ATTIVO'] });
    expect(matchMessage(close, 'ATTIVO').action).toBe('help');
    expect(matchMessage(close, 'ATTIVA').action).toBe('subscribe');
    // One edit from both ATTIVA (subscribe) and ATTIVO (help): too close to call.
    expect(matchMessage(close, 'ATTIVE').action).toBe('none');
  });

  it('refuses a correction when a word of another meaning is as close, even inside a longer phrase', () => {
    const s2 = set(subscribe, { id: 'altro', action: 'help', phrases: ['ATTIVO SERVIZIO CLIENTI'] });
    // Only ATTIVA could match "ATTIVE" on its own, but ATTIVO is just as close: no guess.
    expect(matchMessage(s2, 'ATTIVE').action).toBe('none');
    expect(matchMessage(s2, 'ATIVA').action).toBe('subscribe');
  });

  it('does not correct the first letter: "Scrivimi" is not "Iscrivimi"', () => {
    expect(matchMessage(s, 'Scrivimi').action).toBe('none');
    expect(matchMessage(s, 'Iscivimi').action).toBe('subscribe');
  });

  it('accepts a typo close to two words of the same meaning', () => {
    const leaveWords = set(subscribe, { id: 'c', action: 'unsubscribe', phrases: ['CANCELLA', 'CANCELLAMI'] });
    expect(matchMessage(leaveWords, 'CANCELLAM').action).toBe('unsubscribe');
  });

  it('does not correct real words on the deny list', () => {
    const sg = presetFor('san-giuliano-milanese');
    expect(matchMessage(sg, 'ATTIVA METEOO').action).toBe('topic_add');
    expect(matchMessage(sg, 'ATTIVA METRO').action).toBe('none');
  });

  it('can be switched off', () => {
    expect(matchMessage(s, 'ATIVA', { typos: false }).action).toBe('none');
    expect(matchMessage(s, 'ATTIVA', { typos: false }).action).toBe('subscribe');
  });
});

describe('matchMessage: ambiguity', () => {
  it('takes no action when two meanings match equally well', () => {
    // An invalid set (validation refuses it), matched anyway: rule order must not decide.
    const s = set(subscribe, { id: 'aiuto', action: 'help', phrases: ['attiva'] });
    const result = matchMessage(s, 'ATTIVA');
    expect(result.action).toBe('none');
    expect(result.explanation).toContain('in egual misura');
  });
});

describe('matchMessage: symbol phrases and empty messages', () => {
  const s = set(subscribe, { id: 'aiuto', action: 'help', phrases: ['AIUTO', '?'] });

  it.each(['?', '??', ' ? ? '])('%j -> help', (text) => {
    expect(matchMessage(s, text)).toMatchObject({ action: 'help', ruleId: 'aiuto', phrase: '?' });
  });

  it.each(['', '   ', '👍', '?!', '🙏🙏'])('%j -> none', (text) => {
    const result = matchMessage(s, text);
    expect(result.action).toBe('none');
    expect(result.explanation).toContain('non contiene parole');
  });
});

describe('matchMessage: captures', () => {
  const saronno = presetFor('saronno');

  it('returns fields, no missing fields and an explanation listing them', () => {
    const result = matchMessage(saronno, 'Attiva Notizie Mario Rossi Saronno');
    expect(result).toMatchObject({
      action: 'subscribe',
      ruleId: 'iscrizione',
      phrase: 'Attiva Notizie',
      fields: { first_name: 'Mario', last_name: 'Rossi', residence_comune: 'Saronno' },
      missingFields: [],
      captureMethod: 'positional',
    });
    expect(result.prompt).toBeUndefined();
    expect(result.explanation).toContain('nome “Mario”, cognome “Rossi” e comune di residenza “Saronno”');
  });

  it('lists missing fields and carries a ready-made prompt quoting the town’s phrase', () => {
    const result = matchMessage(saronno, 'attiva notizie Mario');
    expect(result.missingFields).toEqual(['last_name', 'residence_comune']);
    expect(result.prompt).toBe(
      "Mancano: cognome e comune di residenza. Per completare l'iscrizione scrivi: “Attiva Notizie” seguito da nome, cognome e comune di residenza, separati da una virgola. Grazie!",
    );
    expect(result.explanation).toContain('Mancano: cognome e comune di residenza.');
    // Nothing given at all: just the request.
    expect(matchMessage(saronno, 'Attiva Notizie').prompt).toMatch(/^Per completare l'iscrizione scrivi: “Attiva Notizie”/);
  });

  it('flags guessed splits for confirmation', () => {
    const result = matchMessage(saronno, 'Attiva Notizie Maria Grazia Bianchi Caronno Pertusella');
    expect(result.captureMethod).toBe('heuristic');
    expect(result.explanation).toContain('conviene chiederne conferma');
  });

  it('keeps accents, capitals and apostrophes as typed', () => {
    expect(matchMessage(saronno, "ATTIVA NOTIZIE Niccolò D'Angelo, Saronno").fields).toEqual({
      first_name: 'Niccolò',
      last_name: "D'Angelo",
      residence_comune: 'Saronno',
    });
  });

  it('refuses details that contain another command', () => {
    const result = matchMessage(saronno, 'Attiva Notizie Mario Rossi STOP');
    expect(result.action).toBe('none');
    expect(result.explanation).toContain('un\'altra parola chiave (“STOP”)');
  });
});

describe('matchMessage: caching', () => {
  it('gives the same answer for equal sets built separately', () => {
    const a = presetFor('bientina');
    const b = presetFor('bientina');
    expect(matchMessage(a, 'ATTIVA')).toEqual(matchMessage(b, 'ATTIVA'));
    expect(matchMessage(a, 'ATTIVA')).toEqual(matchMessage(a, 'ATTIVA'));
  });
});

describe('matchDetailsReply: details sent without the phrase, after the request for them (Saronno)', () => {
  const saronno = presetFor('saronno');
  const all = ['first_name', 'last_name', 'residence_comune'];

  it.each([
    // earlier messages while the request stood, the reply, expected fields (undefined: not details), missing
    [['Attiva notizie'], 'Maria Bianchi, Saronno', { first_name: 'Maria', last_name: 'Bianchi', residence_comune: 'Saronno' }, []],
    [['Attiva notizie'], 'Maria Bianchi Saronno', { first_name: 'Maria', last_name: 'Bianchi', residence_comune: 'Saronno' }, []],
    [['Attiva notizie'], 'Buongiorno, sono Maria Bianchi di Saronno. Grazie', { first_name: 'Maria', last_name: 'Bianchi', residence_comune: 'Saronno' }, []],
    [['Attiva notizie'], 'Sì, Maria Grazia Bianchi, Caronno Pertusella', { first_name: 'Maria Grazia', last_name: 'Bianchi', residence_comune: 'Caronno Pertusella' }, []],
    [['Attiva notizie'], 'Maria Bianchi', { first_name: 'Maria', last_name: 'Bianchi' }, ['residence_comune']],
    [['Attiva notizie'], 'Maria', { first_name: 'Maria' }, ['last_name', 'residence_comune']],
    // Earlier replies count: the new text fills what is still missing.
    [['Attiva notizie', 'Maria Bianchi'], 'Saronno', { first_name: 'Maria', last_name: 'Bianchi', residence_comune: 'Saronno' }, []],
    [['Attiva notizie', 'Maria Bianchi'], 'Caronno Pertusella', { first_name: 'Maria', last_name: 'Bianchi', residence_comune: 'Caronno Pertusella' }, []],
    [['Attiva Notizie Maria Bianchi'], 'Saronno', { first_name: 'Maria', last_name: 'Bianchi', residence_comune: 'Saronno' }, []],
    [['Attiva notizie', 'Maria'], 'Bianchi Saronno', { first_name: 'Maria', last_name: 'Bianchi', residence_comune: 'Saronno' }, []],
    [['Attiva notizie', 'Maria', 'Bianchi'], 'Saronno', { first_name: 'Maria', last_name: 'Bianchi', residence_comune: 'Saronno' }, []],
    // Everything written again replaces what was given before.
    [['Attiva Notizie Mario Rossi'], 'Maria Bianchi Saronno', { first_name: 'Maria', last_name: 'Bianchi', residence_comune: 'Saronno' }, []],
    // The phrase sent again starts over; a question in between counted for nothing.
    [['Attiva Notizie Mario Rossi', 'Attiva notizie', 'come funziona?'], 'Saronno', { first_name: 'Saronno' }, ['last_name', 'residence_comune']],
    // Not details: a question, a sentence, another keyword in it, only a greeting, prose.
    [['Attiva notizie'], 'Ma come funziona?', undefined, undefined],
    [['Attiva notizie'], 'Non ho capito', undefined, undefined],
    [['Attiva notizie'], 'Maria Bianchi disattiva', undefined, undefined],
    [['Attiva notizie'], 'Buongiorno', undefined, undefined],
    [['Attiva notizie'], 'Grazie mille', undefined, undefined],
    [['Attiva notizie'], "Per completare l'iscrizione scrivi: “Attiva Notizie” seguito da nome, cognome e comune di residenza, separati da una virgola. Grazie!", undefined, undefined],
  ] as const)('%j then "%s" → %j, missing %j', (earlier, text, fields, missing) => {
    expect(matchMessage(saronno, text).action).toBe('none');
    const result = matchDetailsReply(saronno, 'iscrizione', text, earlier);
    if (fields === undefined) return expect(result).toBeUndefined();
    expect(result).toMatchObject({ action: 'subscribe', ruleId: 'iscrizione', phrase: 'Attiva Notizie', fields, missingFields: missing });
    expect(result!.prompt === undefined).toBe(missing!.length === 0);
  });

  it('names what is still missing, and explains the reading to the admin', () => {
    const result = matchDetailsReply(saronno, 'iscrizione', 'Maria Bianchi', ['Attiva notizie'])!;
    expect(result.prompt).toMatch(/^Manca: comune di residenza\. Per completare l'iscrizione scrivi: “Attiva Notizie”/);
    expect(result.explanation).toMatch(/^Risposta alla richiesta di dati della regola “iscrizione”.*Dati letti: nome “Maria” e cognome “Bianchi”\. Mancano: comune di residenza\.$/);
    expect(all.filter((f) => !(f in result.fields!))).toEqual(result.missingFields);
  });

  it('drops greetings and thanks around the details, after the phrase too', () => {
    expect(matchMessage(saronno, 'Attiva Notizie, grazie mille')).toMatchObject({ action: 'subscribe', fields: {}, missingFields: all });
    expect(matchMessage(saronno, 'Attiva Notizie. Buongiorno, Maria Bianchi, Saronno').fields).toEqual({ first_name: 'Maria', last_name: 'Bianchi', residence_comune: 'Saronno' });
  });

  it('reads nothing for a rule that is gone or does not capture', () => {
    expect(matchDetailsReply(saronno, 'non-esiste', 'Maria Bianchi, Saronno')).toBeUndefined();
    expect(matchDetailsReply(presetFor('bientina'), 'iscrizione', 'Maria Bianchi, Saronno')).toBeUndefined();
  });
});
