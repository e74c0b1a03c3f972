import { parseWebhookPayload, StatusEvent } from '@bacheca/whatsapp';
import { SandboxNumber } from '../numbers/numbers.store';
import { statusesPayload } from '../webhooks/webhook-sender';
import { statusObject, StatusFacts } from './status-objects';

const facts = (over: Partial<StatusFacts>): StatusFacts => ({
  wamid: 'wamid.1',
  status: 'sent',
  recipientDigits: '393330000001',
  recipientUserId: 'IT.1',
  timestamp: new Date('2026-01-01T00:00:01Z'),
  billing: 'service',
  ...over,
});

const number = (id: string, waba: string): SandboxNumber => ({
  phoneNumberId: id,
  displayPhoneNumber: '390612345678',
  wabaId: waba,
  accessToken: 't',
  appSecret: 's',
  callbackUrl: 'http://x',
  mps: 80,
  countryCallingCode: '39',
});

describe('status objects', () => {
  it('carry pricing on sent and delivered only', () => {
    expect(statusObject(facts({ status: 'sent' }))).toHaveProperty('pricing');
    expect(statusObject(facts({ status: 'delivered' }))).toHaveProperty('pricing');
    expect(statusObject(facts({ status: 'read' }))).not.toHaveProperty('pricing');
  });

  it('mark failures with 131026 and without the BSUID', () => {
    const failed = statusObject(facts({ status: 'failed' }));
    expect(failed).not.toHaveProperty('recipient_user_id');
    expect(failed).toMatchObject({ errors: [{ code: 131026 }] });
  });

  it('group statuses by WABA and number in one envelope the parser reads back in order', () => {
    const a = number('1', 'w1');
    const b = number('2', 'w1');
    const c = number('3', 'w2');
    const payload = statusesPayload([
      { number: a, status: statusObject(facts({ wamid: 'a1' })) },
      { number: b, status: statusObject(facts({ wamid: 'b1' })) },
      { number: a, status: statusObject(facts({ wamid: 'a1', status: 'delivered' })) },
      { number: c, status: statusObject(facts({ wamid: 'c1', bizOpaqueCallbackData: 'x' })) },
    ]) as { entry: { id: string; changes: unknown[] }[] };
    expect(payload.entry.map((e: { id: string }) => e.id)).toEqual(['w1', 'w2']);
    expect(payload.entry[0].changes).toHaveLength(2);
    const events = parseWebhookPayload(payload) as StatusEvent[];
    expect(events.map((e) => [e.phoneNumberId, e.metaMessageId, e.status])).toEqual([
      ['1', 'a1', 'sent'],
      ['1', 'a1', 'delivered'],
      ['2', 'b1', 'sent'],
      ['3', 'c1', 'sent'],
    ]);
    expect(events[3].bizOpaqueCallbackData).toBe('x');
    expect(events[0].timestamp.toISOString()).toBe('2026-01-01T00:00:01.000Z');
  });
});
