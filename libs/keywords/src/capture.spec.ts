import { MAX_CAPTURE_WORDS, captureFields, joinItalian, missingFieldsPrompt } from './capture';
import type { CaptureField } from './keyword-set';

const saronno: CaptureField[] = [
  { name: 'first_name', label: 'nome', required: true },
  { name: 'last_name', label: 'cognome', required: true },
  { name: 'residence_comune', label: 'comune di residenza', required: true },
];

const person = (first: string, last: string, comune: string): Record<string, string> => ({
  first_name: first,
  last_name: last,
  residence_comune: comune,
});

describe('captureFields: splitting name, surname and comune', () => {
  it.each([
    // no separators: first word, second word, the rest
    [' Mario Rossi Saronno', person('Mario', 'Rossi', 'Saronno'), 'positional'],
    [' Mario Rossi Caronno Pertusella', person('Mario', 'Rossi', 'Caronno Pertusella'), 'heuristic'],
    [' Mario De Luca Saronno', person('Mario', 'De Luca', 'Saronno'), 'positional'],
    [' Anna Della Valle San Giuliano Milanese', person('Anna', 'Della Valle', 'San Giuliano Milanese'), 'heuristic'],
    [" Niccolò D'Angelo Saronno", person('Niccolò', "D'Angelo", 'Saronno'), 'positional'],
    [' Mario Rossi di Saronno', person('Mario', 'Rossi', 'Saronno'), 'positional'],
    // separators decide
    [', Maria Grazia Bianchi, Caronno Pertusella', person('Maria Grazia', 'Bianchi', 'Caronno Pertusella'), 'heuristic'],
    [' Mario, Rossi, Saronno', person('Mario', 'Rossi', 'Saronno'), 'separators'],
    ['\nAnna Maria\nDe Santis\nOriggio', person('Anna Maria', 'De Santis', 'Origgio'), 'separators'],
    [': Mario Rossi, Saronno', person('Mario', 'Rossi', 'Saronno'), 'separators'],
    [' Anna Maria De Santis, Saronno', person('Anna Maria', 'De Santis', 'Saronno'), 'heuristic'],
    [' - Mario Rossi - Saronno', person('Mario', 'Rossi', 'Saronno'), 'separators'],
    [' Mario; Rossi; Via Roma 1; Saronno', person('Mario', 'Rossi', 'Via Roma 1, Saronno'), 'heuristic'],
    [' Nome: Mario, Cognome: Rossi, Comune di residenza: Saronno', person('Mario', 'Rossi', 'Saronno'), 'separators'],
    // courtesy, emoji and introductions go away; case and accents stay
    [' per favore Mario Rossi Saronno grazie mille', person('Mario', 'Rossi', 'Saronno'), 'positional'],
    [' sono Mario Rossi, residente a Saronno. Cordiali saluti', person('Mario', 'Rossi', 'Saronno'), 'separators'],
    [' mi chiamo Lucia Bianchi 😊 Cislago 🙏', person('Lucia', 'Bianchi', 'Cislago'), 'positional'],
    [' josé pérez ÜBOLDO', person('josé', 'pérez', 'ÜBOLDO'), 'positional'],
  ])('%j', (text, fields, method) => {
    const outcome = captureFields(saronno, text);
    expect(outcome.fields).toEqual(fields);
    expect(outcome.missingFields).toEqual([]);
    expect(outcome.method).toBe(method);
    expect(outcome.rejected).toBeUndefined();
  });

  it.each([
    ['', [], ['first_name', 'last_name', 'residence_comune']],
    [' grazie', [], ['first_name', 'last_name', 'residence_comune']],
    [' Mario', ['first_name'], ['last_name', 'residence_comune']],
    [' Mario Rossi', ['first_name', 'last_name'], ['residence_comune']],
    [' Mario, Saronno', ['first_name', 'residence_comune'], ['last_name']],
  ])('%j lists the missing fields', (text, present, missing) => {
    const outcome = captureFields(saronno, text);
    expect(Object.keys(outcome.fields)).toEqual(present);
    expect(outcome.missingFields).toEqual(missing);
  });

  it('does not report optional fields as missing', () => {
    const fields: CaptureField[] = [
      { name: 'full_name', label: 'nome e cognome', required: true },
      { name: 'street', label: 'via', required: false },
    ];
    expect(captureFields(fields, ' Mario Rossi').missingFields).toEqual([]);
    expect(captureFields(fields, ' Mario Rossi').fields).toEqual({ full_name: 'Mario', street: 'Rossi' });
  });

  it('gives a single field all of the text', () => {
    const fields: CaptureField[] = [{ name: 'full_name', label: 'nome e cognome', required: true }];
    expect(captureFields(fields, ' Maria Grazia Bianchi')).toEqual({
      fields: { full_name: 'Maria Grazia Bianchi' },
      missingFields: [],
      method: 'positional',
    });
  });

  it.each([
    [' come funziona?', 'domanda'],
    [' Mario Rossi Saronno?', 'domanda'],
    [' per mia madre', 'per'],
    [' non mi interessa', 'non'],
    [' vorrei sapere gli orari', 'vorrei'],
    [` ${'parola '.repeat(MAX_CAPTURE_WORDS + 1)}`, 'troppo lungo'],
  ])('rejects %j, which is not a person’s details', (text, reason) => {
    const outcome = captureFields(saronno, text);
    expect(outcome.rejected).toEqual(expect.stringContaining(reason));
    expect(outcome.fields).toEqual({});
  });
});

describe('missingFieldsPrompt', () => {
  it('asks politely for all the labels after the phrase', () => {
    expect(missingFieldsPrompt(['nome', 'cognome', 'comune di residenza'], 'Attiva Notizie')).toBe(
      "Per completare l'iscrizione scrivi: “Attiva Notizie” seguito da nome, cognome e comune di residenza, separati da una virgola. Grazie!",
    );
  });

  it('says first which details are missing when some were given', () => {
    const labels = ['nome', 'cognome', 'comune di residenza'];
    expect(missingFieldsPrompt(labels, 'Attiva Notizie', ['comune di residenza'])).toBe(
      "Manca: comune di residenza. Per completare l'iscrizione scrivi: “Attiva Notizie” seguito da nome, cognome e comune di residenza, separati da una virgola. Grazie!",
    );
    expect(missingFieldsPrompt(labels, 'Attiva Notizie', labels)).toMatch(/^Per completare/);
  });

  it('works for one label and without a phrase', () => {
    expect(missingFieldsPrompt(['nome e cognome'], 'Servizio Info ON')).toBe(
      "Per completare l'iscrizione scrivi: “Servizio Info ON” seguito da nome e cognome. Grazie!",
    );
    expect(missingFieldsPrompt(['nome', 'cognome'])).toBe(
      "Per completare l'iscrizione scrivi nome e cognome, separati da una virgola. Grazie!",
    );
  });

  it('still says something useful with no labels', () => {
    expect(missingFieldsPrompt([], 'ATTIVA')).toBe("Per completare l'iscrizione scrivi: “ATTIVA”.");
    expect(missingFieldsPrompt([])).toBe("Per completare l'iscrizione ripeti il messaggio.");
  });
});

describe('joinItalian', () => {
  it.each([
    [[], ''],
    [['nome'], 'nome'],
    [['nome', 'cognome'], 'nome e cognome'],
    [['nome', 'cognome', 'comune'], 'nome, cognome e comune'],
  ])('%j -> %j', (items, text) => {
    expect(joinItalian(items)).toBe(text);
  });
});
