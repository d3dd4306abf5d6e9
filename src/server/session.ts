/**
 * Signed-in sessions of the web catalog. A team signs in with its token (typed
 * into a form, never put in a URL); the server answers with a session cookie
 * holding a random secret of its own, not the token:
 *
 * - `dp_session`: 32 random bytes, `HttpOnly` (no script reads it), `SameSite=Lax`
 *   (not sent with another site's form posts), `Path=/`, `Secure` over HTTPS, for
 *   SESSION_HOURS. The store keeps only its sha256, with the token it stands for;
 *   a session ends at sign-out (its row is deleted), at its expiry, or when its
 *   token is revoked. Several instances on one database share the sessions.
 * - Every form of a signed-in page carries a CSRF token, an HMAC of the session's
 *   secret: a page of another site can neither read it nor compute it, and a
 *   post without it (or with another session's) is refused before anything is done.
 * - The sign-in form itself is protected by a double-submit token: a random value
 *   in a short-lived cookie (`dp_sign_in`) that the form must repeat.
 * - Posts whose `Origin` names another site are refused as well (a second line).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CatalogStore, TokenRecord } from '../catalog/store.js';
import { tokenActor, type Actor } from '../control/actor.js';
import type { Authenticator } from './auth.js';
import { ApiError } from './errors.js';
import { Batcher } from './read-model/batcher.js';

export const SESSION_COOKIE = 'dp_session';
export const SIGN_IN_COOKIE = 'dp_sign_in';
export const SESSION_HOURS = 12;
const SIGN_IN_MINUTES = 30;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

/** A signed-in request: its token, the actor it acts as, and the CSRF token its forms carry. */
export interface WebSession {
  token: TokenRecord;
  actor: Actor;
  csrf: string;
  /** The sha256 of the cookie's secret (what the store keeps). */
  hash: string;
}

/** The cookies of a request, by name (the first of each name). */
export function cookiesOf(request: FastifyRequest): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!out.has(name)) out.set(name, part.slice(eq + 1).trim());
  }
  return out;
}

const isHttps = (request: FastifyRequest): boolean => request.protocol === 'https';

/** A `Set-Cookie` value: HttpOnly and SameSite=Lax always, Secure over HTTPS; an empty value with age 0 clears it. */
export function setCookie(request: FastifyRequest, name: string, value: string, maxAgeSeconds: number, path = '/'): string {
  return `${name}=${value}; Path=${path}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${isHttps(request) ? '; Secure' : ''}`;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const csrfOf = (secret: string): string => createHmac('sha256', secret).update('dp web form').digest('base64url');

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/**
 * Refuses a post another site's page sent (its `Origin` names another host). Browsers send
 * `Origin: null` for this site's own forms (its pages' `Referrer-Policy: no-referrer`), as any page
 * may: that tells nothing, and the CSRF token decides.
 */
export function checkOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin === undefined || origin === 'null') return;
  let host: string | undefined;
  try {
    host = new URL(origin).host;
  } catch {
    host = undefined;
  }
  if (host === undefined || host !== request.headers.host) throw new ApiError('forbidden', 'this form was sent from another site: nothing was done');
}

export class Sessions {
  /** The session of each request, looked up once however many times it is asked for. */
  private readonly seen = new WeakMap<FastifyRequest, Promise<WebSession | undefined>>();
  /** On PostgreSQL, the sessions of the requests of one turn are read by one query (read-model/batcher.ts). */
  private readonly batch?: Batcher<string, TokenRecord>;

  constructor(
    private readonly store: CatalogStore,
    private readonly auth: Authenticator,
    private readonly now: () => Date,
  ) {
    if (store.kind === 'postgres') this.batch = new Batcher((hashes) => store.sessionTokens(hashes, this.now().toISOString()));
  }

  private async tokenOf(hash: string): Promise<TokenRecord | undefined> {
    if (this.batch) return this.batch.load(hash);
    return (await this.store.sessionTokens([hash], this.now().toISOString())).get(hash);
  }

  /** Whether the request carries a session cookie at all (live or not). */
  hasCookie(request: FastifyRequest): boolean {
    return (request.headers.cookie ?? '').includes(`${SESSION_COOKIE}=`);
  }

  /** The request's live session, or undefined (no cookie, or one that names no live session). */
  current(request: FastifyRequest): Promise<WebSession | undefined> {
    let found = this.seen.get(request);
    if (!found) {
      found = this.lookUp(request);
      this.seen.set(request, found);
    }
    return found;
  }

  private async lookUp(request: FastifyRequest): Promise<WebSession | undefined> {
    const secret = cookiesOf(request).get(SESSION_COOKIE);
    if (!secret || !SECRET.test(secret)) return undefined;
    const hash = sha256(secret);
    const token = await this.tokenOf(hash);
    return token ? { token, actor: tokenActor(token), csrf: csrfOf(secret), hash } : undefined;
  }

  /** Signs in with a token's secret: a new session, its cookie set on the reply. */
  async signIn(request: FastifyRequest, reply: FastifyReply, tokenSecret: string): Promise<TokenRecord> {
    const token = await this.auth.authenticateSecret(tokenSecret);
    const secret = randomBytes(32).toString('base64url');
    const now = this.now();
    const expires = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
    await this.store.createSession({ hash: sha256(secret), tokenId: token.id, createdAt: now.toISOString(), expiresAt: expires.toISOString() });
    reply.header('Set-Cookie', [setCookie(request, SESSION_COOKIE, secret, SESSION_HOURS * 3600), setCookie(request, SIGN_IN_COOKIE, '', 0, '/sign-in')]);
    return token;
  }

  /** Ends the request's session (if any) and clears its cookie. */
  async signOut(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const session = await this.current(request);
    if (session) await this.store.endSession(session.hash);
    reply.header('Set-Cookie', setCookie(request, SESSION_COOKIE, '', 0));
  }

  /** The request's session, with its form's CSRF token checked: 401 without a session, 403 with a wrong or missing token. */
  async forForm(request: FastifyRequest, csrf: unknown): Promise<WebSession> {
    checkOrigin(request);
    const session = await this.current(request);
    if (!session) throw new ApiError('unauthenticated', 'sign in first: your session ended or was never started, and nothing was done');
    if (typeof csrf !== 'string' || !same(csrf, session.csrf)) throw csrfRefusal();
    return session;
  }
}

export const csrfRefusal = (): ApiError =>
  new ApiError(
    'forbidden',
    "this form's security token is missing or not this session's (a page of another site, or a page from before you signed in again): nothing was done; reload the page and try again",
  );

/** The double-submit token of the sign-in form: a new random value, set as a cookie for the form to repeat. */
export function signInToken(request: FastifyRequest, reply: FastifyReply): string {
  const value = randomBytes(18).toString('base64url');
  reply.header('Set-Cookie', setCookie(request, SIGN_IN_COOKIE, value, SIGN_IN_MINUTES * 60, '/sign-in'));
  return value;
}

/** Checks the sign-in form's token against its cookie (403 when they differ). */
export function checkSignInToken(request: FastifyRequest, value: unknown): void {
  checkOrigin(request);
  const expected = cookiesOf(request).get(SIGN_IN_COOKIE);
  if (typeof value !== 'string' || expected === undefined || !same(value, expected)) throw csrfRefusal();
}

/** A path of this site to go to after a form (`/products/x#port-y`), or `fallback` for anything else (no open redirects). */
export function localPath(next: unknown, fallback: string): string {
  // eslint-disable-next-line no-control-regex
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.includes('\\') || /[\u0000-\u001f]/.test(next)) return fallback;
  return next.length <= 500 ? next : fallback;
}
