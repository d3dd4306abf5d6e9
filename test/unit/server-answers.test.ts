/**
 * The server's answers at its edges, in process (fastify's inject on a real
 * SQLite catalog): a storage that refuses a write is 503 `storage` (SQLite's
 * own SQLITE_FULL, from a page limit on the file), a body that is not JSON is
 * 415, /readyz tells nothing to a caller without a token under --auth-reads,
 * and cache keys come from the route and its declared parameters only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { openSqliteStore, type SqliteStore } from '../../src/catalog/sqlite/store.js';
import { buildServer } from '../../src/server/app.js';
import { generateToken } from '../../src/server/auth.js';
import { ResolvedPolicy } from '../../src/validate/policies/policy.js';
import { presetSettings } from '../../src/validate/policies/presets.js';
import { RULE_DOCS } from '../../src/validate/rules/docs.js';
import { clone, playerProduct, publishLocally, streamingMesh, toCandidate } from '../support/catalog.js';

const severities = new Map(RULE_DOCS.map((r) => [r.id, r.severity]));
const policy = new ResolvedPolicy('recommended', presetSettings('recommended', RULE_DOCS), [], process.cwd(), (id) => severities.get(id) ?? 'error');

let dir: string;
let store: SqliteStore;
let app: FastifyInstance;
let admin: string;

async function serve(authReads = false): Promise<void> {
  app = buildServer({ store, policy, authReads, bodyLimit: 1 << 20, warm: false });
  await app.ready();
}

function publishBody(version: string) {
  const p = clone(playerProduct());
  p.descriptor.version = version;
  return {
    candidates: [
      {
        source: 'play-events',
        documents: {
          descriptor: { file: 'dataproduct.odps.yaml', text: stringify(p.descriptor) },
          contracts: [{ file: 'contracts/events.odcs.yaml', text: stringify(p.contracts.events) }],
        },
      },
    ],
  };
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dp-server-answers-'));
  store = await openSqliteStore(join(dir, 'catalog.db'), { mode: 'write' });
  await publishLocally(store, streamingMesh().map(toCandidate), { publisher: 'seed' });
  const token = generateToken({ admin: true });
  await store.createToken(token.record);
  admin = token.secret;
});
afterEach(async () => {
  await app?.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a full storage', () => {
  it('answers 503 with a storage error, stores nothing, and publishing works again once there is room', async () => {
    await serve();
    const db = (store as unknown as { db: import('better-sqlite3').Database }).db;
    const pages = db.pragma('page_count', { simple: true }) as number;
    // SQLite refuses to grow the file beyond this: SQLITE_FULL, as on a full disk.
    db.pragma(`max_page_count = ${pages}`);
    const full = await app.inject({ method: 'POST', url: '/api/publish', headers: { authorization: `Bearer ${admin}` }, payload: publishBody('1.0.1') });
    expect(full.statusCode).toBe(503);
    expect(full.json().error).toMatchObject({ code: 'storage', message: expect.stringMatching(/storage cannot take the write .* was not stored/) });
    expect((await store.listVersions('play-events')).map((v) => v.version)).toEqual(['1.0.0']);
    db.pragma('max_page_count = 1073741823');
    const after = await app.inject({ method: 'POST', url: '/api/publish', headers: { authorization: `Bearer ${admin}` }, payload: publishBody('1.0.1') });
    expect(after.statusCode).toBe(200);
    expect(await store.checkIntegrity()).toEqual([]);
  });
});

describe('request bodies', () => {
  it('answers 415 to a text/plain body, and to any body that is not JSON', async () => {
    await serve();
    for (const type of ['text/plain', 'text/plain; charset=utf-8', 'application/xml', 'multipart/form-data; boundary=x']) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/publish',
        headers: { authorization: `Bearer ${admin}`, 'content-type': type },
        payload: JSON.stringify(publishBody('1.0.1')),
      });
      expect(r.statusCode, type).toBe(415);
      expect(r.json().error.code).toBe('unsupported-media-type');
    }
  });

  it('answers 415 to a compressed body rather than reading it as JSON text', async () => {
    await serve();
    const r = await app.inject({
      method: 'POST',
      url: '/api/publish',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: JSON.stringify(publishBody('1.0.1')),
    });
    expect(r.statusCode).toBe(415);
    expect(r.json().error.message).toMatch(/encoded \(gzip\)/);
    expect((await store.listVersions('play-events')).length).toBe(1);
  });
});

describe('the request timeout', () => {
  it('answers 503 to a read that is not answered in time (a database that hangs)', async () => {
    // Every read of the server starts with the catalog's change stamp (src/server/read-model/).
    const hanging = new Proxy(store, {
      get: (target, name) => (name === 'changeStamp' ? () => new Promise(() => undefined) : Reflect.get(target, name, target)),
    });
    app = buildServer({
      store: hanging,
      policy,
      authReads: false,
      bodyLimit: 1 << 20,
      cache: false,
      timeouts: { headerMs: 1000, bodyMs: 1000, idleMs: 1000, requestMs: 300 },
    });
    await app.ready();
    const started = Date.now();
    const r = await app.inject({ url: '/api/products' });
    expect(r.statusCode).toBe(503);
    expect(r.json().error).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/request timeout/) });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('the idle timeout', () => {
  it('does not cut a connection while the server works on its answer, only the request timeout does', async () => {
    const slow = new Proxy(store, {
      get: (target, name) =>
        name === 'changeStamp' ? () => new Promise((r) => setTimeout(r, 1500)).then(() => target.changeStamp()) : Reflect.get(target, name, target),
    });
    app = buildServer({
      store: slow,
      policy,
      authReads: false,
      bodyLimit: 1 << 20,
      cache: false,
      timeouts: { headerMs: 1000, bodyMs: 1000, idleMs: 500, requestMs: 5000 },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    const r = await fetch(`http://127.0.0.1:${port}/api/products`);
    expect(r.status).toBe(200);
    expect(((await r.json()) as { total: number }).total).toBe(3);
  });
});

describe('/readyz', () => {
  it('tells the cache and connections only to token holders when reads need a token', async () => {
    await serve(true);
    const open = await app.inject({ url: '/readyz' });
    expect(open.statusCode).toBe(200);
    expect(open.json()).toEqual({ status: 'ready' });
    const bad = await app.inject({ url: '/readyz', headers: { authorization: 'Bearer dpt_nonsense' } });
    expect(bad.json()).toEqual({ status: 'ready' });
    const told = await app.inject({ url: '/readyz', headers: { authorization: `Bearer ${admin}` } });
    expect(told.json()).toMatchObject({ status: 'ready', cache: { entries: expect.any(Number), bytes: expect.any(Number) }, connections: { max: 1000 } });
  });

  it('tells them to anyone when reads are open', async () => {
    await serve();
    expect((await app.inject({ url: '/readyz' })).json()).toMatchObject({ status: 'ready', cache: { entries: 0 } });
  });
});

describe('cache keys', () => {
  it('are the route and its declared parameters: reordered, defaulted and unknown parameters share one entry', async () => {
    await serve();
    const entries = async () => (await app.inject({ url: '/readyz' })).json().cache.entries as number;
    const urls = [
      '/api/products?limit=2&offset=1',
      '/api/products?offset=1&limit=2',
      '/api/products?offset=1&limit=2&junk=x',
      '/api/products?offset=1&limit=2&j%20k=1&junk=y',
    ];
    const bodies = new Set<string>();
    for (const url of urls) bodies.add((await app.inject({ url })).body);
    expect(bodies.size).toBe(1);
    expect(await entries()).toBe(1);
    await app.inject({ url: '/api/products' });
    await app.inject({ url: '/api/products?limit=100&offset=0' });
    expect(await entries()).toBe(2);
    for (const url of ['/products/play-events', '/products/play-events?utm_source=mail', '/api/products/play-events?x=1', '/api/products/play-events']) {
      expect((await app.inject({ url })).statusCode).toBe(200);
    }
    expect(await entries()).toBe(4);
  });

  it('keep no answer for an unknown product, a search matching nothing, or an unknown page', async () => {
    await serve();
    for (const url of [
      '/api/products/zz/versions',
      '/api/products/zz/upstream',
      '/api/products/play-events/consumers?port=zz',
      '/api/products?q=zzzz',
      '/?q=zzzz',
      '/products/zz',
      '/api/products/zz',
      '/mesh?domain=zz',
    ]) {
      const r = await app.inject({ url });
      expect([200, 404], url).toContain(r.statusCode);
    }
    expect((await app.inject({ url: '/readyz' })).json().cache.entries).toBe(0);
  });
});
