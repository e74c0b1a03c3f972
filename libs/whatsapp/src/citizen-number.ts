import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * A citizen's number as Meta gives it (`wa_id`, `from`: country code and number, digits only) in the
 * E.164 form Bacheca hashes and stores. It goes through the same library as the numbers staff type, so
 * that both land on one hash wherever the library's form differs from the bare digits. Meta's id is
 * what WhatsApp routes by, so a number the library does not recognise is kept as Meta wrote it rather
 * than dropped: the citizen still gets an answer.
 */
export function citizenNumberFromWaId(digits: string): string {
  const raw = `+${digits}`;
  const parsed = parsePhoneNumberFromString(raw);
  return parsed?.isValid() ? parsed.number : raw;
}
