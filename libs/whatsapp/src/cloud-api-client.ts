import { Pool } from 'undici';
import { CloudApiError } from './cloud-api-error';
import { classifyCloudApiError, classifyTransportError } from './error-classification';
import {
  buildDocumentMessage,
  buildImageMessage,
  buildTemplateMessage,
  buildTextMessage,
  DocumentMessage,
  ImageMessage,
  OutboundMessage,
  SendOptions,
  TemplateMessage,
  TextOptions,
} from './message-builders';

export interface CloudApiClientOptions {
  /** https://graph.facebook.com, or the sandbox's URL. A path prefix is kept. */
  baseUrl: string;
  /** Graph API version in the URL; v25.0 is what Meta's current examples use (WHATSAPP.md §1). */
  graphVersion?: string;
  /** Whole-request deadline: connect, send, headers and body. */
  timeoutMs: number;
  /** Keep-alive sockets to the origin; bounds our concurrency towards Meta. */
  connections?: number;
}

/** One business number's credentials: many comuni's numbers share one client. */
export interface Credentials {
  phoneNumberId: string;
  accessToken: string;
}

export interface SendResult {
  /** wamid: the id every status webhook of this message will carry. */
  messageId: string;
  /** WhatsApp id of the recipient; may differ from the number we sent to. */
  waId?: string;
  /** Business-scoped user id, when Meta returns one (2026, WHATSAPP.md §2.5). */
  userId?: string;
  /** Templates under pacing: 'accepted' or 'held_for_quality_assessment'. */
  messageStatus?: string;
}

// E.164 with the '+': without it Meta prepends the *business* number's country code (WHATSAPP.md §3).
const E164 = /^\+[1-9]\d{6,14}$/;
const GRAPH_VERSION = /^v\d+\.\d+$/;

export class CloudApiClient {
  private readonly pool: Pool;
  private readonly pathPrefix: string;
  private readonly graphVersion: string;
  private readonly timeoutMs: number;

  constructor(options: CloudApiClientOptions) {
    const url = new URL(options.baseUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new Error(`CloudApiClient: baseUrl must be http(s), got ${url.protocol}`);
    }
    this.graphVersion = options.graphVersion ?? 'v25.0';
    if (!GRAPH_VERSION.test(this.graphVersion)) {
      throw new Error(`CloudApiClient: graphVersion must look like v25.0, got ${this.graphVersion}`);
    }
    if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) {
      throw new Error('CloudApiClient: timeoutMs must be a positive number');
    }
    this.timeoutMs = options.timeoutMs;
    this.pathPrefix = url.pathname.replace(/\/+$/, '');
    this.pool = new Pool(url.origin, {
      connections: options.connections ?? 16,
      keepAliveTimeout: 30_000,
      // Backstops: the AbortController below enforces the whole-request deadline.
      connect: { timeout: options.timeoutMs },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  }

  sendText(creds: Credentials, to: string, body: string, opts?: TextOptions): Promise<SendResult> {
    return this.send(creds, () => buildTextMessage(to, body, opts));
  }

  sendTemplate(creds: Credentials, to: string, template: TemplateMessage, opts?: SendOptions): Promise<SendResult> {
    return this.send(creds, () => buildTemplateMessage(to, template, opts));
  }

  sendImage(creds: Credentials, to: string, image: ImageMessage, opts?: SendOptions): Promise<SendResult> {
    return this.send(creds, () => buildImageMessage(to, image, opts));
  }

  sendDocument(creds: Credentials, to: string, document: DocumentMessage, opts?: SendOptions): Promise<SendResult> {
    return this.send(creds, () => buildDocumentMessage(to, document, opts));
  }

  /** Sends an already-built body; the typed methods above are the usual door. */
  async send(creds: Credentials, build: () => OutboundMessage): Promise<SendResult> {
    if (!creds.phoneNumberId || !creds.accessToken) {
      throw new CloudApiError({
        kind: 'credentials',
        scope: 'number',
        details: 'phoneNumberId and accessToken are required',
        reasonIt: 'Credenziali del numero WhatsApp mancanti',
      });
    }
    const message = build();
    if (!E164.test(message.to)) {
      throw new CloudApiError({
        kind: 'permanent',
        scope: 'recipient',
        details: 'recipient must be an E.164 number with a leading +',
        reasonIt: 'Numero del destinatario non valido',
      });
    }
    const path = `${this.pathPrefix}/${this.graphVersion}/${encodeURIComponent(creds.phoneNumberId)}/messages`;
    const { statusCode, headers, text } = await this.post(path, creds.accessToken, JSON.stringify(message));
    const json = parseJson(text);
    if (statusCode >= 200 && statusCode < 300) {
      const result = readSuccess(json);
      if (result) return result;
      // Accepted or not? Meta said 2xx but gave no wamid: retrying may duplicate, so flag it.
      throw new CloudApiError({
        kind: 'temporary',
        scope: 'message',
        httpStatus: statusCode,
        details: 'success response without messages[0].id',
        maybeDelivered: true,
        reasonIt: 'Risposta di WhatsApp incompleta: esito incerto, verrà verificato',
      });
    }
    throw errorFromResponse(statusCode, json, headers['retry-after']);
  }

  /** Closes the keep-alive sockets; in-flight requests finish first. */
  async close(): Promise<void> {
    await this.pool.close();
  }

  private async post(
    path: string,
    accessToken: string,
    body: string,
  ): Promise<{ statusCode: number; headers: Record<string, string | string[] | undefined>; text: string }> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      const response = await this.pool.request({
        path,
        method: 'POST',
        headers: {
          authorization: `Bearer ${accessToken}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body,
        signal: controller.signal,
      });
      const text = await response.body.text();
      return { statusCode: response.statusCode, headers: response.headers, text };
    } catch (error) {
      const transport = classifyTransportError(error);
      throw new CloudApiError({
        ...transport,
        details: controller.signal.aborted ? `no complete answer within ${this.timeoutMs} ms` : transport.details,
      });
    } finally {
      clearTimeout(timer);
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function first(value: unknown): Record<string, unknown> | undefined {
  return Array.isArray(value) && isRecord(value[0]) ? value[0] : undefined;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function readSuccess(json: unknown): SendResult | undefined {
  if (!isRecord(json)) return undefined;
  const message = first(json.messages);
  const messageId = optionalString(message?.id);
  if (!messageId) return undefined;
  const contact = first(json.contacts);
  const result: SendResult = { messageId };
  const waId = optionalString(contact?.wa_id);
  const userId = optionalString(contact?.user_id);
  const messageStatus = optionalString(message?.message_status);
  if (waId) result.waId = waId;
  if (userId) result.userId = userId;
  if (messageStatus) result.messageStatus = messageStatus;
  return result;
}

function errorFromResponse(httpStatus: number, json: unknown, retryAfter: string | string[] | undefined): CloudApiError {
  const error = isRecord(json) && isRecord(json.error) ? json.error : undefined;
  const code = typeof error?.code === 'number' && Number.isInteger(error.code) ? error.code : undefined;
  const title = optionalString(error?.message);
  const details = isRecord(error?.error_data) ? optionalString(error.error_data.details) : undefined;
  const fbtraceId = optionalString(error?.fbtrace_id);
  const classification = classifyCloudApiError({ httpStatus, code, details, message: title });
  const headerDelay = retryAfterMs(retryAfter);
  return new CloudApiError({
    ...classification,
    ...(headerDelay !== undefined && { retryAfterMs: headerDelay }),
    code,
    httpStatus,
    title,
    details,
    fbtraceId,
  });
}

function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim()) * 1000;
}
