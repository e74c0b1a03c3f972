import { joinItalian } from '@bacheca/keywords';

/**
 * What citizens read. Italian defaults; each comune may override any of them (service settings).
 * Placeholders in braces are filled by renderMessage; an unknown placeholder is left visible on
 * purpose, so a typo in a town's custom text shows up in the preview instead of vanishing.
 */
export const MESSAGE_KEYS = [
  'welcome',
  'pre_launch_registered',
  'already_subscribed',
  'confirm_request',
  'missing_fields',
  'goodbye',
  'goodbye_erased',
  'not_subscribed',
  'topic_added',
  'topic_removed',
  'help',
  'auto_reply',
] as const;
export type MessageKey = (typeof MESSAGE_KEYS)[number];

export const DEFAULT_MESSAGES: Readonly<Record<MessageKey, string>> = {
  welcome:
    'Benvenuto nel servizio WhatsApp del Comune di {comune}! Riceverai notizie, avvisi e allerte. ' +
    'Iscrivendoti hai accettato l’informativa privacy: {privacy}. Per cancellarti scrivi {unsubscribe}.',
  pre_launch_registered:
    'Registrazione avvenuta! Il servizio WhatsApp del Comune di {comune} partirà a breve: riceverai i messaggi da allora. ' +
    'Iscrivendoti hai accettato l’informativa privacy: {privacy}. Per cancellarti scrivi {unsubscribe}.',
  already_subscribed: 'Sei già iscritto al servizio WhatsApp del Comune di {comune}. Per cancellarti scrivi {unsubscribe}.',
  confirm_request:
    'Per completare l’iscrizione al servizio WhatsApp del Comune di {comune} rispondi SÌ. ' +
    'Iscrivendoti accetti l’informativa privacy: {privacy}.',
  missing_fields: '{prompt}',
  goodbye: 'Sei stato cancellato dal servizio WhatsApp del Comune di {comune}. Per iscriverti di nuovo scrivi {subscribe}.',
  goodbye_erased:
    'Sei stato cancellato dal servizio WhatsApp del Comune di {comune} e il tuo numero è stato eliminato dall’archivio. ' +
    'Per iscriverti di nuovo scrivi {subscribe}.',
  not_subscribed: 'Non risulti iscritto al servizio WhatsApp del Comune di {comune}. Per iscriverti scrivi {subscribe}.',
  topic_added: 'Fatto: riceverai anche i messaggi su «{topic}».',
  topic_removed: 'Fatto: non riceverai più i messaggi su «{topic}».',
  help:
    'Servizio WhatsApp del Comune di {comune}. Per iscriverti scrivi {subscribe}, per cancellarti {unsubscribe}.{topics} ' +
    'Questo numero non legge i messaggi: {contacts}.',
  auto_reply:
    'Questo numero del Comune di {comune} invia solo informazioni e non legge i messaggi. ' +
    'Per domande o segnalazioni: {contacts}. {subscription}',
};

export function renderMessage(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(/\{([a-z_]+)\}/g, (whole, name: string) => (name in vars ? vars[name] : whole));
}

export interface ContactChannels {
  contactEmail?: string | null;
  contactPhone?: string | null;
  contactUrl?: string | null;
  contactApp?: string | null;
}

/**
 * The one next step that fits the citizen who wrote: how to leave for a subscriber, how to join for
 * anyone else (someone who asks a question before subscribing should learn how to subscribe).
 */
export function describeSubscription(subscribed: boolean, phrases: { subscribe: string; unsubscribe: string }): string {
  return subscribed ? `Per cancellarti scrivi ${phrases.unsubscribe}.` : `Per iscriverti scrivi ${phrases.subscribe}.`;
}

/** The comune's real channels, as a citizen should read them. */
export function describeContacts(c: ContactChannels): string {
  const parts = [
    c.contactEmail && `e-mail ${c.contactEmail}`,
    c.contactPhone && `telefono ${c.contactPhone}`,
    c.contactApp && c.contactApp,
    c.contactUrl && `sito ${c.contactUrl}`,
  ].filter(Boolean) as string[];
  if (parts.length === 0) return 'rivolgiti agli uffici del Comune';
  // Read after a colon in the texts ("Per domande o segnalazioni: …"), so a plain list reads well.
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} oppure ${parts[parts.length - 1]}`;
}

export interface TopicChoice {
  /** "Allerta meteo" */
  label: string;
  /** The comune's first phrase that adds it: "ATTIVA ALLERTA METEO". */
  add?: string;
  /** The comune's first phrase that removes it: "DISATTIVA ALLERTA METEO". */
  remove?: string;
}

/**
 * The topics a citizen may choose and how, as a sentence for the help text (San Giuliano), with a
 * leading space; empty for a comune without topics, so "{topics}" can sit in any comune's text.
 */
export function describeTopics(topics: readonly TopicChoice[]): string {
  if (topics.length === 0) return '';
  const list = joinItalian(topics.map((t) => t.label));
  const example = topics.find((t) => t.add && t.remove);
  const how = example ? ` Per non ricevere un argomento scrivi ad esempio «${example.remove}», per riaverlo «${example.add}».` : '';
  return ` Argomenti: ${list}.${how}`;
}
