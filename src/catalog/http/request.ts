/**
 * One request to a catalog server with Node's fetch, and every failure turned
 * into a DpError a user can act on: unreachable, too slow, server errors and
 * foreign servers are `connection` errors (exit 2); 401 is a configuration
 * problem (the token); 400 and 413 are problems of what was sent.
 */
import { DpError } from '../../errors.js';

export const DEFAULT_TIMEOUT_MS = 30_000;

export interface HttpTarget {
  base: string;
  display: string;
  token?: string;
  timeoutMs: number;
}

export interface ApiAnswer {
  status: number;
  body: unknown;
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
};

function networkError(target: HttpTarget, error: unknown): DpError {
  const err = error as Error & { cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') {
    return new DpError('connection', `the catalog server ${target.display} did not answer within ${Math.round(target.timeoutMs / 1000)} s`, {
      hint: 'check that the server is healthy (GET /readyz); DP_CATALOG_TIMEOUT_MS sets a longer wait',
      cause: error,
    });
  }
  const code = err.cause?.code ?? '';
  const why = NETWORK_CODES[code] ?? err.cause?.message ?? err.message;
  return new DpError('connection', `cannot reach the catalog server ${target.display}: ${why}`, {
    hint: 'check the URL, and that `dp catalog serve` runs there and is reachable from here',
    cause: error,
  });
}

function messageOf(body: unknown): string | undefined {
  const error = (body as { error?: { message?: unknown } } | undefined)?.error;
  return typeof error?.message === 'string' ? error.message : undefined;
}

async function readBody(target: HttpTarget, response: Response): Promise<unknown> {
  const type = response.headers.get('content-type') ?? '';
  const text = await response.text();
  if (!type.includes('application/json')) {
    if (response.status >= 500) return undefined;
    throw new DpError('connection', `${target.display} did not answer as a dp catalog server (HTTP ${response.status}, ${type || 'no content type'})`, {
      hint: 'check the URL: it should be the address `dp catalog serve` listens on',
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new DpError('connection', `the catalog server ${target.display} sent invalid JSON (HTTP ${response.status})`, { cause: error });
  }
}

/** The error for a status no caller handles itself. */
export function statusError(target: HttpTarget, answer: ApiAnswer): DpError {
  const message = messageOf(answer.body) ?? `HTTP ${answer.status}`;
  switch (answer.status) {
    case 400:
      return new DpError('input', `the catalog server refused the request as malformed: ${message}`);
    case 401:
      return new DpError('config', `the catalog server ${target.display} did not accept the request: ${message}`, {
        hint: target.token
          ? 'DP_CATALOG_TOKEN holds a token the server does not know or that was revoked; ask for a new one (dp catalog token create)'
          : 'set DP_CATALOG_TOKEN to a token from `dp catalog token create --team <your team>`',
      });
    case 403:
      return new DpError('refused', message, { hint: 'a token may only publish products whose team.name is its team' });
    case 404:
      return new DpError('connection', `${target.display} has no such endpoint (${message})`, { hint: 'is this a dp catalog server of a compatible version?' });
    case 413:
      return new DpError('input', `the request is larger than the catalog server accepts: ${message}`, {
        hint: 'publish fewer products at once, or ask the operator to raise --body-limit',
      });
  }
  if ((answer.body as { error?: { code?: unknown } } | undefined)?.error?.code === 'storage') {
    return new DpError('storage', `the catalog server ${target.display} could not store the versions: ${message}`, {
      hint: 'its storage is full or failing; publish again once its operator has made room',
    });
  }
  if (answer.status >= 500) {
    return new DpError('connection', `the catalog server ${target.display} failed (HTTP ${answer.status}): ${message}`, {
      hint: 'try again later; the server log has the details',
    });
  }
  return new DpError('connection', `unexpected answer from the catalog server ${target.display}: HTTP ${answer.status}: ${message}`);
}

export async function callApi(target: HttpTarget, method: 'GET' | 'POST', path: string, body?: unknown, timeoutMs = target.timeoutMs): Promise<ApiAnswer> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (target.token) headers.authorization = `Bearer ${target.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${target.base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    throw networkError({ ...target, timeoutMs }, error);
  }
  let parsed: unknown;
  try {
    parsed = await readBody(target, response);
  } catch (error) {
    if (error instanceof DpError) throw error;
    throw networkError({ ...target, timeoutMs }, error);
  }
  return { status: response.status, body: parsed };
}

/** GET that must succeed (200), or undefined on 404 when `missingOk`. */
export async function getJson<T>(target: HttpTarget, path: string, missingOk = false): Promise<T | undefined> {
  const answer = await callApi(target, 'GET', path);
  if (answer.status === 200) return answer.body as T;
  if (answer.status === 404 && missingOk && (answer.body as { error?: { code?: string } })?.error?.code === 'not-found') return undefined;
  throw statusError(target, answer);
}
