import type { MessagingLimitTier, RegisterNumberBody } from '../api/types';
import type { Check } from './validators';
import { required } from './validators';

/** A WhatsApp number's ids and credentials as the onboarding form edits them. */
export interface NumberValues {
  [field: string]: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
  wabaId: string;
  accessToken: string;
  appSecret: string;
  webhookVerifyToken: string;
  mps: string;
  messagingLimitTier: string;
}

export const EMPTY_NUMBER: NumberValues = {
  phoneNumberId: '',
  displayPhoneNumber: '',
  wabaId: '',
  accessToken: '',
  appSecret: '',
  webhookVerifyToken: '',
  mps: '80',
  // Meta starts every new business number at 250 conversations a day.
  messagingLimitTier: 'TIER_250',
};

const both =
  (a: Check, b: Check): Check =>
  (v) =>
    a(v) ?? b(v);
const digits: Check = (v) => (/^[0-9]{1,32}$/.test(v.trim()) ? undefined : 'validation.digits');
const length =
  (min: number, max: number): Check =>
  (v) =>
    v.trim().length >= min && v.trim().length <= max ? undefined : 'validation.secret';

/** The API's rules (libs/numbers number.dto.ts), checked before sending. */
export const numberRules: Record<keyof NumberValues & string, Check> = {
  phoneNumberId: both(required, digits),
  displayPhoneNumber: both(required, (v) => (/^\+[0-9 ]{6,20}$/.test(v.trim()) ? undefined : 'validation.intlPhone')),
  wabaId: both(required, digits),
  accessToken: both(required, length(10, 2000)),
  appSecret: both(required, length(8, 200)),
  webhookVerifyToken: both(required, length(8, 200)),
  mps: (v) => (/^[0-9]{1,4}$/.test(v) && Number(v) >= 1 && Number(v) <= 1000 ? undefined : 'validation.mps'),
  messagingLimitTier: required,
};

export function registerBody(v: NumberValues): RegisterNumberBody {
  return {
    phoneNumberId: v.phoneNumberId.trim(),
    displayPhoneNumber: v.displayPhoneNumber.trim(),
    wabaId: v.wabaId.trim(),
    accessToken: v.accessToken.trim(),
    appSecret: v.appSecret.trim(),
    webhookVerifyToken: v.webhookVerifyToken.trim(),
    mps: Number(v.mps),
    messagingLimitTier: v.messagingLimitTier as MessagingLimitTier,
  };
}
