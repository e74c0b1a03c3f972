import { newFbtraceId } from '../common/ids';

/**
 * An error the Graph API would answer, in Meta's shape (WHATSAPP.md §3 "Error response"):
 * `{ error: { message: "(#<code>) <title>", type, code, error_data: { messaging_product, details }, fbtrace_id } }`.
 * HTTP statuses are those of the §5 table.
 */
export class MetaError extends Error {
  constructor(
    readonly code: number,
    readonly httpStatus: number,
    readonly title: string,
    readonly details: string,
  ) {
    super(`(#${code}) ${title}`);
  }

  toBody(): MetaErrorBody {
    return {
      error: {
        message: this.message,
        type: 'OAuthException',
        code: this.code,
        error_data: { messaging_product: 'whatsapp', details: this.details },
        fbtrace_id: newFbtraceId(),
      },
    };
  }
}

export interface MetaErrorBody {
  error: {
    message: string;
    type: 'OAuthException';
    code: number;
    error_data: { messaging_product: 'whatsapp'; details: string };
    fbtrace_id: string;
  };
}

export const metaErrors = {
  unknownObject: (id: string) =>
    new MetaError(
      100,
      400,
      `Unsupported post request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`,
      'Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api',
    ),
  // Graph's answer for a path it does not know (e.g. a malformed version). Not in WHATSAPP.md; kept
  // distinct from 100 so a test can tell a bad URL from a bad body.
  unknownPath: (path: string) => new MetaError(2500, 400, `Unknown path components: ${path}`, 'Unknown path components'),
  invalidToken: () => new MetaError(190, 401, 'Error validating access token', 'Invalid OAuth access token - Cannot parse access token'),
  expiredToken: () =>
    new MetaError(190, 401, 'Error validating access token: Session has expired', 'The access token has expired'),
  rateLimit: () => new MetaError(130429, 400, 'Rate limit hit', 'Cloud API message throughput has been reached.'),
  pairRateLimit: () =>
    new MetaError(
      131056,
      400,
      '(Business Account, Consumer Account) pair rate limit hit',
      'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.',
    ),
  // The `errorCode` fault: a code the sandbox has no situation of its own for.
  chosen: (code: number, httpStatus: number) => new MetaError(code, httpStatus, `Error ${code} (sandbox fault)`, `The sandbox answers every send with error ${code}.`),
  somethingWentWrong: () => new MetaError(131000, 500, 'Something went wrong', 'Something went wrong. Please try again later.'),
  serviceUnavailable: () => new MetaError(2, 503, 'Service temporarily unavailable', 'The service is shutting down.'),
  invalidParameter: (details: string) => new MetaError(100, 400, 'Invalid parameter', details),
  requiredParameter: (name: string) => new MetaError(100, 400, `The parameter ${name} is required.`, `The parameter ${name} is required.`),
  // UNCONFIRMED (WHATSAPP.md §4.7 and §9): integrations report 100, 132000 or 132018 for this rejection;
  // the sandbox answers 132018 so tests exercise a template-specific code.
  templateParamFormat: (details: string) =>
    new MetaError(132018, 400, 'There was an issue with the parameters in your template.', details),
  templateNotFound: (name: string) =>
    new MetaError(132001, 404, 'Template name does not exist in the translation', `template name (${name}) does not exist in the translation`),
};
