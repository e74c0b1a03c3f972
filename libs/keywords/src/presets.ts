import type { KeywordRule, KeywordSet, TopicDefinition } from './keyword-set';
import { phraseKey } from './keyword-set';

/**
 * Keyword sets for the five seed comuni (see shared/seeds) and a generic one for new comuni.
 *
 * Each town keeps its published words as the first, canonical phrase. Synonyms are asymmetric on
 * purpose: subscribing stays tied to the town's own words, because sending them is what the town
 * told citizens accepts its privacy notice (Cormano) and another town's word ("Iscrivimi" to Cormano)
 * is not that consent. Leaving accepts every common way of asking, because withdrawing consent must
 * be as easy as giving it (GDPR art. 7(3)): "Cancellami" to Bientina unsubscribes.
 */

export const PRESET_SLUGS = ['cormano', 'bientina', 'rozzano', 'saronno', 'san-giuliano-milanese'] as const;
export type PresetSlug = (typeof PRESET_SLUGS)[number];

/** The topics San Giuliano Milanese lists; any comune may offer them. */
export const TOPICS: readonly TopicDefinition[] = [
  { slug: 'servizi_comunali', label: 'Servizi comunali', aliases: ['SERVIZI COMUNALI'] },
  {
    slug: 'trasporti_viabilita',
    label: 'Trasporti e viabilità',
    aliases: ['TRASPORTI E VIABILITÀ', 'TRASPORTI VIABILITÀ', 'TRASPORTI', 'VIABILITÀ'],
  },
  { slug: 'eventi', label: 'Eventi', aliases: ['EVENTI'] },
  { slug: 'allerta_meteo', label: 'Allerta meteo', aliases: ['ALLERTA METEO', 'METEO', 'ALLERTA'] },
];

const HELP_PHRASES = ['AIUTO', 'INFO', 'HELP', '?', 'COME FUNZIONA', 'ISTRUZIONI'];

const LEAVE_PHRASES = [
  'DISATTIVA',
  'DISATTIVA ISCRIZIONE',
  'CANCELLAMI',
  'CANCELLA',
  'CANCELLA ISCRIZIONE',
  'CANCELLAZIONE',
  'DISISCRIVIMI',
  'ANNULLA ISCRIZIONE',
  'RIMUOVIMI',
  'ELIMINAMI',
];

/** Phrases in order, later spellings of an earlier phrase dropped. */
function unique(phrases: readonly string[]): string[] {
  const seen = new Set<string>();
  return phrases.filter((phrase) => {
    const key = phraseKey(phrase);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function subscribeRule(phrases: string[], capture?: KeywordRule['capture']): KeywordRule {
  return { id: 'iscrizione', action: 'subscribe', phrases, ...(capture ? { capture } : {}) };
}

function leaveRule(own: string[]): KeywordRule {
  return { id: 'cancellazione', action: 'unsubscribe', phrases: unique([...own, ...LEAVE_PHRASES]) };
}

function helpRule(): KeywordRule {
  return { id: 'aiuto', action: 'help', phrases: [...HELP_PHRASES] };
}

/**
 * Add and remove rules for one topic: "ATTIVA METEO", "METEO SI", "METEO ON" add it; "DISATTIVA
 * METEO", "METEO NO", "METEO OFF", "STOP METEO" remove it. They are longer than the plain ATTIVA /
 * DISATTIVA / STOP, so the longest match picks them, and the plain words keep their meaning.
 */
export function topicRules(topic: TopicDefinition): KeywordRule[] {
  const aliases = topic.aliases;
  return [
    {
      id: `argomento_${topic.slug}_attiva`,
      action: 'topic_add',
      topic: topic.slug,
      phrases: aliases.flatMap((a) => [`ATTIVA ${a}`, `${a} SI`, `${a} ON`]),
    },
    {
      id: `argomento_${topic.slug}_disattiva`,
      action: 'topic_remove',
      topic: topic.slug,
      phrases: aliases.flatMap((a) => [`DISATTIVA ${a}`, `${a} NO`, `${a} OFF`, `STOP ${a}`]),
    },
  ];
}

function cormano(): KeywordSet {
  return {
    // The town name is redundant on the town's own number, so the phrase without it also subscribes.
    rules: [subscribeRule(['ATTIVA INFORMAZIONI CORMANO', 'ATTIVA INFORMAZIONI']), leaveRule(['DISATTIVA ISCRIZIONE']), helpRule()],
    stopWords: [],
    fillerWords: ['CORMANO'],
  };
}

function bientina(): KeywordSet {
  return {
    rules: [subscribeRule(['ATTIVA']), leaveRule(['DISATTIVA']), helpRule()],
    stopWords: [],
    fillerWords: ['BIENTINA'],
  };
}

function rozzano(): KeywordSet {
  return {
    rules: [subscribeRule(['Iscrivimi', 'Iscrivetemi']), leaveRule(['Cancellami', 'Cancellatemi']), helpRule()],
    stopWords: [],
    fillerWords: ['ROZZANO'],
  };
}

function saronno(): KeywordSet {
  const capture = [
    { name: 'first_name', label: 'nome', required: true },
    { name: 'last_name', label: 'cognome', required: true },
    { name: 'residence_comune', label: 'comune di residenza', required: true },
  ];
  return {
    rules: [subscribeRule(['Attiva Notizie'], capture), leaveRule(['Disattiva Notizie']), helpRule()],
    stopWords: [],
    fillerWords: ['SARONNO'],
  };
}

function sanGiulianoMilanese(): KeywordSet {
  return {
    rules: [
      subscribeRule(['ATTIVA']),
      // The town publishes only ATTIVA. DISATTIVA is our choice: the counterpart every comune with
      // ATTIVA uses (Bientina, Santa Croce), and leaving must be possible (GDPR art. 7(3)).
      leaveRule(['DISATTIVA']),
      helpRule(),
      ...TOPICS.flatMap(topicRules),
    ],
    stopWords: [],
    fillerWords: ['SAN', 'GIULIANO', 'MILANESE'],
  };
}

/** A starting point for a new comune: the words most Italian comuni already use. */
export function genericPreset(): KeywordSet {
  return {
    rules: [subscribeRule(['ATTIVA', 'ATTIVA ISCRIZIONE', 'ISCRIVIMI']), leaveRule(['DISATTIVA']), helpRule()],
    stopWords: [],
  };
}

/** Factories, so every caller gets its own copy to edit. */
export const KEYWORD_PRESETS: Readonly<Record<PresetSlug, () => KeywordSet>> = {
  cormano,
  bientina,
  rozzano,
  saronno,
  'san-giuliano-milanese': sanGiulianoMilanese,
};

export function isPresetSlug(slug: string): slug is PresetSlug {
  return (PRESET_SLUGS as readonly string[]).includes(slug);
}

/** The seed town's set, or the generic one for any other slug. */
export function presetFor(slug: string): KeywordSet {
  return isPresetSlug(slug) ? KEYWORD_PRESETS[slug]() : genericPreset();
}
