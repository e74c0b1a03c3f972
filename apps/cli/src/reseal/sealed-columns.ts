import { citizenPhoneContext } from '@bacheca/crypto';
import { secretContext, tokenContext } from '@bacheca/numbers';

/**
 * Every place a SecretBox value is kept, with the context it was sealed under. A new sealed column
 * belongs here, or a rotation leaves it under the old key (reseal.int-spec.ts compares this list with
 * the schema's `*_enc` columns; a value inside JSON, like `newFromSealed`, only this list knows).
 * The SQL fragments are constants: nothing here comes from the operator.
 */
export interface SealedColumn {
  /** How reports name it. */
  name: string;
  table: string;
  idType: 'uuid' | 'bigint';
  /** The sealed bytes of row `t`, null where there is none. */
  value: string;
  /** What the sealing context is made of, as text. */
  contextSource: string;
  context: (source: string) => string;
  /** Assigns the resealed bytes `x.v` (the left-hand side unqualified, as UPDATE wants it). */
  assign: string;
}

/**
 * Ordered so that copies come after their sources: the intake seals a number into webhook_events, the
 * citizen's flow copies it into subscribers and deliveries, and a broadcast's fan-out copies
 * subscribers into deliveries, all as the same bytes under the same context.
 */
export const SEALED_COLUMNS: readonly SealedColumn[] = [
  {
    name: 'whatsapp_numbers.access_token_enc',
    table: 'whatsapp_numbers',
    idType: 'uuid',
    value: 't.access_token_enc',
    contextSource: 't.phone_number_id',
    context: tokenContext,
    assign: 'access_token_enc = x.v',
  },
  {
    name: 'whatsapp_numbers.app_secret_enc',
    table: 'whatsapp_numbers',
    idType: 'uuid',
    value: 't.app_secret_enc',
    contextSource: 't.phone_number_id',
    context: secretContext,
    assign: 'app_secret_enc = x.v',
  },
  {
    name: 'webhook_events.citizen_phone_enc',
    table: 'webhook_events',
    idType: 'bigint',
    value: 't.citizen_phone_enc',
    contextSource: 't.tenant_id::text',
    context: citizenPhoneContext,
    assign: 'citizen_phone_enc = x.v',
  },
  {
    // The new number of a citizen who changed it, kept until the event is processed or its retention ends.
    name: 'webhook_events.payload.newFromSealed',
    table: 'webhook_events',
    idType: 'bigint',
    value: `decode(t.payload->>'newFromSealed', 'base64')`,
    contextSource: 't.tenant_id::text',
    context: citizenPhoneContext,
    // encode() breaks base64 into 76-character lines; the JSON keeps it on one, as the intake writes it.
    assign: `payload = jsonb_set(payload, '{newFromSealed}', to_jsonb(translate(encode(x.v, 'base64'), E'\\n', '')))`,
  },
  {
    name: 'subscribers.phone_enc',
    table: 'subscribers',
    idType: 'uuid',
    value: 't.phone_enc',
    contextSource: 't.tenant_id::text',
    context: citizenPhoneContext,
    assign: 'phone_enc = x.v',
  },
  {
    name: 'deliveries.recipient_enc',
    table: 'deliveries',
    idType: 'bigint',
    value: 't.recipient_enc',
    contextSource: 't.tenant_id::text',
    context: citizenPhoneContext,
    assign: 'recipient_enc = x.v',
  },
];
