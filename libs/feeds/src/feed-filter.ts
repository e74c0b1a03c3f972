/** Case, accents and spacing do not matter: "Viabilità" is "viabilita". */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export interface FeedFilter {
  /** Any of these categories (empty: any). */
  categories: string[];
  /** Any of these words or phrases in the title or text (empty: any). */
  words: string[];
}

/** Both parts must hold when both are given: "category Viabilità, mentioning 'lavori'". */
export function matchesFilter(entry: { title: string; text: string; categories: string[] }, filter: FeedFilter): boolean {
  const wanted = filter.categories.map(fold).filter(Boolean);
  if (wanted.length) {
    const have = new Set(entry.categories.map(fold));
    if (!wanted.some((c) => have.has(c))) return false;
  }
  const words = filter.words.map(fold).filter(Boolean);
  if (words.length) {
    const haystack = ` ${fold(`${entry.title} ${entry.text}`)} `;
    if (!words.some((w) => haystack.includes(` ${w} `))) return false;
  }
  return true;
}
