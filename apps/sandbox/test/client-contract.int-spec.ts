import {
  buildDocumentMessage,
  buildImageMessage,
  buildTemplateMessage,
  buildTextMessage,
  CloudApiClient,
  classifyCloudApiError,
  CloudApiError,
  Credentials,
  ERROR_CODES,
  OutboundMessage,
  TemplateMessage,
} from '@bacheca/whatsapp';
import type { Server } from 'node:http';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { RunningSandbox } from '../src/sandbox-app';
import { api, numberSpec, NumberSpec, start, waitFor } from './helpers';

/**
 * The production client against the sandbox over real HTTP: every message type is accepted and
 * recorded byte-for-byte, and every error class comes back classified as WHATSAPP.md §5 says.
 */
describe('CloudApiClient ⇄ sandbox contract', () => {
  let sandbox: RunningSandbox;
  let client: CloudApiClient;
  let number: NumberSpec;
  let creds: Credentials;
  const citizen = '+393330000001';

  beforeAll(async () => {
    sandbox = await start();
    client = new CloudApiClient({ baseUrl: sandbox.url, timeoutMs: 2_000, connections: 4 });
  });

  afterAll(async () => {
    await client.close();
    await sandbox.close();
  });

  let counter = 0;
  beforeEach(async () => {
    // A fresh number per test: its own token bucket and messages, no leftovers between tests.
    number = numberSpec({ phoneNumberId: `1065403522429${++counter}`, accessToken: `token-${counter}`, mps: 1000 });
    expect((await api(sandbox.url, 'POST', '/_sandbox/numbers', number)).status).toBe(200);
    creds = { phoneNumberId: number.phoneNumberId, accessToken: number.accessToken };
  });

  afterEach(async () => {
    await api(sandbox.url, 'DELETE', '/_sandbox/faults');
  });

  async function recorded(
    messageId: string,
  ): Promise<{ body: OutboundMessage; graphVersion: string; to: string; recipient: string; type: string; bizOpaqueCallbackData?: string }> {
    const { body } = await api(sandbox.url, 'GET', `/_sandbox/messages?phoneNumberId=${number.phoneNumberId}`);
    const found = body.messages.find((m: { wamid: string }) => m.wamid === messageId);
    expect(found).toBeDefined();
    return found;
  }

  async function failure(promise: Promise<unknown>): Promise<CloudApiError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CloudApiError);
    return error as CloudApiError;
  }

  describe('accepted sends', () => {
    it('sends text and the sandbox records the exact body', async () => {
      const result = await client.sendText(creds, citizen, 'Ciao! Avviso: strada chiusa in via Roma 🚧', {
        previewUrl: true,
        bizOpaqueCallbackData: 'delivery:1',
      });
      expect(result.messageId).toMatch(/^wamid\.[A-Za-z0-9+/=]+$/);
      expect(result.waId).toBe('393330000001');
      const message = await recorded(result.messageId);
      expect(message.body).toEqual(
        buildTextMessage(citizen, 'Ciao! Avviso: strada chiusa in via Roma 🚧', { previewUrl: true, bizOpaqueCallbackData: 'delivery:1' }),
      );
      expect(message).toMatchObject({ to: citizen, recipient: citizen, type: 'text', bizOpaqueCallbackData: 'delivery:1' });
    });

    it('sends a template with header, body and quick-reply button parameters', async () => {
      const template: TemplateMessage = {
        name: 'avviso_viabilita',
        languageCode: 'it',
        header: ['Chiusura strada'],
        body: ['via Roma', 'dal 12 al 14 maggio'],
        buttons: [{ subType: 'quick_reply', index: 0, payload: 'DISATTIVA' }],
      };
      const result = await client.sendTemplate(creds, citizen, template, { bizOpaqueCallbackData: 'b:7' });
      expect(result.messageStatus).toBe('accepted');
      expect((await recorded(result.messageId)).body).toEqual(buildTemplateMessage(citizen, template, { bizOpaqueCallbackData: 'b:7' }));
    });

    it('sends a template with named parameters and an image header', async () => {
      const template: TemplateMessage = {
        name: 'notizia_evento',
        languageCode: 'it',
        header: { media: { type: 'image', link: 'https://comune.example.it/festa.jpg' } },
        body: { titolo: 'Festa patronale', quando: 'domenica' },
      };
      const result = await client.sendTemplate(creds, citizen, template);
      expect((await recorded(result.messageId)).body).toEqual(buildTemplateMessage(citizen, template));
    });

    it('sends an image', async () => {
      const image = { link: 'https://comune.example.it/mappa.png', caption: 'Percorso alternativo' };
      const result = await client.sendImage(creds, citizen, image);
      expect((await recorded(result.messageId)).body).toEqual(buildImageMessage(citizen, image));
    });

    it('sends a document', async () => {
      const document = { link: 'https://comune.example.it/ordinanza.pdf', caption: 'Ordinanza n. 12', filename: 'ordinanza-12.pdf' };
      const result = await client.sendDocument(creds, citizen, document);
      expect((await recorded(result.messageId)).body).toEqual(buildDocumentMessage(citizen, document));
    });

    it('calls the Graph API version it is configured with, v25.0 by default', async () => {
      const pinned = new CloudApiClient({ baseUrl: sandbox.url, graphVersion: 'v24.0', timeoutMs: 2_000 });
      try {
        const older = await pinned.sendText(creds, citizen, 'con la versione v24.0');
        const current = await client.sendText(creds, citizen, 'con la versione predefinita');
        expect((await recorded(older.messageId)).graphVersion).toBe('v24.0');
        expect((await recorded(current.messageId)).graphVersion).toBe('v25.0');
      } finally {
        await pinned.close();
      }
    });

    it('keeps its connections alive: 30 sends, sequential and concurrent, share the two sockets of its pool', async () => {
      const server = sandbox.app.getHttpServer() as Server;
      let opened = 0;
      const count = () => (opened += 1);
      server.on('connection', count);
      const pooled = new CloudApiClient({ baseUrl: sandbox.url, timeoutMs: 2_000, connections: 2 });
      try {
        for (let i = 0; i < 10; i++) await pooled.sendText(creds, citizen, `in fila ${i}`);
        await Promise.all(Array.from({ length: 20 }, (_, i) => pooled.sendText(creds, citizen, `insieme ${i}`)));
        // 30 requests over the pool's two sockets; a client without keep-alive would have opened 30.
        expect(opened).toBeGreaterThanOrEqual(1);
        expect(opened).toBeLessThanOrEqual(2);
      } finally {
        server.off('connection', count);
        await pooled.close();
      }
    });

    it('serves many numbers from one client, each with its own credentials', async () => {
      const other = numberSpec({ phoneNumberId: '999000111', accessToken: 'other-token', displayPhoneNumber: '+39 055 000 1111' });
      await api(sandbox.url, 'POST', '/_sandbox/numbers', other);
      const [a, b] = await Promise.all([
        client.sendText(creds, citizen, 'dal primo comune'),
        client.sendText({ phoneNumberId: other.phoneNumberId, accessToken: other.accessToken }, citizen, 'dal secondo comune'),
      ]);
      const { body } = await api(sandbox.url, 'GET', `/_sandbox/messages?phoneNumberId=${other.phoneNumberId}`);
      expect(body.messages.map((m: { wamid: string }) => m.wamid)).toEqual([b.messageId]);
      expect(a.messageId).not.toBe(b.messageId);
      await api(sandbox.url, 'DELETE', `/_sandbox/numbers/${other.phoneNumberId}`);
    });
  });

  describe('throttled', () => {
    it('exceeding the number mps answers 130429, classified throttled for the whole number', async () => {
      await api(sandbox.url, 'POST', '/_sandbox/numbers', { ...number, mps: 3 });
      const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => client.sendText(creds, citizen, `msg ${i}`)));
      const accepted = results.filter((r) => r.status === 'fulfilled');
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as CloudApiError);
      expect(accepted).toHaveLength(3);
      expect(rejected).toHaveLength(5);
      for (const error of rejected) {
        expect(error).toMatchObject({ kind: 'throttled', scope: 'number', code: 130429, httpStatus: 400, retryable: true });
        expect(error.retryAfterMs).toBeGreaterThan(0);
      }
    });

    it('throttleAll makes every send throttled, and switching it off restores service', async () => {
      await api(sandbox.url, 'POST', '/_sandbox/faults', { throttleAll: true });
      expect(await failure(client.sendText(creds, citizen, 'x'))).toMatchObject({ kind: 'throttled', code: 130429 });
      await api(sandbox.url, 'DELETE', '/_sandbox/faults');
      await expect(client.sendText(creds, citizen, 'x')).resolves.toHaveProperty('messageId');
    });

    it('the pair rate limit throttles only that recipient', async () => {
      await api(sandbox.url, 'POST', '/_sandbox/faults', { pairRateLimit: true });
      for (let i = 0; i < 45; i++) await client.sendText(creds, citizen, `raffica ${i}`);
      const error = await failure(client.sendText(creds, citizen, 'uno di troppo'));
      expect(error).toMatchObject({ kind: 'throttled', scope: 'recipient', code: 131056, retryAfterMs: 6000 });
      await expect(client.sendText(creds, '+393330000002', 'altro cittadino')).resolves.toHaveProperty('messageId');
    });
  });

  describe('temporary', () => {
    it('errorRate 1 answers HTTP 500 code 131000, classified temporary', async () => {
      await api(sandbox.url, 'POST', '/_sandbox/faults', { errorRate: 1 });
      const error = await failure(client.sendText(creds, citizen, 'x'));
      expect(error).toMatchObject({ kind: 'temporary', code: 131000, httpStatus: 500, retryable: true, maybeDelivered: false });
      expect(error.fbtraceId).toMatch(/^[A-Za-z0-9]+$/);
      expect(error.reasonIt).toContain('verrà ritentato');
    });

    it('a request held past the client deadline is a temporary timeout whose message may still be accepted', async () => {
      const quick = new CloudApiClient({ baseUrl: sandbox.url, timeoutMs: 150 });
      try {
        await api(sandbox.url, 'POST', '/_sandbox/faults', { timeoutRate: 1, timeoutMs: 400 });
        const started = Date.now();
        const error = await failure(quick.sendText(creds, citizen, 'lento'));
        expect(Date.now() - started).toBeLessThan(380);
        expect(error).toMatchObject({ kind: 'temporary', maybeDelivered: true, httpStatus: undefined, code: undefined });
        expect(error.details).toContain('150 ms');
        // Meta's ambiguity, reproduced: the client gave up, the sandbox accepted it anyway.
        const late = await waitFor(async () => {
          const { body } = await api(sandbox.url, 'GET', `/_sandbox/messages?phoneNumberId=${number.phoneNumberId}`);
          return body.total === 1 && body.messages[0];
        });
        expect(late.body.text.body).toBe('lento');
      } finally {
        await quick.close();
      }
    });

    it('a closed port is a temporary connection error that certainly did not deliver', async () => {
      const port = await new Promise<number>((resolve) => {
        const server = createServer();
        server.listen(0, '127.0.0.1', () => {
          const { port: p } = server.address() as AddressInfo;
          server.close(() => resolve(p));
        });
      });
      const dead = new CloudApiClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 1_000 });
      try {
        const error = await failure(dead.sendText(creds, citizen, 'x'));
        expect(error).toMatchObject({ kind: 'temporary', maybeDelivered: false });
        expect(error.details).toContain('ECONNREFUSED');
      } finally {
        await dead.close();
      }
    });
  });

  describe('permanent', () => {
    it('text over 4096 characters is refused with code 100', async () => {
      const error = await failure(client.sendText(creds, citizen, 'a'.repeat(4097)));
      expect(error).toMatchObject({ kind: 'permanent', scope: 'message', code: 100, httpStatus: 400, retryable: false });
      expect(error.details).toContain('4096');
      // Exactly 4096 (in characters, not UTF-16 units) passes.
      await expect(client.sendText(creds, citizen, 'è'.repeat(4095) + '👋')).resolves.toHaveProperty('messageId');
    });

    it('an unknown message type is refused', async () => {
      const error = await failure(
        client.send(creds, () => ({ ...buildTextMessage(citizen, 'x'), type: 'hologram' }) as unknown as OutboundMessage),
      );
      expect(error).toMatchObject({ kind: 'permanent', code: 100 });
      expect(error.details).toContain('type');
    });

    it('a template parameter with a new-line is refused (132018, code UNCONFIRMED)', async () => {
      const error = await failure(
        client.sendTemplate(creds, citizen, { name: 'avviso', languageCode: 'it', body: ['riga uno\nriga due'] }),
      );
      expect(error).toMatchObject({ kind: 'permanent', scope: 'message', code: 132018 });
      expect(error.details).toContain('new-line');
    });

    it('a template name that cannot exist is a template-wide failure', async () => {
      const error = await failure(client.sendTemplate(creds, citizen, { name: 'Avviso Viabilità', languageCode: 'it' }));
      expect(error).toMatchObject({ kind: 'permanent', scope: 'template', code: 132001, httpStatus: 404 });
    });

    it('nothing refused is recorded as sent', async () => {
      await failure(client.sendText(creds, citizen, 'a'.repeat(5000)));
      const { body } = await api(sandbox.url, 'GET', `/_sandbox/messages?phoneNumberId=${number.phoneNumberId}`);
      expect(body.total).toBe(0);
      const rejections = await api(sandbox.url, 'GET', `/_sandbox/rejections?phoneNumberId=${number.phoneNumberId}`);
      expect(rejections.body.map((r: { code: number }) => r.code)).toEqual([100]);
    });
  });

  describe('every code of WHATSAPP.md §5, answered over HTTP in Meta\'s shape', () => {
    // Meta's documented HTTP status per code; 400 where none is listed.
    const STATUS: Record<number, number> = { 0: 401, 190: 401, 3: 500, 10: 403, 200: 403, 250: 403, 131031: 403, 368: 403, 130497: 403, 2: 503, 133004: 503, 131000: 500, 131016: 500, 131057: 500, 132001: 404 };
    const codes = [...ERROR_CODES.keys(), 250];

    it.each(codes.map((code) => [code, STATUS[code] ?? 400]))('code %i (HTTP %i) comes back classified as the table says', async (code, httpStatus) => {
      await api(sandbox.url, 'POST', '/_sandbox/faults', { errorCode: code, errorHttpStatus: httpStatus });
      const error = await failure(client.sendText(creds, citizen, 'x'));
      const expected = classifyCloudApiError({ code, httpStatus });
      expect(error).toMatchObject({ code, httpStatus, kind: expected.kind, scope: expected.scope, reasonIt: expected.reasonIt, maybeDelivered: false });
      expect(error.retryable).toBe(expected.kind === 'throttled' || expected.kind === 'temporary');
      expect(error.title).toBe(`(#${code}) Error ${code} (sandbox fault)`);
      expect(error.fbtraceId).toBeDefined();
    });

    it('covers all four classes', () => {
      expect(new Set(codes.map((code) => classifyCloudApiError({ code, httpStatus: STATUS[code] ?? 400 }).kind))).toEqual(
        new Set(['throttled', 'temporary', 'permanent', 'credentials']),
      );
    });
  });

  describe('credentials', () => {
    it('a wrong token answers 401 code 190, classified credentials', async () => {
      const error = await failure(client.sendText({ ...creds, accessToken: 'wrong' }, citizen, 'x'));
      expect(error).toMatchObject({ kind: 'credentials', scope: 'number', code: 190, httpStatus: 401, retryable: false });
      expect(error.message).not.toContain('wrong');
    });

    it('the expiredToken fault expires only the listed numbers', async () => {
      await api(sandbox.url, 'POST', '/_sandbox/faults', { expiredToken: [number.phoneNumberId] });
      const error = await failure(client.sendText(creds, citizen, 'x'));
      expect(error).toMatchObject({ kind: 'credentials', code: 190, httpStatus: 401 });
      expect(error.title).toContain('Session has expired');
    });

    it('an unknown phone number id is a configuration problem of the number', async () => {
      const error = await failure(client.sendText({ ...creds, phoneNumberId: '424242' }, citizen, 'x'));
      expect(error).toMatchObject({ kind: 'credentials', code: 100, httpStatus: 400 });
    });
  });
});
