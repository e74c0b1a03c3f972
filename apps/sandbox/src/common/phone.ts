import { createHash } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** "+39 333 000-0001" → "393330000001"; undefined when it is not an E.164-looking number. */
export function e164Digits(input: string): string | undefined {
  const digits = input.trim().replace(/[\s\-()]/g, '').replace(/^\+/, '');
  return /^[1-9]\d{6,14}$/.test(digits) ? digits : undefined;
}

/** Country calling code of a business number, for Meta's "no + means our country" rule. */
export function callingCodeOf(digits: string): string {
  return parsePhoneNumberFromString(`+${digits}`)?.countryCallingCode ?? '39';
}

/**
 * A stable business-scoped user id (WHATSAPP.md §2.5: `<ISO alpha-2>.<alphanumerics>`, scoped to the
 * business): the same citizen gets the same BSUID from one WABA, a different one from another.
 */
export function bsuidFor(wabaId: string, citizenDigits: string): string {
  const country = parsePhoneNumberFromString(`+${citizenDigits}`)?.country ?? 'IT';
  const hash = createHash('sha256').update(`${wabaId}:${citizenDigits}`).digest();
  return `${country}.${hash.readBigUInt64BE(0).toString()}${hash.readUInt16BE(8)}`;
}
