import { matchMessage, presetFor } from '@bacheca/keywords';
import { consentWords } from './evidence';

const saronno = presetFor('saronno');
const words = (text: string) => consentWords(text, matchMessage(saronno, text));

describe('consentWords: the words of consent kept in the ledger', () => {
  it.each([
    ['Attiva Notizie Mario Rossi Saronno', 'Attiva Notizie ⟨first_name⟩ ⟨last_name⟩ ⟨residence_comune⟩'],
    ['attiva notizie iva rossi saronno', 'attiva notizie ⟨first_name⟩ ⟨last_name⟩ ⟨residence_comune⟩'],
    ['Attiva Notizie, Maria Grazia Bianchi, Caronno Pertusella', 'Attiva Notizie, ⟨first_name⟩ ⟨last_name⟩, ⟨residence_comune⟩'],
    ["Attiva Notizie\nNiccolò\nD'Angelo\nSaronno", 'Attiva Notizie\n⟨first_name⟩\n⟨last_name⟩\n⟨residence_comune⟩'],
    ['Attiva Notizie Anna (Rossi) Saronno', 'Attiva Notizie ⟨first_name⟩ (⟨last_name⟩) ⟨residence_comune⟩'],
  ])('%j → %j', (text, kept) => {
    expect(words(text)).toBe(kept);
  });

  it('keeps a message without captures as written, up to 500 characters', () => {
    expect(consentWords('ATTIVA 👍', {})).toBe('ATTIVA 👍');
    expect(consentWords('x'.repeat(600), {})).toHaveLength(500);
  });
});
