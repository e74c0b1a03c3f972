import { editDistance, withinOneEdit } from './edit-distance';
import { normalizeMessage, normalizePhrase, normalizeWord, symbolKey, tokenize } from './normalize';

describe('normalizeMessage', () => {
  it.each([
    ['ATTIVA', ['ATTIVA']],
    ['attiva', ['ATTIVA']],
    ['Sì', ['SI']],
    ['SÌ', ['SI']],
    ['sí', ['SI']],
    ['Viabilità', ['VIABILITA']],
    ['ATTIVA!!!', ['ATTIVA']],
    ['"Attiva", per favore.', ['ATTIVA', 'PER', 'FAVORE']],
    ['ATTIVA 👍', ['ATTIVA']],
    ['🙏 Iscrivimi', ['ISCRIVIMI']],
    ['👍🏻👍️ ATTIVA ❤️‍🔥', ['ATTIVA']],
    ['  attiva\n\n  notizie\t\tgrazie ', ['ATTIVA', 'NOTIZIE', 'GRAZIE']],
    ["D'Angelo", ['D', 'ANGELO']],
    ['Niccolò D’Angelo', ['NICCOLO', 'D', 'ANGELO']],
    ['ＡＴＴＩＶＡ', ['ATTIVA']],
    ['Citta\u0300', ['CITTA']],
    ['€ 10,50 @#', ['10', '50']],
    ['', []],
    ['   \n\t ', []],
    ['🙏🙏🙏', []],
  ])('%j -> %j', (text, tokens) => {
    expect(normalizeMessage(text)).toEqual(tokens);
  });
});

describe('tokenize', () => {
  it('keeps the offsets of each token in the original text, so captures read the text as typed', () => {
    const text = 'Attiva Notizie, Niccolò D’Angelo';
    const { original, tokens } = tokenize(text);
    expect(original).toBe(text);
    expect(tokens.map((t) => text.slice(t.start, t.end))).toEqual(['Attiva', 'Notizie', 'Niccolò', 'D', 'Angelo']);
  });

  it('drops runs made only of marks, such as an emoji variation selector', () => {
    expect(tokenize('\uFE0F ok').tokens).toHaveLength(1);
  });
});

describe('normalizeWord and normalizePhrase', () => {
  it('fold a word and a phrase to their matching form', () => {
    expect(normalizeWord('Perché')).toBe('PERCHE');
    expect(normalizePhrase(' Trasporti  e viabilità! ')).toBe('TRASPORTI E VIABILITA');
  });
});

describe('symbolKey', () => {
  it.each([
    ['?', '?'],
    ['???', '?'],
    ['? ?', '?'],
    ['?!', '?!'],
    ['❓️', '❓'],
    ['   ', ''],
  ])('%j -> %j', (text, key) => {
    expect(symbolKey(text)).toBe(key);
  });
});

describe('editDistance', () => {
  it.each([
    ['ATTIVA', 'ATTIVA', 0],
    ['ATIVA', 'ATTIVA', 1],
    ['ATTTIVA', 'ATTIVA', 1],
    ['ATTIAV', 'ATTIVA', 1],
    ['ATTIVO', 'ATTIVA', 1],
    ['DISATTIVA', 'ATTIVA', 3],
    ['ATTIVAZIONE', 'ATTIVA', 5],
    ['', 'ABC', 3],
  ])('%s vs %s = %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
    expect(withinOneEdit(a, b)).toBe(distance <= 1);
  });
});
