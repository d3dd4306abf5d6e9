/** Tokens: generated secrets, stored hashes, headers, constant-time check, revocation and team ownership. */
import { describe, expect, it } from 'vitest';
import type { CatalogStore, TokenRecord } from '../../src/catalog/store.js';
import { Authenticator, generateToken, hashToken, mayPublish, tokenFromHeader } from '../../src/server/auth.js';
import { ApiError } from '../../src/server/errors.js';

function fakeStore(records: TokenRecord[]): CatalogStore & { touches: string[] } {
  const touches: string[] = [];
  return {
    touches,
    findToken: async (hash: string) => records.find((r) => r.hash === hash && !r.revokedAt),
    touchToken: async (id: string) => void touches.push(id),
  } as unknown as CatalogStore & { touches: string[] };
}

const live = (t: ReturnType<typeof generateToken>): TokenRecord => ({ ...t.record, revokedAt: null, lastUsedAt: null });

describe('token generation', () => {
  it('gives a dpt_ secret with 256 random bits and stores only its sha256', () => {
    const t = generateToken({ team: 'player-team', description: 'ci' }, new Date('2026-01-01T00:00:00Z'));
    expect(t.secret).toMatch(/^dpt_[A-Za-z0-9_-]{43}$/);
    expect(t.record.hash).toBe(hashToken(t.secret));
    expect(t.record.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(t.record)).not.toContain(t.secret);
    expect(t.record).toMatchObject({ team: 'player-team', admin: false, description: 'ci', createdAt: '2026-01-01T00:00:00.000Z' });
    expect(generateToken({ team: 'x' }).secret).not.toBe(t.secret);
  });

  it('an admin token has no team', () => {
    expect(generateToken({ team: 'ignored', admin: true }).record).toMatchObject({ admin: true, team: null });
  });
});

describe('reading the Authorization header', () => {
  it('accepts Bearer, and Basic with the token as password (browsers)', () => {
    expect(tokenFromHeader('Bearer abc')).toBe('abc');
    expect(tokenFromHeader('bearer   abc')).toBe('abc');
    expect(tokenFromHeader(`Basic ${Buffer.from('me:abc').toString('base64')}`)).toBe('abc');
    expect(tokenFromHeader('Basic bm9jb2xvbg==')).toBeUndefined();
    expect(tokenFromHeader('Digest x')).toBeUndefined();
    expect(tokenFromHeader(undefined)).toBeUndefined();
  });
});

describe('Authenticator', () => {
  it('finds a live token by its hash and records its use at most once a minute', async () => {
    const t = generateToken({ team: 'player-team' });
    const store = fakeStore([live(t)]);
    const auth = new Authenticator(store);
    expect((await auth.authenticate(`Bearer ${t.secret}`)).id).toBe(t.record.id);
    await auth.authenticate(`Bearer ${t.secret}`);
    expect(store.touches).toEqual([t.record.id]);
  });

  it('refuses a missing, malformed, unknown or revoked token with 401 and a challenge', async () => {
    const t = generateToken({ team: 'player-team' });
    const revoked = generateToken({ team: 'player-team' });
    const auth = new Authenticator(fakeStore([live(t), { ...live(revoked), revokedAt: '2026-01-01T00:00:00Z' }]));
    for (const header of [undefined, 'Bearer nope', `Bearer ${t.secret}x`, `Bearer ${revoked.secret}`]) {
      const error = await auth.authenticate(header).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(401);
      expect((error as ApiError).headers['WWW-Authenticate']).toMatch(/Bearer/);
    }
  });
});

describe('ownership', () => {
  const team = live(generateToken({ team: 'player-team' }));
  const admin = live(generateToken({ admin: true }));
  it('a team token publishes only its team; admin publishes any', () => {
    expect(mayPublish(team, 'player-team')).toBe(true);
    expect(mayPublish(team, 'listener-team')).toBe(false);
    expect(mayPublish(team, null)).toBe(false);
    expect(mayPublish(admin, 'listener-team')).toBe(true);
    expect(mayPublish(admin, null)).toBe(true);
  });
});
