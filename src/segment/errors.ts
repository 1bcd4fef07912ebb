import { HttpResponse, parseJson, RequestRefused } from './http';
import { FinalOutcome } from './retry';

export type ApiErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'too-large'
  | 'rate-limited'
  | 'server'
  | 'network'
  | 'refused'
  | 'malformed'
  | 'unexpected';

/** An API call that failed for good, with a message written for the analyst. */
export class SegmentApiError extends Error {
  constructor(
    message: string,
    readonly kind: ApiErrorKind,
    readonly status: number | null,
    readonly attempts: number,
  ) {
    super(message);
    this.name = 'SegmentApiError';
  }
}

/** Segment's own words from an error body: `{"error": ...}` (Config API) or `{"errors":[{message}]}` (Public API). */
function segmentMessage(response: HttpResponse): string {
  const body = parseJson(response.body) as
    { error?: unknown; message?: unknown; errors?: Array<{ message?: unknown; field?: unknown }> } | undefined;
  if (body && typeof body === 'object') {
    if (typeof body.error === 'string' && body.error) return body.error;
    if (typeof body.message === 'string' && body.message) return body.message;
    if (Array.isArray(body.errors) && body.errors.length > 0) {
      return body.errors
        .map((e) => [typeof e.field === 'string' ? e.field : '', typeof e.message === 'string' ? e.message : ''].filter(Boolean).join(': '))
        .filter(Boolean)
        .join('; ');
    }
  }
  const text = response.body
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/**
 * A failure after some batches of an upload were applied: Segment holds part of the upload. Says how many, so
 * the analyst knows the plan changed; the caller adds where the backup of the plan before the upload is.
 */
export class PartialUploadError extends SegmentApiError {
  constructor(
    cause: SegmentApiError,
    readonly batchesDone: number,
    readonly batchesTotal: number,
  ) {
    super(
      `${cause.message} Before this failure ${batchesDone} of ${batchesTotal} batches had been applied, so Segment holds part of this upload: each rule is either as it was or as in the sheet.`,
      cause.kind,
      cause.status,
      cause.attempts,
    );
    this.name = 'PartialUploadError';
  }
}

export interface ErrorContext {
  /** "update tracking plan rs_123" */
  action: string;
  /** What a 404 means for this call, naming the values the analyst typed. */
  notFound: string;
}

/** Turns the final outcome of a failed call into the message the analyst sees. */
export function apiError(outcome: FinalOutcome, context: ErrorContext): SegmentApiError {
  const tries = outcome.attempts > 1 ? ` (tried ${outcome.attempts} times)` : '';
  if (outcome.kind === 'exception' && outcome.error instanceof RequestRefused) {
    return new SegmentApiError(
      `The request to ${context.action} was not sent: ${outcome.error.message}`,
      'refused',
      null,
      outcome.attempts,
    );
  }
  if (outcome.kind === 'exception') {
    return new SegmentApiError(
      `Could not reach Segment to ${context.action}${tries}: ${outcome.error.message}. Check your connection and try again.`,
      'network',
      null,
      outcome.attempts,
    );
  }
  const { status } = outcome.response;
  const said = segmentMessage(outcome.response);
  const quote = said ? ` Segment said: "${said}"` : '';
  const make = (kind: ApiErrorKind, message: string) => new SegmentApiError(message, kind, status, outcome.attempts);
  if (status === 400 || status === 422)
    return make('invalid', `Segment rejected the request to ${context.action} (${status}).${quote || ' It gave no reason.'}`);
  if (status === 401)
    return make(
      'unauthenticated',
      `Segment did not accept the token (401): it is missing, mistyped, expired or revoked. Create a token in Segment (Settings > Access Management > Tokens) and set it again in Importer Settings or with Segment > Store token privately…`,
    );
  if (status === 403)
    return make(
      'forbidden',
      `The token is valid but lacks write access to tracking plans (403), so Segment refused to ${context.action}. Use a token with the Tracking Plan Admin (or Workspace Owner) role.${quote}`,
    );
  if (status === 404)
    return make('not-found', `${context.notFound} (404). Check for a typo, and that the token belongs to that workspace.`);
  if (status === 409) return make('conflict', `Segment reported a conflict (409) trying to ${context.action}.${quote}`);
  if (status === 413) return make('too-large', `The request to ${context.action} is larger than Segment accepts (413).${quote}`);
  if (status === 429)
    return make(
      'rate-limited',
      `Segment's rate limit (429) kept refusing the request to ${context.action}${tries}. Nothing more was sent; wait a few minutes and try again.`,
    );
  if (status >= 500)
    return make(
      'server',
      `Segment had a server error (${status}) trying to ${context.action}${tries}.${quote} Try again in a few minutes.`,
    );

  return make('unexpected', `Segment answered ${status} to the request to ${context.action}.${quote}`);
}

/** Removes every occurrence of the given secrets from a text that is about to be shown or logged. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('[token hidden]');
  }
  return out;
}
