import { presetFor } from '@bacheca/keywords';
import { DEFAULT_MESSAGES, describeContacts, describeSubscription, describeTopics, renderMessage } from './messages';

describe('what citizens read', () => {
  it('fills the placeholders and leaves an unknown one visible, so a typo shows in the preview', () => {
    expect(renderMessage('Comune di {comune}: {nome}', { comune: 'Bientina' })).toBe('Comune di Bientina: {nome}');
  });

  it("names the comune's real channels, or the offices when it has none", () => {
    expect(describeContacts({ contactEmail: 'urp@comune.bientina.pi.it', contactPhone: '0587 758456' })).toBe(
      'e-mail urp@comune.bientina.pi.it oppure telefono 0587 758456',
    );
    expect(
      describeContacts({ contactEmail: 'urp@comune.bientina.pi.it', contactPhone: '0587 758456', contactUrl: 'https://www.comune.bientina.pi.it' }),
    ).toBe('e-mail urp@comune.bientina.pi.it, telefono 0587 758456 oppure sito https://www.comune.bientina.pi.it');
    expect(describeContacts({ contactUrl: 'https://www.comune.cormano.mi.it' })).toBe('sito https://www.comune.cormano.mi.it');
    expect(describeContacts({ contactEmail: 'urp@comune.saronno.va.it', contactApp: 'App Municipium' })).toBe(
      'e-mail urp@comune.saronno.va.it oppure App Municipium',
    );
    expect(describeContacts({})).toBe('rivolgiti agli uffici del Comune');
  });

  it('tells a subscriber how to leave and anyone else how to join, in the automatic answer', () => {
    const phrases = { subscribe: '«ATTIVA»', unsubscribe: '«DISATTIVA»' };
    const vars = (subscribed: boolean) => ({ comune: 'Bientina', contacts: 'telefono 0587 758456', subscription: describeSubscription(subscribed, phrases) });
    expect(renderMessage(DEFAULT_MESSAGES.auto_reply, vars(true))).toBe(
      'Questo numero del Comune di Bientina invia solo informazioni e non legge i messaggi. ' +
        'Per domande o segnalazioni: telefono 0587 758456. Per cancellarti scrivi «DISATTIVA».',
    );
    expect(renderMessage(DEFAULT_MESSAGES.auto_reply, vars(false))).toMatch(/segnalazioni: telefono 0587 758456\. Per iscriverti scrivi «ATTIVA»\.$/);
  });

  it('explains the topics and how to choose them, and says nothing for a comune without topics', () => {
    const topics = [
      { label: 'Servizi comunali', add: 'ATTIVA SERVIZI COMUNALI', remove: 'DISATTIVA SERVIZI COMUNALI' },
      { label: 'Eventi', add: 'ATTIVA EVENTI', remove: 'DISATTIVA EVENTI' },
    ];
    expect(describeTopics(topics)).toBe(
      ' Argomenti: Servizi comunali e Eventi. Per non ricevere un argomento scrivi ad esempio «DISATTIVA SERVIZI COMUNALI», per riaverlo «ATTIVA SERVIZI COMUNALI».',
    );
    expect(describeTopics([{ label: 'Eventi' }])).toBe(' Argomenti: Eventi.');
    expect(describeTopics([])).toBe('');
  });

  it('the default help reads well with and without topics', () => {
    const vars = { comune: 'Bientina', subscribe: '«ATTIVA»', unsubscribe: '«DISATTIVA»', contacts: 'telefono 0587 758456', topics: '' };
    expect(renderMessage(DEFAULT_MESSAGES.help, vars)).toBe(
      'Servizio WhatsApp del Comune di Bientina. Per iscriverti scrivi «ATTIVA», per cancellarti «DISATTIVA». ' +
        'Questo numero non legge i messaggi: telefono 0587 758456.',
    );
    const withTopics = renderMessage(DEFAULT_MESSAGES.help, { ...vars, topics: describeTopics([{ label: 'Eventi', add: 'ATTIVA EVENTI', remove: 'DISATTIVA EVENTI' }]) });
    expect(withTopics).toContain('«DISATTIVA». Argomenti: Eventi. Per non ricevere');
    expect(presetFor('san-giuliano-milanese').rules.some((r) => r.phrases.includes('DISATTIVA EVENTI'))).toBe(true);
  });
});
