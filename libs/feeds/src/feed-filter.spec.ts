import { fold, matchesFilter } from './feed-filter';

const entry = { title: 'Lavori in via Roma: modifiche alla viabilità', text: 'Dal 3 marzo senso unico alternato.', categories: ['Viabilità', 'Lavori pubblici'] };

describe('feed filter', () => {
  it('folds case, accents and punctuation', () => {
    expect(fold('  VIABILITÀ, Città! ')).toBe('viabilita citta');
  });

  it('no filter: everything passes', () => {
    expect(matchesFilter(entry, { categories: [], words: [] })).toBe(true);
  });

  it('categories match accent- and case-insensitively, any of them', () => {
    expect(matchesFilter(entry, { categories: ['viabilita'], words: [] })).toBe(true);
    expect(matchesFilter(entry, { categories: ['Eventi', 'LAVORI PUBBLICI'], words: [] })).toBe(true);
    expect(matchesFilter(entry, { categories: ['Eventi'], words: [] })).toBe(false);
  });

  it('words match whole words or phrases in title or text, not parts of words', () => {
    expect(matchesFilter(entry, { categories: [], words: ['SENSO UNICO'] })).toBe(true);
    expect(matchesFilter(entry, { categories: [], words: ['viabilita'] })).toBe(true);
    expect(matchesFilter(entry, { categories: [], words: ['rom'] })).toBe(false);
    expect(matchesFilter(entry, { categories: [], words: ['neve', 'allerta'] })).toBe(false);
  });

  it('with both, both must hold', () => {
    expect(matchesFilter(entry, { categories: ['Viabilità'], words: ['neve'] })).toBe(false);
    expect(matchesFilter(entry, { categories: ['Viabilità'], words: ['marzo'] })).toBe(true);
  });
});
