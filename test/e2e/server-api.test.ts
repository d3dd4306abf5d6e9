/**
 * The catalog server end to end on SQLite: the built `dp catalog serve`, real
 * HTTP, `dp publish --catalog http://...` with team tokens, the read commands
 * over HTTP, the API's error codes, and the operations endpoints.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoStack } from '../support/cli.js';
import { playerProduct, clone } from '../support/catalog.js';
import { tempDir, writeProduct } from '../support/product.js';
import { api, createToken, dpWithToken, offer, playerOffer, startServer, writeMesh, type RunningServer } from './server-harness.js';

let root: string;
let cleanup: () => void;
let catalog: string;
let server: RunningServer;
let tokens: Record<string, string>;

beforeAll(async () => {
  ({ dir: root, cleanup } = tempDir('dp-e2e-server-'));
  catalog = join(root, 'catalog.db');
  writeMesh(root);
  tokens = {};
  for (const team of ['player-team', 'listener-team']) tokens[team] = createToken(catalog, root, { team }).token;
  tokens.admin = createToken(catalog, root, { admin: true }).token;
  server = await startServer(catalog, root);
});
afterAll(async () => {
  await server?.stop();
  cleanup?.();
});

describe('dp publish through the catalog server', () => {
  it('refuses to publish without a token (exit 2, says which variable to set)', () => {
    const r = dpWithToken(['publish', 'mesh/play-events', '--catalog', server.url], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs a token/);
    expect(r.stderr).toMatch(/DP_CATALOG_TOKEN/);
    expectNoStack(r);
  });

  it('rejects an unknown token with 401 mapped to a configuration error (exit 2)', () => {
    const r = dpWithToken(['publish', 'mesh/play-events', '--catalog', server.url], root, 'dpt_' + 'x'.repeat(43));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/did not accept the request: the token is not valid/);
  });

  it("publishes with the team's token", () => {
    const r = dpWithToken(['publish', 'mesh/play-events', '--catalog', server.url], root, tokens['player-team']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/published play-events@1\.0\.0 \(new product\)/);
  });

  it("refuses another team's product as a refusal (exit 1), publishing nothing", () => {
    const r = dpWithToken(['publish', 'mesh/listener-sessions', '--catalog', server.url], root, tokens['player-team']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/refused listener-sessions@1\.0\.0/);
    expect(r.stdout).toMatch(/token \w+ of team player-team may not publish products of team listener-team/);
  });

  it('publishes the rest of the mesh with the owner and admin tokens; publishing again is unchanged', () => {
    expect(dpWithToken(['publish', 'mesh/listener-sessions', '--catalog', server.url], root, tokens['listener-team']).code).toBe(0);
    const admin = dpWithToken(['publish', 'mesh', '--catalog', server.url, '--publisher', 'ci-bot'], root, tokens.admin);
    expect(admin.code).toBe(0);
    expect(admin.stdout).toMatch(/published playlist-features@1\.0\.0/);
    expect(admin.stdout).toMatch(/unchanged play-events@1\.0\.0/);
  });

  it('refuses a breaking change without a new major, naming the affected consumer (exit 1)', () => {
    const dir = join(root, 'mesh', 'play-events');
    const before = readFileSync(join(dir, 'contracts/events.odcs.yaml'), 'utf8');
    const broken = clone(playerProduct());
    broken.descriptor.version = '1.1.0';
    broken.contracts.events.schema[0].properties = broken.contracts.events.schema[0].properties.filter((p: { name: string }) => p.name !== 'duration_ms');
    const brokenDir = writeProduct(join(root, 'broken', 'play-events'), broken);
    const r = dpWithToken(['publish', brokenDir, '--catalog', server.url], root, tokens['player-team']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/breaking change/);
    expect(r.stdout).toMatch(/listener-sessions/);
    expect(readFileSync(join(dir, 'contracts/events.odcs.yaml'), 'utf8')).toBe(before);
  });

  it('dry run reports without storing', () => {
    const p = clone(playerProduct());
    p.descriptor.version = '1.2.0';
    p.descriptor.description.usage = 'Analytics and dashboards.';
    const dir = writeProduct(join(root, 'dry', 'play-events'), p);
    const r = dpWithToken(['publish', dir, '--catalog', server.url, '--dry-run'], root, tokens['player-team']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/would publish play-events@1\.2\.0/);
  });
});

describe('dp catalog read commands against the server URL', () => {
  it('list, show, versions, search, consumers, graph and diff read through the API', () => {
    const run = (...args: string[]) => dpWithToken([...args, '--catalog', server.url], root);
    const list = run('catalog', 'list', '--json');
    expect(list.code).toBe(0);
    expect(JSON.stringify(JSON.parse(list.stdout))).toMatch(/listener-sessions/);
    expect(run('catalog', 'show', 'play-events').stdout).toMatch(/play-events 1\.0\.0/);
    expect(run('catalog', 'versions', 'play-events').stdout).toMatch(/1\.0\.0/);
    expect(run('catalog', 'search', 'listening').stdout).toMatch(/listener-sessions/);
    expect(run('catalog', 'consumers', 'play-events:events').stdout).toMatch(/listener-sessions/);
    expect(run('catalog', 'graph').stdout).toMatch(/events/);
    expect(run('diff', 'play-events@1.0.0', 'play-events@1.0.0').code).toBe(0);
    const missing = run('catalog', 'show', 'nope');
    expect(missing.code).not.toBe(0);
    expectNoStack(missing);
  });
});

describe('publish API error codes', () => {
  it('422 with breaking changes and affected consumers', async () => {
    const a = await api(server.url, '/api/publish', {
      token: tokens['player-team'],
      body: playerOffer((p) => {
        p.descriptor.version = '1.1.0';
        p.contracts.events.schema[0].properties[2].logicalType = 'string';
      }),
    });
    expect(a.status).toBe(422);
    expect(a.body.error.code).toBe('refused');
    const o = a.body.error.outcomes[0];
    expect(o.status).toBe('refused');
    expect(o.refusals[0].code).toBe('breaking-needs-major');
    expect(o.changes.some((c: { class: string }) => c.class === 'breaking')).toBe(true);
    expect(o.affectedConsumers.map((e: { to: { product: string } }) => e.to.product)).toContain('listener-sessions');
  });

  it('409 when the version exists with other content', async () => {
    const a = await api(server.url, '/api/publish', { token: tokens['player-team'], body: playerOffer((p) => (p.descriptor.description.usage = 'Other.')) });
    expect(a.status).toBe(409);
    expect(a.body.error.code).toBe('conflict');
    expect(a.body.error.outcomes[0].refusals[0].code).toBe('version-exists');
  });

  it('422 with findings when the server validation fails, whatever the client said', async () => {
    const a = await api(server.url, '/api/publish', {
      token: tokens.admin,
      body: offer('kind: DataProduct\napiVersion: v1.0.0\nid: broken\nversion: 1.0.0\nstatus: active\nbogus: 1\n'),
    });
    expect(a.status).toBe(422);
    expect(a.body.error.outcomes[0].refusals[0].code).toBe('validation-failed');
    expect(a.body.error.findings.length).toBeGreaterThan(0);
    expect(a.body.error.findings[0]).toMatchObject({ ruleId: expect.any(String), file: 'dataproduct.odps.yaml', line: expect.any(Number) });
  });

  it('403 for a product of another team, with the outcome', async () => {
    const a = await api(server.url, '/api/publish', { token: tokens['listener-team'], body: playerOffer((p) => (p.descriptor.version = '1.0.1')) });
    expect(a.status).toBe(403);
    expect(a.body.error.code).toBe('forbidden');
    expect(a.body.error.outcomes[0].refusals[0].code).toBe('not-owner');
  });

  it('401 without or with a bad token, with a WWW-Authenticate challenge', async () => {
    const none = await api(server.url, '/api/publish', { body: playerOffer() });
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('unauthenticated');
    expect(none.headers.get('www-authenticate')).toMatch(/Bearer/);
    expect((await api(server.url, '/api/publish', { token: 'nonsense', body: playerOffer() })).status).toBe(401);
  });

  it('400 for malformed JSON, a missing field, or a file name leaving the product', async () => {
    const bad = await api(server.url, '/api/publish', { token: tokens.admin, raw: '{"candidates": [' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('malformed');
    expect((await api(server.url, '/api/publish', { token: tokens.admin, body: { nope: 1 } })).status).toBe(400);
    const traversal = await api(server.url, '/api/publish', {
      token: tokens.admin,
      body: offer('id: x\n', [{ file: 'contracts/../../etc/x.odcs.yaml', text: 'a: 1' }]),
    });
    expect(traversal.status).toBe(400);
    expect(traversal.body.error.message).toMatch(/contracts\/<name>\.odcs\.yaml/);
  });

  it('413 for a body over the limit', async () => {
    const a = await api(server.url, '/api/publish', { token: tokens.admin, body: offer(`description: "${'x'.repeat(1_100_000)}"\n`) });
    expect(a.status).toBe(413);
    expect(a.body.error.code).toBe('body-too-large');
  });

  it('415 for a body that is not JSON', async () => {
    const a = await api(server.url, '/api/publish', { token: tokens.admin, raw: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(a.status).toBe(415);
    expect(a.body.error.code).toBe('unsupported-media-type');
  });
});

describe('read API', () => {
  it('lists, searches and filters products', async () => {
    const all = await api(server.url, '/api/products');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(3);
    const search = await api(server.url, '/api/products?q=sessions');
    expect(search.body.items.map((p: { id: string }) => p.id)).toContain('listener-sessions');
    const byTeam = await api(server.url, '/api/products?team=player-team&limit=1');
    expect(byTeam.body.items).toHaveLength(1);
    expect((await api(server.url, '/api/products?limit=0')).status).toBe(400);
  });

  it('serves one product, a version, versions, consumers, upstream, edges and facets', async () => {
    const product = await api(server.url, '/api/products/play-events');
    expect(product.body).toMatchObject({ productId: 'play-events', version: '1.0.0', team: 'player-team' });
    expect(product.body.publisher).toMatch(/\(token \w+\)$/);
    expect((await api(server.url, '/api/products/play-events/versions/1.0.0')).body.version).toBe('1.0.0');
    expect((await api(server.url, '/api/products/play-events/versions')).body.items).toHaveLength(1);
    const consumers = await api(server.url, '/api/products/play-events/consumers?port=events');
    expect(consumers.body.items.map((e: { to: { product: string } }) => e.to.product)).toEqual(['listener-sessions']);
    expect((await api(server.url, '/api/products/playlist-features/upstream')).body.items[0].from.product).toBe('listener-sessions');
    expect((await api(server.url, '/api/edges')).body.items).toHaveLength(2);
    const facets = await api(server.url, '/api/facets');
    expect(facets.body.domains.map((d: { value: string }) => d.value).sort()).toEqual(['listener', 'player', 'playlist']);
  });

  it('answers 404 as JSON for unknown products and endpoints', async () => {
    const missing = await api(server.url, '/api/products/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'not-found', message: expect.stringContaining('nope') });
    expect((await api(server.url, '/api/nothing')).body.error.code).toBe('not-found');
  });

  it('serves an OpenAPI 3.1 description, health and readiness, with security headers', async () => {
    const doc = await api(server.url, '/api/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/publish', '/api/products', '/api/products/{id}', '/healthz', '/readyz']));
    expect((await api(server.url, '/healthz')).body).toEqual({ status: 'ok' });
    const ready = await api(server.url, '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(ready.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
