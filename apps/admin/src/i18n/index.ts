import { it, type Catalogue } from './it';

/** The texts in use. One language today; another is a second catalogue with the same keys. */
const catalogue: Catalogue = it;
export const LOCALE = 'it-IT';

export type MessageKey = keyof Catalogue;
type Params = Record<string, string | number>;

/** Keys that have plural forms (`x.one` and `x.other`), named without the suffix. */
export type PluralKey = {
  [K in MessageKey]: K extends `${infer Base}.one` ? (`${Base}.other` extends MessageKey ? Base : never) : never;
}[MessageKey];

function fill(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The text of `key`, with `{name}` parameters filled in. */
export function t(key: MessageKey, params?: Params): string {
  return fill(catalogue[key], params);
}

/** A text that looks up a key built at run time (a role, a status, an error code), or undefined. */
export function tMaybe(key: string, params?: Params): string | undefined {
  return key in catalogue ? fill(catalogue[key as MessageKey], params) : undefined;
}

/** What a keyword rule does, in words (an action the catalogue does not know is shown as it is). */
export const keywordActionText = (action: string): string => tMaybe(`kwAction.${action}`) ?? action;

const plurals = new Intl.PluralRules(LOCALE);
/** The plural form of `key` for `count`; `{count}` is filled in, formatted. */
export function tp(key: PluralKey, count: number, params?: Params): string {
  const form = plurals.select(count) === 'one' ? 'one' : 'other';
  return t(`${key}.${form}` as MessageKey, { count: count.toLocaleString(LOCALE), ...params });
}

const dateTime = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'short', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'long' });
export const formatDateTime = (iso: string): string => dateTime.format(new Date(iso));
export const formatDate = (iso: string): string => dateOnly.format(new Date(iso));
