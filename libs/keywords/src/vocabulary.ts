/**
 * Built-in word lists. All entries are in matching form (upper case, no accents) unless noted.
 * They are deliberately closed lists: a word that is not here changes the meaning of a message as
 * far as the matcher is concerned, and the message gets the help answer instead of an action.
 */

/**
 * Always mean "stop": every tenant, every set, even one without an unsubscribe rule. Like any phrase,
 * STOP may be followed only by filler ("stop per favore", "STOP ai messaggi"): "Stop alle buche in
 * via Roma" is a complaint, not a withdrawal, and gets the help answer, which says how to leave.
 */
export const BUILT_IN_STOP_WORDS: readonly string[] = ['STOP', 'STOPP'];

/** Always mean "confirm"; a set may add more. Written as citizens see them; matching folds accents. */
export const BUILT_IN_CONFIRM_WORDS: readonly string[] = ['SI', 'SÌ', 'SÍ', 'OK', 'OKAY', 'CONFERMO', 'ACCETTO'];

/**
 * Words that may follow a phrase without changing what it asks: courtesy, greetings, the names of
 * the service, articles and prepositions. "Cancellami per favore, grazie mille!" stays an unsubscribe.
 * Never add negations (NON, NO, NIENTE, MAI) or question words (COME, PERCHE, COSA, QUANDO): those
 * are what turn "ATTIVA" into "ATTIVA? come funziona" or "DISATTIVA no".
 */
export const FILLER_WORDS: ReadonlySet<string> = new Set([
  // courtesy
  'PER', 'FAVORE', 'PERFAVORE', 'PERFAVOR', 'PF', 'PLS', 'PLEASE', 'GRAZIE', 'MILLE', 'TANTE',
  'CORTESEMENTE', 'GENTILMENTE', 'SUBITO', 'ORA', 'ADESSO', 'PURE', 'OK', 'SI', 'PERFETTO',
  // greetings
  'BUONGIORNO', 'BUONASERA', 'BUONPOMERIGGIO', 'BUON', 'BUONA', 'GIORNO', 'GIORNATA', 'SERA',
  'SERATA', 'POMERIGGIO', 'SALVE', 'CIAO', 'SALUTI', 'CORDIALI', 'CORDIALMENTE', 'DISTINTI',
  'ARRIVEDERCI',
  // the service itself
  'SERVIZIO', 'ISCRIZIONE', 'NOTIZIE', 'INFORMAZIONI', 'MESSAGGI', 'MESSAGGIO', 'NOTIFICHE',
  'AVVISI', 'AGGIORNAMENTI', 'WHATSAPP', 'COMUNE', 'CANALE', 'LISTA', 'NUMERO',
  // articles, prepositions, pronouns
  'IL', 'LO', 'LA', 'L', 'I', 'GLI', 'LE', 'DEL', 'DELLO', 'DELLA', 'DELL', 'DEI', 'DEGLI', 'DELLE',
  'DI', 'DA', 'DAL', 'DALLA', 'DAI', 'DALLE', 'AL', 'ALLA', 'ALL', 'AI', 'ALLE', 'A', 'E', 'ED',
  'MI', 'ME', 'MIO', 'MIA', 'MIEI', 'TUTTO', 'TUTTI', 'TUTTE', 'QUESTO', 'QUESTA',
]);

/**
 * Words that may precede a phrase and are skipped when the message does not start with one:
 * "Buongiorno, DISATTIVA", "Gentile Comune, cancellami", "Sì, iscrivimi". "PER" is skipped only as
 * part of "PER FAVORE".
 */
export const LEADING_SKIPPABLE: ReadonlySet<string> = new Set([
  'BUONGIORNO', 'BUONASERA', 'BUONPOMERIGGIO', 'BUON', 'BUONA', 'GIORNO', 'SERA', 'POMERIGGIO',
  'SALVE', 'CIAO', 'GENTILE', 'GENTILI', 'SPETTABILE', 'SPETT', 'COMUNE', 'PERFAVORE', 'CORTESEMENTE',
  'GRAZIE', 'SI', 'OK', 'OKAY',
]);

/**
 * Real words one edit away from a keyword, which typo tolerance must not "correct":
 * "ATTIVA METRO" is not "ATTIVA METEO", "ATTIRA" is not "ATTIVA".
 */
export const TYPO_DENYLIST: ReadonlySet<string> = new Set([
  'METRO', 'ATTIRA', 'ATTICA', 'ATTIMA', 'CATTIVA', 'CATTIVO', 'CATTIVE', 'CATTIVI', 'EVENTUALI',
  'ALLERTI', 'NOTIZIARIO',
]);

/** Surname particles that belong to the following word: "De Luca", "Della Valle", "La Rosa". */
export const SURNAME_PARTICLES: ReadonlySet<string> = new Set([
  'DE', 'DI', 'DA', 'DEL', 'DELLA', 'DELLO', 'DELLE', 'DEI', 'DEGLI', 'DAL', 'DALLA', 'DALLO',
  'DALLE', 'LA', 'LO', 'LI', 'LE',
]);

/**
 * Words that cannot open a name. When the text after a capturing phrase starts with one of these,
 * the citizen is writing a sentence ("Attiva notizie per mia madre", "Attiva notizie non funziona"),
 * not their details, and nothing is registered.
 */
export const NOT_A_NAME_START: ReadonlySet<string> = new Set([
  'NON', 'NO', 'COME', 'CHE', 'PER', 'MIA', 'MIO', 'VORREI', 'VOGLIO', 'POSSO', 'PUOI', 'POTETE',
  'ANCHE', 'PERCHE', 'QUANDO', 'DOVE', 'COSA', 'CHI', 'IL', 'LO', 'GLI', 'I', 'UN', 'UNA', 'UNO',
  'E', 'MA', 'O', 'SE', 'CON', 'SU', 'HO', 'HA', 'SONO', 'NIENTE', 'STOP', 'DISATTIVA', 'ATTIVA',
]);
