import {
  CITIZEN_BSUID,
  DISPLAY_NUMBER,
  envelope,
  fixtures,
  inbound,
  PHONE_NUMBER_ID,
  WABA_ID,
} from '../test/webhook-fixtures';
import { InboundMessageEvent, StatusEvent, WebhookEvent } from './webhook-events';
import { parseWebhookBody, parseWebhookPayload, phoneNumberIdsOf, WebhookPayloadError } from './webhook-payload';

const one = (payload: unknown): WebhookEvent => {
  const events = parseWebhookPayload(payload);
  expect(events).toHaveLength(1);
  return events[0];
};
const message = (payload: unknown) => one(payload) as InboundMessageEvent;

describe('parseWebhookPayload: inbound messages', () => {
  it('reads a text message with routing, sender, BSUID and profile', () => {
    const event = message(fixtures.text);
    expect(event).toMatchObject({
      kind: 'message',
      phoneNumberId: PHONE_NUMBER_ID,
      displayPhoneNumber: DISPLAY_NUMBER,
      wabaId: WABA_ID,
      metaMessageId: 'wamid.HBgLMzkzMzMwMDAwMDAxFQIAEhgUM0VCMEQ2',
      from: '+393330000001',
      fromUserId: CITIZEN_BSUID,
      profileName: 'Maria Rossi',
      type: 'text',
      text: 'ATTIVA viabilità',
    });
    expect(event.timestamp.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(event.raw).toHaveProperty('text');
  });

  it('marks forwarded messages', () => {
    expect(message(fixtures.forwardedText).forwarded).toBe(true);
  });

  it('reads a template quick-reply tap: label, payload and the template it answers', () => {
    expect(message(fixtures.button)).toMatchObject({
      type: 'button',
      text: 'Disattiva',
      buttonPayload: 'UNSUBSCRIBE',
      contextMessageId: 'wamid.TEMPLATE1',
    });
  });

  it('reads interactive button and list replies', () => {
    expect(message(fixtures.buttonReply)).toMatchObject({
      type: 'interactive',
      text: 'Viabilità',
      buttonPayload: 'topic:viabilita',
      contextMessageId: 'wamid.INTERACTIVE1',
    });
    expect(message(fixtures.listReply)).toMatchObject({ type: 'interactive', text: 'Eventi', buttonPayload: 'topic:eventi' });
  });

  it('reads media with caption and download url', () => {
    expect(message(fixtures.image)).toMatchObject({
      type: 'image',
      text: 'Buca in via Garibaldi',
      media: {
        id: '1003383421387256',
        mimeType: 'image/jpeg',
        sha256: 'Vc4b5Nw9Ppn8/3yOKuw0dQUvBQJgVOcQB27ZQ1fMIbM=',
        url: expect.stringContaining('lookaside'),
      },
    });
    expect(message(fixtures.document)).toMatchObject({ type: 'document', text: 'Modulo', media: { filename: 'domanda.pdf' } });
    for (const type of ['video', 'audio', 'sticker'] as const) {
      const event = message(fixtures[type]);
      expect(event.type).toBe(type);
      expect(event.media?.id).toBeDefined();
      expect(event.text).toBeUndefined();
    }
  });

  it('reads a location', () => {
    expect(message(fixtures.location).location).toEqual({
      latitude: 41.9028,
      longitude: 12.4964,
      name: 'Municipio',
      address: 'Piazza del Campidoglio 1',
    });
  });

  it('reads reactions, including a removed one', () => {
    expect(message(fixtures.reaction).reaction).toEqual({ messageId: 'wamid.NEWS1', emoji: '👍' });
    expect(message(fixtures.reactionRemoved).reaction).toEqual({ messageId: 'wamid.NEWS1' });
  });

  it('keeps contacts, order and unsupported messages with their type and raw body', () => {
    expect(message(fixtures.contacts)).toMatchObject({ type: 'contacts', raw: { contacts: expect.any(Array) } });
    expect(message(fixtures.order)).toMatchObject({ type: 'order', raw: { order: { catalog_id: '123' } } });
    expect(message(fixtures.unsupported)).toMatchObject({ type: 'unsupported', raw: { unsupported: { type: 'edit' } } });
  });

  it('reads a number change without a contacts array', () => {
    const event = message(fixtures.numberChange);
    expect(event).toMatchObject({ type: 'system', from: '+393330000001', newWaId: '393330000009', newFrom: '+393330000009' });
    expect(event.profileName).toBeUndefined();
  });

  it('reads request_welcome', () => {
    expect(message(fixtures.requestWelcome)).toMatchObject({ type: 'request_welcome', from: '+393330000001' });
  });

  it('accepts a sender known only by BSUID', () => {
    const event = message(fixtures.bsuidOnly);
    expect(event.from).toBeUndefined();
    expect(event).toMatchObject({ fromUserId: CITIZEN_BSUID, profileName: 'utente_anonimo', text: 'ciao' });
  });

  it('maps a type Meta adds later to unknown, keeping the raw message', () => {
    expect(message(inbound({ type: 'hologram', hologram: { x: 1 } }))).toMatchObject({ type: 'unknown', raw: { type: 'hologram' } });
  });

  it('does not let a message type named like an Object.prototype member read inherited properties', () => {
    const event = message(inbound({ type: 'toString' }));
    expect(event.type).toBe('unknown');
    expect(event.text).toBeUndefined();
  });

  it('ignores unknown extra fields', () => {
    expect(message(inbound({ type: 'text', text: { body: 'x', extra: 1 }, surprise: { deep: [1, 2] } })).text).toBe('x');
  });

  it('reports a message id repeated within one POST once', () => {
    const payload = envelope({
      messages: [
        { from: '393330000001', id: 'wamid.DUP', timestamp: '1767225600', type: 'text', text: { body: 'a' } },
        { from: '393330000001', id: 'wamid.DUP', timestamp: '1767225600', type: 'text', text: { body: 'a' } },
      ],
    });
    expect(parseWebhookPayload(payload)).toHaveLength(1);
  });

  it('gives the sender, a changed number and a status recipient in the E.164 form staff lookups hash', () => {
    // A UK number written with its trunk 0 after the country code: libphonenumber drops the 0, as it does
    // for "+44 020 7123 4567" typed by staff, so both find the same citizen.
    expect(message(inbound({ type: 'text', text: { body: 'a' }, from: '4402071234567' })).from).toBe('+442071234567');
    const change = message(inbound({ type: 'system', system: { type: 'user_changed_number', wa_id: '4402071234567' } }));
    expect(change).toMatchObject({ newWaId: '4402071234567', newFrom: '+442071234567' });
    const payload = envelope({ statuses: [{ id: 'wamid.S', status: 'sent', timestamp: '1767225600', recipient_id: '4402071234567' }] });
    expect((one(payload) as StatusEvent).recipient).toBe('+442071234567');
  });

  it('normalises millisecond timestamps', () => {
    const seconds = message(inbound({ type: 'text', text: { body: 'a' }, timestamp: '1767225600' }));
    const millis = message(inbound({ type: 'text', text: { body: 'a' }, timestamp: '1767225600000' }));
    const numeric = message(inbound({ type: 'text', text: { body: 'a' }, timestamp: 1767225600 }));
    expect(millis.timestamp.getTime()).toBe(seconds.timestamp.getTime());
    expect(numeric.timestamp.getTime()).toBe(seconds.timestamp.getTime());
  });
});

describe('parseWebhookPayload: statuses, preferences, errors', () => {
  it('reads sent, delivered and read statuses with pricing and callback data', () => {
    const events = parseWebhookPayload(fixtures.statuses) as StatusEvent[];
    expect(events.map((e) => e.status)).toEqual(['sent', 'delivered', 'read']);
    expect(events[0]).toMatchObject({
      kind: 'status',
      phoneNumberId: PHONE_NUMBER_ID,
      metaMessageId: 'wamid.SENT1',
      recipient: '+393330000001',
      recipientUserId: CITIZEN_BSUID,
      bizOpaqueCallbackData: 'delivery:42',
      pricing: { billable: true, pricingModel: 'PMP', type: 'regular', category: 'utility' },
    });
    // The third one came in milliseconds.
    expect(events[2].timestamp.getTime()).toBe(1767225603000);
  });

  it('reads a failed status with its errors', () => {
    const event = one(fixtures.failedStatus) as StatusEvent;
    expect(event).toMatchObject({
      status: 'failed',
      recipient: '+393339999999',
      errors: [{ code: 131026, title: 'Message undeliverable', message: 'Message undeliverable', details: 'Message Undeliverable.' }],
    });
  });

  it('keeps an unknown status verbatim', () => {
    const event = one(envelope({ statuses: [{ id: 'wamid.X', status: 'held', timestamp: '1767225600' }] })) as StatusEvent;
    expect(event).toMatchObject({ status: 'unknown', rawStatus: 'held' });
  });

  it('reads system-level errors', () => {
    expect(one(fixtures.systemErrors)).toMatchObject({
      kind: 'system_error',
      phoneNumberId: PHONE_NUMBER_ID,
      code: 131042,
      title: 'Business eligibility payment issue',
      details: 'Payment method missing',
    });
  });

  it('reads marketing preference changes', () => {
    expect(one(fixtures.userPreferences)).toMatchObject({
      kind: 'user_preference',
      phoneNumberId: PHONE_NUMBER_ID,
      from: '+393330000001',
      category: 'marketing_messages',
      value: 'stop',
      detail: 'User requested to stop marketing messages',
    });
  });

  it('ignores fields we do not handle', () => {
    expect(parseWebhookPayload(fixtures.templateStatusUpdate)).toEqual([]);
  });

  it('reads several entries and changes in one POST', () => {
    const a = fixtures.text as { entry: unknown[] };
    const b = fixtures.statuses as { entry: unknown[] };
    const combined = { object: 'whatsapp_business_account', entry: [...a.entry, ...b.entry] };
    expect(parseWebhookPayload(combined).map((e) => e.kind)).toEqual(['message', 'status', 'status', 'status']);
  });
});

describe('parseWebhookPayload: malformed bodies', () => {
  const cases: [string, unknown, RegExp][] = [
    ['null', null, /must be an object, got null/],
    ['a number', 42, /got number/],
    ['an array', [fixtures.text], /got array/],
    ['a wrong object', { object: 'page', entry: [] }, /payload.object/],
    ['entry not an array', { object: 'whatsapp_business_account', entry: {} }, /entry must be an array/],
    ['entry item not an object', { object: 'whatsapp_business_account', entry: [7] }, /entry\[0\] must be an object/],
    ['missing WABA id', { object: 'whatsapp_business_account', entry: [{ changes: [] }] }, /entry\[0\]\.id is missing/],
    ['changes missing', { object: 'whatsapp_business_account', entry: [{ id: '1' }] }, /changes must be an array/],
    ['missing metadata', { object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: {} }] }] }, /metadata must be an object/],
    [
      'missing phone_number_id',
      { object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { metadata: {} } }] }] },
      /phone_number_id is missing/,
    ],
    ['a message without id', inbound({ id: undefined, type: 'text' }), /messages\[0\]\.id is missing/],
    ['a message without type', inbound({ type: undefined }), /type must be a string/],
    ['a bad timestamp', inbound({ type: 'text', timestamp: 'yesterday' }), /timestamp is not a Unix timestamp/],
    ['a huge timestamp', inbound({ type: 'text', timestamp: '99999999999999999999' }), /out of range/],
    ['a sender that is not a number', inbound({ type: 'text', from: 'mario' }), /from is not a phone number/],
    ['messages not an array', envelope({ messages: { id: 'x' } }), /messages must be an array/],
    ['a status without status', envelope({ statuses: [{ id: 'wamid.X', timestamp: '1' }] }), /status must be a string/],
    ['a preference without value', envelope({ user_preferences: [{ category: 'x', timestamp: '1' }] }, 'user_preferences'), /value must be a string/],
  ];

  it.each(cases)('rejects %s with a WebhookPayloadError', (_name, payload, message) => {
    expect(() => parseWebhookPayload(payload)).toThrow(WebhookPayloadError);
    expect(() => parseWebhookPayload(payload)).toThrow(message);
  });

  it('rejects invalid JSON bytes', () => {
    expect(() => parseWebhookBody(Buffer.from('{"object":'))).toThrow(WebhookPayloadError);
  });

  it('parses raw bytes with escaped unicode like Meta sends them', () => {
    const raw = Buffer.from(JSON.stringify(fixtures.text).replace('à', '\\u00e0'));
    expect((parseWebhookBody(raw)[0] as InboundMessageEvent).text).toBe('ATTIVA viabilità');
  });
});

describe('phoneNumberIdsOf', () => {
  it('lists the business numbers a payload is about, once each', () => {
    const a = fixtures.text as { entry: unknown[] };
    const b = fixtures.statuses as { entry: unknown[] };
    const other = envelope({ statuses: [] }) as { entry: { changes: { value: { metadata: { phone_number_id: string } } }[] }[] };
    other.entry[0].changes[0].value.metadata.phone_number_id = '999';
    const combined = { object: 'whatsapp_business_account', entry: [...a.entry, ...b.entry, ...other.entry] };
    expect(phoneNumberIdsOf(combined)).toEqual([PHONE_NUMBER_ID, '999']);
  });

  it('never throws on garbage', () => {
    for (const garbage of [null, 1, 'x', [], {}, { entry: 5 }, { entry: [null, { changes: [1, { value: null }] }] }]) {
      expect(phoneNumberIdsOf(garbage)).toEqual([]);
    }
  });
});

describe('parseWebhookPayload is total (fuzz)', () => {
  // Deterministic PRNG so a failure can be reproduced.
  function prng(seed: number): () => number {
    let s = seed >>> 0;
    return () => {
      s = (s + 0x6d2b79f5) >>> 0;
      let t = s;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const rnd = prng(20260101);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
  const keys = [
    'object', 'entry', 'id', 'changes', 'field', 'value', 'metadata', 'phone_number_id', 'messages', 'statuses',
    'contacts', 'from', 'type', 'text', 'body', 'timestamp', 'errors', 'user_preferences', 'toString', 'valueOf',
    '__proto__', 'constructor', 'hasOwnProperty', 'interactive', 'button_reply', 'system', 'wa_id', 'status',
  ];

  function randomValue(depth: number): unknown {
    const r = rnd();
    if (depth > 4 || r < 0.3) {
      return pick([null, true, false, 0, -1, 1e300, 1767225600, '1767225600', '', 'whatsapp_business_account', 'messages', 'text', 'wamid.X', '393330000001', 'x'.repeat(50), NaN]);
    }
    if (r < 0.6) return Array.from({ length: Math.floor(rnd() * 4) }, () => randomValue(depth + 1));
    const obj: Record<string, unknown> = {};
    const n = Math.floor(rnd() * 5);
    for (let i = 0; i < n; i++) obj[pick(keys)] = randomValue(depth + 1);
    return obj;
  }

  // Replace one random node of a valid payload: most mutants are almost valid, which reaches deep code.
  function mutate(value: unknown): unknown {
    const copy = JSON.parse(JSON.stringify(value)) as unknown;
    const nodes: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) {
        node.forEach((child, i) => {
          nodes.push({ parent: node, key: i });
          walk(child);
        });
      } else if (typeof node === 'object' && node !== null) {
        for (const [k, child] of Object.entries(node)) {
          nodes.push({ parent: node as Record<string, unknown>, key: k });
          walk(child);
        }
      }
    };
    walk(copy);
    const times = 1 + Math.floor(rnd() * 3);
    for (let i = 0; i < times && nodes.length > 0; i++) {
      const { parent, key } = pick(nodes);
      if (rnd() < 0.3 && !Array.isArray(parent)) delete (parent as Record<string, unknown>)[key as string];
      else (parent as Record<string | number, unknown>)[key] = randomValue(2);
    }
    return copy;
  }

  function expectEventsOrPayloadError(run: () => WebhookEvent[]): 'events' | 'error' {
    try {
      const events = run();
      expect(Array.isArray(events)).toBe(true);
      for (const event of events) {
        expect(typeof event.phoneNumberId).toBe('string');
        if ('timestamp' in event) expect(Number.isNaN(event.timestamp.getTime())).toBe(false);
      }
      return 'events';
    } catch (error) {
      if (!(error instanceof WebhookPayloadError)) throw error;
      return 'error';
    }
  }

  it('returns events or throws WebhookPayloadError for thousands of mutated and random values', () => {
    const outcomes = { events: 0, error: 0 };
    const bases = Object.values(fixtures);
    for (let i = 0; i < 4000; i++) {
      const input = i % 4 === 0 ? randomValue(0) : mutate(pick(bases));
      outcomes[expectEventsOrPayloadError(() => parseWebhookPayload(input))]++;
      expect(phoneNumberIdsOf(input)).toEqual(expect.any(Array));
    }
    // Both paths must actually be exercised, or the fuzzing proves nothing.
    expect(outcomes.events).toBeGreaterThan(200);
    expect(outcomes.error).toBeGreaterThan(200);
  });

  it('handles truncated JSON bytes of every valid payload', () => {
    let checked = 0;
    for (const base of Object.values(fixtures)) {
      const text = JSON.stringify(base);
      for (let cut = 0; cut <= text.length; cut += 7) {
        expectEventsOrPayloadError(() => parseWebhookBody(Buffer.from(text.slice(0, cut))));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('survives hostile shapes: deep nesting, prototype-named keys, unconvertible objects', () => {
    let deep: unknown = fixtures.text;
    for (let i = 0; i < 10000; i++) deep = [deep];
    expect(() => parseWebhookPayload(deep)).toThrow(WebhookPayloadError);
    const deepEntry = { object: 'whatsapp_business_account', entry: [deep] };
    expect(() => parseWebhookPayload(deepEntry)).toThrow(WebhookPayloadError);

    const hostile = JSON.parse(
      '{"object":"whatsapp_business_account","entry":[{"id":{"toString":"x","valueOf":"y"},"changes":[]}]}',
    );
    expect(() => parseWebhookPayload(hostile)).toThrow(WebhookPayloadError);
    const proto = JSON.parse('{"__proto__":{"object":"whatsapp_business_account"},"entry":[]}');
    expect(() => parseWebhookPayload(proto)).toThrow(WebhookPayloadError);
    const timestampObject = inbound({ type: 'text', timestamp: { toString: 'boom' } });
    expect(() => parseWebhookPayload(timestampObject)).toThrow(WebhookPayloadError);
  });
});
