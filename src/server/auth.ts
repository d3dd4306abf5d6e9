/**
 * API tokens: `dpt_` + 32 random bytes (base64url). The store keeps only the
 * sha256 of a token; a request's token is hashed and looked up by that hash,
 * and the hashes are compared again in constant time before it is trusted.
 * A token is bound to a team (may publish that team's products) or is admin.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CatalogStore, TokenRecord } from '../catalog/store.js';
import { ApiError } from './errors.js';

export const TOKEN_PREFIX = 'dpt_';
const TOKEN_PATTERN = /^dpt_[A-Za-z0-9_-]{43}$/;
/** `lastUsedAt` is refreshed at most this often per token and process (it is informative). */
const TOUCH_INTERVAL_MS = 60_000;

export interface NewToken {
  /** The secret, shown once. */
  secret: string;
  record: Omit<TokenRecord, 'revokedAt' | 'lastUsedAt'>;
}

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function generateToken(scope: { team?: string; admin?: boolean; privacy?: boolean; description?: string }, now: Date = new Date()): NewToken {
  const secret = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const record = {
    id: randomBytes(6).toString('hex'),
    hash: hashToken(secret),
    team: scope.admin ? null : (scope.team ?? null),
    admin: Boolean(scope.admin),
    privacy: Boolean(scope.privacy) && !scope.admin,
    description: scope.description ?? null,
    createdAt: now.toISOString(),
  };
  return { secret, record };
}

/** The token of an `Authorization` header: `Bearer <token>`, or Basic with the token as password (for browsers). */
export function tokenFromHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, value = ''] = header.trim().split(/\s+/, 2);
  if (/^bearer$/i.test(scheme)) return value;
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon === -1 ? undefined : decoded.slice(colon + 1);
  }
  return undefined;
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

export const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="dp catalog", Basic realm="dp catalog"' };

export class Authenticator {
  private readonly touched = new Map<string, number>();

  constructor(private readonly store: CatalogStore) {}

  /** The live token of this header, or an ApiError `unauthenticated`. */
  async authenticate(header: string | undefined): Promise<TokenRecord> {
    const secret = tokenFromHeader(header);
    if (!secret) throw new ApiError('unauthenticated', 'this request needs a token: send "Authorization: Bearer <token>"', {}, CHALLENGE);
    return this.verify(secret, CHALLENGE);
  }

  /** The live token of this secret (a token typed into the sign-in form), or an ApiError `unauthenticated` without a challenge. */
  async authenticateSecret(secret: string): Promise<TokenRecord> {
    return this.verify(secret.trim(), {});
  }

  private async verify(secret: string, challenge: Record<string, string>): Promise<TokenRecord> {
    const hash = hashToken(secret);
    // The format check only avoids a lookup for garbage; it reveals nothing about valid tokens.
    const record = TOKEN_PATTERN.test(secret) ? await this.store.findToken(hash) : undefined;
    if (!record || !sameHash(record.hash, hash) || record.revokedAt) {
      throw new ApiError('unauthenticated', 'the token is not valid (unknown or revoked)', {}, challenge);
    }
    await this.touch(record);
    return record;
  }

  private async touch(record: TokenRecord): Promise<void> {
    const now = Date.now();
    if ((this.touched.get(record.id) ?? 0) > now - TOUCH_INTERVAL_MS) return;
    this.touched.set(record.id, now);
    await this.store.touchToken(record.id, new Date(now).toISOString());
  }
}

/** Whether a token may publish a product of this team (ODPS `team.name`); a privacy token publishes nothing. */
export function mayPublish(token: TokenRecord, team: string | null): boolean {
  if (token.admin) return true;
  if (token.privacy) return false;
  return token.team !== null && team !== null && token.team === team;
}

export function describeToken(token: TokenRecord): string {
  if (token.privacy) return `privacy token ${token.id} (${token.team})`;
  return token.admin ? `admin token ${token.id}` : `token ${token.id} of team ${token.team}`;
}
