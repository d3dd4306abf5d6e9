/**
 * Errors of the catalog API: JSON `{ error: { code, message, ... } }` with a
 * stable code per HTTP status. Route handlers throw `ApiError`; the error
 * handler also turns fastify's own errors (bad JSON, body too large, schema
 * validation) into the same shape, and hides internal errors' details.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DpError } from '../errors.js';

export const ERROR_CODES = {
  malformed: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'body-too-large': 413,
  'unsupported-media-type': 415,
  refused: 422,
  unavailable: 503,
  storage: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra members of the error object (findings, outcomes...). */
    readonly extra: Record<string, unknown> = {},
    /** Response headers (WWW-Authenticate). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get status(): number {
    return ERROR_CODES[this.code];
  }

  body(): { error: Record<string, unknown> } {
    return { error: { code: this.code, message: this.message, ...this.extra } };
  }
}

function fromFastify(error: FastifyError): ApiError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('body-too-large', 'the request body is larger than this server accepts (its --body-limit; GET /api tells the limit in bytes)');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError('unsupported-media-type', 'send the request body as application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError('malformed', 'the request body is empty; send a JSON document');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiError('malformed', 'the request body is not valid JSON');
    case 'FST_ERR_VALIDATION':
      return new ApiError('malformed', `invalid request: ${error.message}`);
    case 'FST_ERR_HANDLER_TIMEOUT':
      return new ApiError('unavailable', "the answer was not ready within the server's request timeout; try again later");
  }
  if (error instanceof SyntaxError || error.statusCode === 400) return new ApiError('malformed', `malformed request: ${error.message}`);
  if (error.statusCode === 413) return new ApiError('body-too-large', error.message);
  if (error.statusCode === 415) return new ApiError('unsupported-media-type', error.message);
  return undefined;
}

/** An ApiError for anything thrown while serving a request. */
export function toApiError(error: unknown): { api: ApiError; internal: boolean } {
  if (error instanceof ApiError) return { api: error, internal: false };
  if (error instanceof DpError && error.type === 'connection') {
    return { api: new ApiError('unavailable', 'the catalog database is not reachable; try again later'), internal: true };
  }
  if (error instanceof DpError && error.type === 'storage') {
    const message =
      "the catalog's storage cannot take the write (its disk is full or failing): what this answer does not report as published was not stored; publish again later (versions stored already will be unchanged)";
    return { api: new ApiError('storage', message), internal: true };
  }
  if (error instanceof DpError && error.type === 'refused') return { api: new ApiError('refused', error.message), internal: true };
  const known = fromFastify(error as FastifyError);
  if (known) return { api: known, internal: false };
  return { api: new ApiError('internal', 'internal server error; the server log has the details'), internal: true };
}

export function sendError(reply: FastifyReply, request: FastifyRequest, error: unknown): FastifyReply {
  const { api, internal } = toApiError(error);
  if (internal) request.log.error({ err: error }, 'request failed');
  for (const [name, value] of Object.entries(api.headers)) reply.header(name, value);
  return reply.code(api.status).type('application/json; charset=utf-8').send(api.body());
}
