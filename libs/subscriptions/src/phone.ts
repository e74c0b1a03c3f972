import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * A phone number as Bacheca keeps it: E.164. Italian numbers may be written without prefix by staff
 * ("333 123 4567"); Meta always sends the country code.
 */
export function toE164(input: string, defaultCountry: 'IT' = 'IT'): string | undefined {
  const parsed = parsePhoneNumberFromString(input.trim(), defaultCountry);
  return parsed?.isValid() ? parsed.number : undefined;
}

/** What staff see in lists: enough to recognise, not enough to copy. */
export function maskPhone(e164: string): string {
  if (e164.length < 8) return '•••';
  return `${e164.slice(0, 6)}${'•'.repeat(e164.length - 9)}${e164.slice(-3)}`;
}
