import { matchMessage, type MatchAction, type MatchResult } from './matcher';
import { KEYWORD_PRESETS, genericPreset, type PresetSlug } from './presets';

/**
 * Messages as citizens really write them, sent to each seed comune's number. Each row: town, message,
 * expected action, and where relevant the topic, the captured fields or the missing fields.
 */
type Town = PresetSlug | 'generic';
interface Expected {
  readonly action: MatchAction;
  readonly topic?: string;
  readonly fields?: Record<string, string>;
  readonly missing?: string[];
}
type Row = [Town, string, MatchAction | Expected];

const sets = {
  ...Object.fromEntries(Object.entries(KEYWORD_PRESETS).map(([slug, make]) => [slug, make()])),
  generic: genericPreset(),
} as Record<Town, ReturnType<typeof genericPreset>>;

const person = (first: string, last: string, comune: string): Record<string, string> => ({
  first_name: first,
  last_name: last,
  residence_comune: comune,
});
const ALL_SARONNO_FIELDS = ['first_name', 'last_name', 'residence_comune'];

const rows: Row[] = [
  // ---- Cormano: ATTIVA INFORMAZIONI CORMANO / DISATTIVA ISCRIZIONE
  ['cormano', 'ATTIVA INFORMAZIONI CORMANO', 'subscribe'],
  ['cormano', 'attiva informazioni cormano', 'subscribe'],
  ['cormano', 'Attiva Informazioni Cormano 👍', 'subscribe'],
  ['cormano', 'ATTIVA INFORMAZIONI', 'subscribe'],
  ['cormano', 'ATTIVA INFORMAZIONI CORMANO grazie', 'subscribe'],
  ['cormano', 'Buongiorno, ATTIVA INFORMAZIONI CORMANO', 'subscribe'],
  ['cormano', 'ATTIVA  INFORMAZIONI\nCORMANO', 'subscribe'],
  ['cormano', '"ATTIVA INFORMAZIONI CORMANO"', 'subscribe'],
  ['cormano', 'ATTIVA INFORMAZIONE CORMANO', 'subscribe'],
  ['cormano', 'ATIVA INFORMAZIONI CORMANO', 'subscribe'],
  ['cormano', 'attiva informazioni cormano?', 'subscribe'],
  ['cormano', 'ATTIVA INFORMAZIONI MILANO', 'none'],
  ['cormano', 'Iscrivimi', 'none'],
  ['cormano', 'ATTIVA', 'none'],
  ['cormano', 'ATTIVA METEO', 'none'],
  ['cormano', 'ATTIVAZIONE', 'none'],
  ['cormano', 'DISATTIVA ISCRIZIONE', 'unsubscribe'],
  ['cormano', 'disattiva iscrizione', 'unsubscribe'],
  ['cormano', 'Disattiva iscrizione, grazie', 'unsubscribe'],
  ['cormano', 'DISATTIVA ISCRIZZIONE', 'unsubscribe'],
  ['cormano', 'DISATTIVAISCRIZIONE', 'unsubscribe'],
  ['cormano', 'DISATTIVA', 'unsubscribe'],
  ['cormano', 'DISATTIVA ISCRIZIONE Cormano', 'unsubscribe'],
  ['cormano', 'Cancellami', 'unsubscribe'],
  ['cormano', 'DISATTIVA ISCRIZIONE di mia madre', 'none'],
  ['cormano', 'ATTIVA INFORMAZIONI CORMANO e DISATTIVA', 'none'],
  ['cormano', 'STOP', 'stop'],
  ['cormano', 'Stop grazie', 'stop'],
  ['cormano', 'come faccio a disattivare?', 'none'],
  ['cormano', 'non voglio attivare niente', 'none'],
  ['cormano', 'Salve, vorrei informazioni sul mercato', 'none'],
  ['cormano', 'Buongiorno', 'none'],
  ['cormano', 'grazie!', 'none'],
  ['cormano', '🙏🙏', 'none'],
  ['cormano', 'AIUTO', 'help'],
  ['cormano', 'INFO', 'help'],
  ['cormano', '?', 'help'],
  ['cormano', 'Sì', 'confirm'],

  // ---- Bientina: ATTIVA / DISATTIVA
  ['bientina', 'ATTIVA', 'subscribe'],
  ['bientina', 'attiva', 'subscribe'],
  ['bientina', 'Attiva.', 'subscribe'],
  ['bientina', 'ATTIVA 👍', 'subscribe'],
  ['bientina', '👍👍 ATTIVA 👍🏻', 'subscribe'],
  ['bientina', 'ATTIVA per favore', 'subscribe'],
  ['bientina', 'ATTTIVA', 'subscribe'],
  ['bientina', 'ATIVA', 'subscribe'],
  ['bientina', 'ATTIAV', 'subscribe'],
  ['bientina', 'ATTIVO', 'subscribe'],
  ['bientina', '  ATTIVA\n\n', 'subscribe'],
  ['bientina', '\tAttiva\t\tgrazie', 'subscribe'],
  ['bientina', 'Attiva notizie', 'subscribe'],
  ['bientina', 'Attiva notize', 'subscribe'],
  ['bientina', 'ATTIVA Bientina', 'subscribe'],
  ['bientina', 'Buonasera, ATTIVA grazie', 'subscribe'],
  ['bientina', 'Sì, attiva', 'subscribe'],
  ['bientina', 'ATTIVA il servizio whatsapp del comune', 'subscribe'],
  ['bientina', 'ATTIVA grazie mille, buona giornata!', 'subscribe'],
  ['bientina', 'ＡＴＴＩＶＡ', 'subscribe'],
  ['bientina', 'DISATTIVA', 'unsubscribe'],
  ['bientina', 'disattiva', 'unsubscribe'],
  ['bientina', 'DISATIVA', 'unsubscribe'],
  ['bientina', 'DISATTIVA grazie', 'unsubscribe'],
  ['bientina', 'DISATTIVA ISCRIZIONE', 'unsubscribe'],
  ['bientina', 'Disattiva il servizio', 'unsubscribe'],
  ['bientina', 'DISATTIVA tutto', 'unsubscribe'],
  ['bientina', 'Disattiva!!!', 'unsubscribe'],
  ['bientina', 'Cancellami per favore', 'unsubscribe'],
  ['bientina', 'cancellami', 'unsubscribe'],
  ['bientina', 'Iscrivimi', 'none'],
  ['bientina', 'ATTIVAZIONE', 'none'],
  ['bientina', 'ATTIVA?? come funziona', 'none'],
  ['bientina', 'ATTIVA NO', 'none'],
  ['bientina', 'Attiva o disattiva?', 'none'],
  ['bientina', 'DIS ATTIVA', 'none'],
  ['bientina', 'Non attiva', 'none'],
  ['bientina', 'Cattiva', 'none'],
  ['bientina', 'Ho attivato il servizio', 'none'],
  ['bientina', 'ATTIVA mia moglie', 'none'],
  ['bientina', 'DISATTIVA no grazie', 'none'],
  ['bientina', 'ATTIVA METEO', 'none'],
  ['bientina', 'Attiva Notizie Mario Rossi Saronno', 'none'],
  ['bientina', 'stop', 'stop'],
  ['bientina', 'STOP!!!', 'stop'],
  ['bientina', 'stop per favore', 'stop'],
  ['bientina', 'STOPP', 'stop'],
  ['bientina', 'Stop ai messaggi', 'stop'],
  ['bientina', 'Buonasera STOP', 'stop'],
  ['bientina', 'stop alle buche in via Roma', 'none'],
  ['bientina', 'non stop', 'none'],
  ['bientina', 'ok', 'confirm'],
  ['bientina', 'OK grazie', 'confirm'],
  ['bientina', 'CONFERMO', 'confirm'],
  ['bientina', 'Sì', 'confirm'],
  ['bientina', 'SÍ', 'confirm'],
  ['bientina', 'si grazie 🙏', 'confirm'],
  ['bientina', 'Sì, grazie mille', 'confirm'],
  ['bientina', 'aiuto', 'help'],
  ['bientina', 'Info?', 'help'],
  ['bientina', '???', 'help'],
  ['bientina', 'Come funziona?', 'help'],
  ['bientina', 'Buongiorno', 'none'],
  ['bientina', 'Grazie 🙏', 'none'],
  ['bientina', '👍', 'none'],
  ['bientina', '', 'none'],
  ['bientina', 'C’è un guasto all’acquedotto in via Roma', 'none'],

  // ---- Rozzano: Iscrivimi / Cancellami
  ['rozzano', 'Iscrivimi', 'subscribe'],
  ['rozzano', 'ISCRIVIMI!!', 'subscribe'],
  ['rozzano', 'iscrivimi', 'subscribe'],
  ['rozzano', '🙏 Iscrivimi', 'subscribe'],
  ['rozzano', 'Iscrivimi grazie', 'subscribe'],
  ['rozzano', 'Iscrivimi per favore 😊', 'subscribe'],
  ['rozzano', 'Iscrivetemi', 'subscribe'],
  ['rozzano', 'ISCRIVIMMI', 'subscribe'],
  ['rozzano', 'Iscrivmi', 'subscribe'],
  ['rozzano', 'Salve iscrivimi', 'subscribe'],
  ['rozzano', 'Iscrivimi al servizio whatsapp', 'subscribe'],
  ['rozzano', 'Iscrivimi?', 'subscribe'],
  ['rozzano', 'Scrivimi', 'none'],
  ['rozzano', 'Iscrivimi anche mio marito', 'none'],
  ['rozzano', 'Non iscrivimi', 'none'],
  ['rozzano', 'Iscrivimi\nGrazie\nMario', 'none'],
  ['rozzano', 'Cancellami', 'unsubscribe'],
  ['rozzano', 'CANCELLAMI', 'unsubscribe'],
  ['rozzano', 'cancellami per favore', 'unsubscribe'],
  ['rozzano', 'Cancellatemi', 'unsubscribe'],
  ['rozzano', 'Cancelami', 'unsubscribe'],
  ['rozzano', 'Cancella la mia iscrizione', 'unsubscribe'],
  ['rozzano', 'DISATTIVA', 'unsubscribe'],
  ['rozzano', 'STOP', 'stop'],
  ['rozzano', 'ATTIVA', 'none'],
  ['rozzano', 'ATTIVA INFORMAZIONI CORMANO', 'none'],
  ['rozzano', 'Vorrei iscrivermi', 'none'],
  ['rozzano', 'Perché mi scrivete?', 'none'],
  ['rozzano', 'Buongiorno, come faccio a cancellarmi?', 'none'],
  ['rozzano', 'AIUTO', 'help'],

  // ---- Saronno: Attiva Notizie + nome, cognome, comune / Disattiva Notizie
  ['saronno', 'Attiva Notizie Mario Rossi Saronno', { action: 'subscribe', fields: person('Mario', 'Rossi', 'Saronno'), missing: [] }],
  [
    'saronno',
    'attiva notizie, Maria Grazia Bianchi, Caronno Pertusella',
    { action: 'subscribe', fields: person('Maria Grazia', 'Bianchi', 'Caronno Pertusella'), missing: [] },
  ],
  ['saronno', "Attiva Notizie\nNiccolò\nD'Angelo\nSaronno", { action: 'subscribe', fields: person('Niccolò', "D'Angelo", 'Saronno') }],
  ['saronno', 'ATTIVA NOTIZIE Mario De Luca Saronno', { action: 'subscribe', fields: person('Mario', 'De Luca', 'Saronno') }],
  ['saronno', 'Attiva Notizie Mario Rossi Caronno Pertusella', { action: 'subscribe', fields: person('Mario', 'Rossi', 'Caronno Pertusella') }],
  ['saronno', 'Attiva notize Mario Rossi Saronno', { action: 'subscribe', fields: person('Mario', 'Rossi', 'Saronno') }],
  ['saronno', 'Attiva Notizie: Mario Rossi, Saronno', { action: 'subscribe', fields: person('Mario', 'Rossi', 'Saronno') }],
  ['saronno', 'Attiva Notizie Mario Rossi Saronno 👍', { action: 'subscribe', fields: person('Mario', 'Rossi', 'Saronno') }],
  ['saronno', 'AttivaNotizie Mario Rossi Saronno', { action: 'subscribe', fields: person('Mario', 'Rossi', 'Saronno') }],
  [
    'saronno',
    'Buongiorno, Attiva Notizie Mario Rossi, Saronno. Grazie',
    { action: 'subscribe', fields: person('Mario', 'Rossi', 'Saronno') },
  ],
  ['saronno', 'Attiva Notizie sono Mario Rossi residente a Saronno', { action: 'subscribe', fields: person('Mario', 'Rossi', 'Saronno') }],
  ['saronno', 'Attiva Notizie Mario Rossi di Saronno', { action: 'subscribe', fields: person('Mario', 'Rossi', 'Saronno') }],
  ['saronno', 'Attiva Notizie Mario, Rossi, Saronno', { action: 'subscribe', fields: person('Mario', 'Rossi', 'Saronno') }],
  ['saronno', 'Attiva Notizie - Mario Rossi - Saronno', { action: 'subscribe', fields: person('Mario', 'Rossi', 'Saronno') }],
  [
    'saronno',
    'Attiva Notizie Nome: Mario, Cognome: Rossi, Comune: Saronno',
    { action: 'subscribe', fields: person('Mario', 'Rossi', 'Saronno') },
  ],
  ['saronno', 'attiva notizie mario rossi saronno', { action: 'subscribe', fields: person('mario', 'rossi', 'saronno') }],
  ['saronno', 'Attiva Notizie', { action: 'subscribe', fields: {}, missing: ALL_SARONNO_FIELDS }],
  ['saronno', 'Attiva notizie Mario Rossi', { action: 'subscribe', missing: ['residence_comune'] }],
  ['saronno', 'Attiva Notizie Mario', { action: 'subscribe', missing: ['last_name', 'residence_comune'] }],
  ['saronno', 'Attiva Notizie Mario, Saronno', { action: 'subscribe', missing: ['last_name'] }],
  ['saronno', 'Attiva notizie per favore', { action: 'subscribe', missing: ALL_SARONNO_FIELDS }],
  ['saronno', 'Attiva notizie grazie', { action: 'subscribe', missing: ALL_SARONNO_FIELDS }],
  ['saronno', 'Attiva notizie per mia madre', 'none'],
  ['saronno', 'Attiva notizie come funziona?', 'none'],
  ['saronno', 'Attiva notizie non mi interessa', 'none'],
  ['saronno', 'Attiva Notizie Mario Rossi Saronno e DISATTIVA', 'none'],
  ['saronno', 'Attiva Notizie Mario Rossi Saronno?', 'none'],
  ['saronno', 'Disattiva Notizie', 'unsubscribe'],
  ['saronno', 'disattiva notizie grazie', 'unsubscribe'],
  ['saronno', 'Disattiva notizie Saronno', 'unsubscribe'],
  ['saronno', 'DISATTIVA', 'unsubscribe'],
  ['saronno', 'Disattiva notizie Mario Rossi', 'none'],
  ['saronno', 'Attiva', 'none'],
  ['saronno', 'Iscrivimi', 'none'],
  ['saronno', 'STOP', 'stop'],

  // ---- San Giuliano Milanese: ATTIVA / DISATTIVA + topics
  ['san-giuliano-milanese', 'ATTIVA', 'subscribe'],
  ['san-giuliano-milanese', 'attiva 👍', 'subscribe'],
  ['san-giuliano-milanese', 'ATTIVA San Giuliano', 'subscribe'],
  ['san-giuliano-milanese', 'ATTIVA SERVIZIO', 'subscribe'],
  ['san-giuliano-milanese', 'ATTIVA NOTIZIE', 'subscribe'],
  ['san-giuliano-milanese', 'ATTIVA METEO', { action: 'topic_add', topic: 'allerta_meteo' }],
  ['san-giuliano-milanese', 'attiva meteo', { action: 'topic_add', topic: 'allerta_meteo' }],
  ['san-giuliano-milanese', 'METEO SI', { action: 'topic_add', topic: 'allerta_meteo' }],
  ['san-giuliano-milanese', 'Meteo sì', { action: 'topic_add', topic: 'allerta_meteo' }],
  ['san-giuliano-milanese', 'ALLERTA METEO ON', { action: 'topic_add', topic: 'allerta_meteo' }],
  ['san-giuliano-milanese', 'ATTIVA ALLERTA METEO', { action: 'topic_add', topic: 'allerta_meteo' }],
  ['san-giuliano-milanese', 'ATTIVA METEOO', { action: 'topic_add', topic: 'allerta_meteo' }],
  ['san-giuliano-milanese', 'DISATTIVA METEO', { action: 'topic_remove', topic: 'allerta_meteo' }],
  ['san-giuliano-milanese', 'METEO NO', { action: 'topic_remove', topic: 'allerta_meteo' }],
  ['san-giuliano-milanese', 'Meteo off', { action: 'topic_remove', topic: 'allerta_meteo' }],
  ['san-giuliano-milanese', 'STOP METEO', { action: 'topic_remove', topic: 'allerta_meteo' }],
  ['san-giuliano-milanese', 'DISATIVA METEO', { action: 'topic_remove', topic: 'allerta_meteo' }],
  ['san-giuliano-milanese', 'ATTIVA EVENTI', { action: 'topic_add', topic: 'eventi' }],
  ['san-giuliano-milanese', 'EVENTI SI grazie', { action: 'topic_add', topic: 'eventi' }],
  ['san-giuliano-milanese', 'DISATTIVA EVENTI', { action: 'topic_remove', topic: 'eventi' }],
  ['san-giuliano-milanese', 'ATTIVA TRASPORTI E VIABILITÀ', { action: 'topic_add', topic: 'trasporti_viabilita' }],
  ['san-giuliano-milanese', 'attiva viabilita', { action: 'topic_add', topic: 'trasporti_viabilita' }],
  ['san-giuliano-milanese', 'Trasporti sì', { action: 'topic_add', topic: 'trasporti_viabilita' }],
  ['san-giuliano-milanese', 'ATTIVA SERVIZI COMUNALI', { action: 'topic_add', topic: 'servizi_comunali' }],
  ['san-giuliano-milanese', 'DISATTIVA SERVIZI COMUNALI', { action: 'topic_remove', topic: 'servizi_comunali' }],
  ['san-giuliano-milanese', 'DISATTIVA', 'unsubscribe'],
  ['san-giuliano-milanese', 'DISATTIVA tutto', 'unsubscribe'],
  ['san-giuliano-milanese', 'Cancellami', 'unsubscribe'],
  ['san-giuliano-milanese', 'STOP', 'stop'],
  ['san-giuliano-milanese', 'ATTIVA METRO', 'none'],
  ['san-giuliano-milanese', 'ATTIVA SPORT', 'none'],
  ['san-giuliano-milanese', 'ATTIVA METEO ED EVENTI', 'none'],
  ['san-giuliano-milanese', 'METEO', 'none'],
  ['san-giuliano-milanese', 'Iscrivimi', 'none'],
  ['san-giuliano-milanese', 'Sì', 'confirm'],
  ['san-giuliano-milanese', '?', 'help'],

  // ---- generic preset for a new comune
  ['generic', 'ATTIVA', 'subscribe'],
  ['generic', 'ISCRIVIMI', 'subscribe'],
  ['generic', 'ATTIVA ISCRIZIONE', 'subscribe'],
  ['generic', 'Attiva Notizie', 'subscribe'],
  ['generic', 'DISATTIVA ISCRIZIONE', 'unsubscribe'],
  ['generic', 'cancella iscrizione', 'unsubscribe'],
  ['generic', 'Disiscrivimi', 'unsubscribe'],
  ['generic', 'ATTIVA METEO', 'none'],
  ['generic', 'STOP', 'stop'],
];

function check(result: MatchResult, expected: Expected): void {
  expect(result.action).toBe(expected.action);
  if (expected.topic !== undefined) expect(result.topic).toBe(expected.topic);
  if (expected.fields !== undefined) expect(result.fields).toEqual(expected.fields);
  if (expected.missing !== undefined) expect(result.missingFields).toEqual(expected.missing);
  expect(result.explanation.length).toBeGreaterThan(10);
}

describe('citizens’ messages against the seed presets', () => {
  it('has at least 150 rows', () => {
    expect(rows.length).toBeGreaterThanOrEqual(150);
  });

  test.each(rows)('%s: %j', (town, message, expected) => {
    const result = matchMessage(sets[town], message);
    check(result, typeof expected === 'string' ? { action: expected } : expected);
  });
});
