import type { ComuneDto, ComuneStatus, ContactChannels, CreateComuneBody, UpdateComuneBody } from '../api/types';
import { checks } from './validators';

/** The contact channels as a form edits them: empty means none. */
export interface ContactValues {
  [field: string]: string;
  contactEmail: string;
  contactPhone: string;
  contactUrl: string;
  contactApp: string;
}

export interface ComuneValues extends ContactValues {
  name: string;
  slug: string;
  istatCode: string;
  province: string;
  timezone: string;
  status: string;
}

export const CONTACT_FIELDS = ['contactEmail', 'contactPhone', 'contactUrl', 'contactApp'] as const;

export const contactRules = {
  contactEmail: checks.contactEmail,
  contactPhone: checks.contactPhone,
  contactUrl: checks.contactUrl,
  contactApp: checks.contactApp,
};

export const comuneRules = {
  name: checks.name,
  slug: checks.slug,
  istatCode: checks.istatCode,
  province: checks.province,
  timezone: checks.timezone,
  ...contactRules,
};

export const EMPTY_CONTACTS: ContactValues = { contactEmail: '', contactPhone: '', contactUrl: '', contactApp: '' };
export const EMPTY_COMUNE: ComuneValues = {
  name: '',
  slug: '',
  istatCode: '',
  province: '',
  timezone: 'Europe/Rome',
  status: 'onboarding',
  ...EMPTY_CONTACTS,
};

export function contactValues(c: ComuneDto): ContactValues {
  return {
    contactEmail: c.contactEmail ?? '',
    contactPhone: c.contactPhone ?? '',
    contactUrl: c.contactUrl ?? '',
    contactApp: c.contactApp ?? '',
  };
}

export function comuneValues(c: ComuneDto): ComuneValues {
  return {
    name: c.name,
    slug: c.slug,
    istatCode: c.istatCode,
    province: c.province,
    timezone: c.timezone,
    status: c.status,
    ...contactValues(c),
  };
}

/** Every channel, empty ones as null (which removes them). */
export function contactsBody(v: ContactValues): ContactChannels {
  const value = (s: string) => (s.trim() ? s.trim() : null);
  return {
    contactEmail: value(v.contactEmail),
    contactPhone: value(v.contactPhone),
    contactUrl: value(v.contactUrl),
    contactApp: value(v.contactApp),
  };
}

export function createBody(v: ComuneValues): CreateComuneBody {
  const contacts = Object.fromEntries(Object.entries(contactsBody(v)).filter(([, value]) => value !== null));
  return {
    name: v.name.trim(),
    slug: v.slug.trim(),
    istatCode: v.istatCode.trim(),
    province: v.province.trim().toUpperCase(),
    timezone: v.timezone,
    status: v.status as Exclude<ComuneStatus, 'suspended'>,
    ...contacts,
  };
}

/** Only what changed; the status is left out while the comune is suspended (the API refuses it). */
export function updateBody(v: ComuneValues, current: ComuneDto): UpdateComuneBody {
  const next = { ...createBody(v), ...contactsBody(v) } as Record<string, unknown>;
  if (current.status === 'suspended') delete next.status;
  const before = current as unknown as Record<string, unknown>;
  return Object.fromEntries(Object.entries(next).filter(([key, value]) => value !== before[key])) as UpdateComuneBody;
}
