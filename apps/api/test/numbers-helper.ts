import { NumbersService, WhatsappNumberDto } from '@bacheca/numbers';
import type { ApiHarness } from './harness';

let n = 0;
export interface TestNumber extends WhatsappNumberDto {
  accessToken: string;
  appSecret: string;
  verifyToken: string;
}

/** A WhatsApp number of a comune, registered as the provider would, with its secrets in hand. */
export async function makeNumber(h: ApiHarness, tenantId: string, overrides: { mps?: number; appSecret?: string } = {}): Promise<TestNumber> {
  n += 1;
  const secrets = {
    accessToken: `EAAG-test-token-${n}-${Date.now()}`,
    appSecret: overrides.appSecret ?? `app-secret-${n}-${Date.now()}`,
    verifyToken: `verify-${n}-${Date.now()}`,
  };
  const dto = await h.app.get(NumbersService).register({ userId: null, role: 'system', tenantId: null }, tenantId, {
    phoneNumberId: `${Date.now()}${n}`.slice(-15),
    displayPhoneNumber: `+39 02 ${String(1000000 + n)}`,
    wabaId: `9${n}`,
    accessToken: secrets.accessToken,
    appSecret: secrets.appSecret,
    webhookVerifyToken: secrets.verifyToken,
    ...overrides,
  });
  return { ...dto, ...secrets };
}
