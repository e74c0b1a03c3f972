/** Italian number formatting without relying on the ICU data a runtime happens to ship. */

/** 12.345 with the Italian thousands separator; "illimitati" for the unlimited tier. */
export function formatCount(n: number): string {
  if (n === Infinity) return 'illimitati';
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

export const MONTH_NAMES = [
  'gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno',
  'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre',
] as const;
