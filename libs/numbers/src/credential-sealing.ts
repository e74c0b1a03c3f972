/** Sealing contexts: a ciphertext only opens in the column and number it was written for. */
export const tokenContext = (phoneNumberId: string) => `whatsapp_numbers:${phoneNumberId}:access_token`;
export const secretContext = (phoneNumberId: string) => `whatsapp_numbers:${phoneNumberId}:app_secret`;
export const VERIFY_TOKEN_PURPOSE = 'webhook-verify-token';
