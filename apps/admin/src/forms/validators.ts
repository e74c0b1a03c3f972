import type { MessageKey } from '../i18n';

/**
 * Checks made before sending, the same the API makes (libs/tenancy comune.dto.ts, libs/staff staff.dto.ts),
 * so most mistakes are explained at once and in Italian. Each returns the message key of the problem.
 */
export type Check = (value: string) => MessageKey | undefined;

export const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const ISTAT = /^[0-9]{6}$/;
export const PROVINCE = /^[A-Z]{2}$/;
export const PHONE = /^\+?[0-9 ./-]{5,20}$/;
// What class-validator's IsEmail accepts in practice, kept simple: something@domain.tld, no spaces.
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

export const required: Check = (v) => (v.trim() ? undefined : 'validation.required');
const maxLength =
  (max: number): Check =>
  (v) =>
    v.length > max ? 'validation.tooLong' : undefined;

function all(...checks: Check[]): Check {
  return (v) => {
    for (const check of checks) {
      const problem = check(v);
      if (problem) return problem;
    }
    return undefined;
  };
}
const optional =
  (check: Check): Check =>
  (v) =>
    v.trim() ? check(v.trim()) : undefined;

export const checks = {
  name: all(required, (v) => (v.trim().length >= 2 && v.trim().length <= 120 ? undefined : 'validation.name')),
  slug: all(required, (v) => (SLUG.test(v) && v.length <= 60 ? undefined : 'validation.slug')),
  istatCode: all(required, (v) => (ISTAT.test(v) ? undefined : 'validation.istatCode')),
  province: all(required, (v) => (PROVINCE.test(v) ? undefined : 'validation.province')),
  timezone: all(required, (v) => (isTimeZone(v) ? undefined : 'validation.timezone')),
  contactEmail: optional((v) => (EMAIL.test(v) && v.length <= 254 ? undefined : 'validation.email')),
  contactPhone: optional((v) => (PHONE.test(v) ? undefined : 'validation.phone')),
  contactUrl: optional((v) => (isWebUrl(v) && v.length <= 500 ? undefined : 'validation.url')),
  contactApp: optional(maxLength(200)),
  fullName: all(required, (v) => (v.trim().length >= 2 && v.trim().length <= 120 ? undefined : 'validation.fullName')),
  email: all(required, (v) => (EMAIL.test(v.trim()) && v.length <= 254 ? undefined : 'validation.email')),
  role: (v) => (v ? undefined : 'validation.role'),
  reason: (v) => (v.trim().length >= 3 && v.length <= 500 ? undefined : 'validation.reason'),
} satisfies Record<string, Check>;

export function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}

let zones: Set<string> | undefined;
/** IANA time zones the browser knows (the API accepts those Node knows: the same list in practice). */
export function timeZones(): string[] {
  const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
  return supported ? supported('timeZone') : ['Europe/Rome'];
}
export function isTimeZone(value: string): boolean {
  zones ??= new Set(timeZones());
  return zones.has(value) || value === 'Europe/Rome';
}

/** A slug suggested from a comune's name: "San Giuliano Milanese" → "san-giuliano-milanese". */
export function slugify(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}
