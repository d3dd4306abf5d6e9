/**
 * The catalog server end to end on SQLite: the built `dp catalog serve`, real
 * HTTP, `dp publish --catalog http://...` with team tokens, the API's error
 * codes, and the operations endpoints.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoStack } from '../support/cli.js';
import { playerProduct, clone } from '../support/catalog.js';
import { tempDir, writeProduct } from '../support/product.js';
import { api, createToken, DP_BIN, dpWithToken, startServer, writeMesh, type RunningServer } from './server-harness.js';

let root: string;
let cleanup: () => void;
let catalog: string;
let server: RunningServer;
let tokens: Record<string, string>;
let tokenIds: Record<string, string>;

const offer = (descriptor: string, contracts: Array<{ file: string; text: string }> = []) => ({
  candidates: [{ source: 'test', documents: { descriptor: { file: 'dataproduct.odps.yaml', text: descriptor }, contracts } }],
});

function playerOffer(mutate: (p: ReturnType<typeof playerProduct>) => void = () => {}) {
  const p = clone(playerProduct());
  mutate(p);
  return offer(stringify(p.descriptor), [{ file: 'contracts/events.odcs.yaml', text: stringify(p.contracts.events) }]);
}

beforeAll(async () => {
  ({ dir: root, cleanup } = tempDir('dp-e2e-server-'));
  catalog = join(root, 'catalog.db');
  writeMesh(root);
  tokens = {};
  tokenIds = {};
  for (const team of ['player-team', 'listener-team']) ({ token: tokens[team], id: tokenIds[team] } = createToken(catalog, root, { team }));
  ({ token: tokens.admin, id: tokenIds.admin } = createToken(catalog, root, { admin: true }));
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
    const a = await api(server.url, '/api/publish', { token: tokens.admin, body: offer('kind: DataProduct\napiVersion: v1.0.0\nid: broken\nversion: 1.0.0\nstatus: active\nbogus: 1\n') });
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
    const traversal = await api(server.url, '/api/publish', { token: tokens.admin, body: offer('id: x\n', [{ file: 'contracts/../../etc/x.odcs.yaml', text: 'a: 1' }]) });
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

describe('tokens', () => {
  it('lists tokens without secrets and revokes one, which stops working at once', async () => {
    const list = dpWithToken(['catalog', 'token', 'list', '--catalog', catalog, '--json'], root);
    expect(list.code).toBe(0);
    const listed = JSON.parse(list.stdout) as Array<Record<string, unknown>>;
    expect(listed.map((t) => t.id)).toEqual(expect.arrayContaining(Object.values(tokenIds)));
    expect(list.stdout).not.toMatch(/dpt_|"hash"/);
    const { token, id } = createToken(catalog, root, { team: 'player-team' });
    expect((await api(server.url, '/api/publish', { token, body: playerOffer() })).status).toBe(200);
    expect(dpWithToken(['catalog', 'token', 'revoke', id, '--catalog', catalog], root).code).toBe(0);
    expect((await api(server.url, '/api/publish', { token, body: playerOffer() })).status).toBe(401);
  });

  it('token create needs --team or --admin (exit 2)', () => {
    const r = dpWithToken(['catalog', 'token', 'create', '--catalog', catalog], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--team <name>/);
  });
});

describe('several servers on one catalog', () => {
  it('answer as one: a publish through one is visible at once through the other, cached pages included', async () => {
    const other = await startServer(catalog, root, ['--quiet']);
    try {
      const before = await api(other.url, '/api/products/play-events');
      const page = await fetch(`${other.url}/products/play-events`).then((r) => r.text());
      expect(await fetch(`${other.url}/products/play-events`).then((r) => r.text())).toBe(page);
      const next = `1.0.${Number(before.body.version.split('.')[2]) + 1}`;
      const published = await api(server.url, '/api/publish', { token: tokens['player-team'], body: playerOffer((p) => (p.descriptor.version = next)) });
      expect(published.status).toBe(200);
      expect((await api(other.url, '/api/products/play-events')).body.version).toBe(next);
      expect(await fetch(`${other.url}/products/play-events`).then((r) => r.text())).toContain(`v${next}`);
      expect((await api(other.url, '/api/products/play-events/versions')).body.items[0].version).toBe(next);
    } finally {
      await other.stop();
    }
  });
});

describe('server lifecycle and reads behind tokens', () => {
  it('with --auth-reads, reads need a token (Basic works for browsers); probes stay open; logs are JSON lines', async () => {
    const guarded = await startServer(catalog, root, ['--auth-reads']);
    try {
      expect((await api(guarded.url, '/api/products')).status).toBe(401);
      expect((await api(guarded.url, '/api/products', { token: tokens['listener-team'] })).body.total).toBe(3);
      const page = await fetch(`${guarded.url}/`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(401);
      expect(page.headers.get('www-authenticate')).toMatch(/Basic/);
      const basic = Buffer.from(`reader:${tokens['listener-team']}`).toString('base64');
      expect((await fetch(`${guarded.url}/`, { headers: { authorization: `Basic ${basic}` } })).status).toBe(200);
      expect((await api(guarded.url, '/healthz')).status).toBe(200);
    } finally {
      expect(await guarded.stop()).toBe(0);
    }
    const lines = guarded.stderr().split('\n').filter((l) => l.startsWith('{'));
    const logged = lines.map((l) => JSON.parse(l) as { url?: string; status?: number; ms?: number });
    expect(logged.some((l) => l.url === '/api/products' && l.status === 401 && typeof l.ms === 'number')).toBe(true);
    expect(guarded.stderr()).toMatch(/SIGTERM received, stopped serving/);
  });

  it('finishes a request in flight on SIGTERM, then exits 0', async () => {
    const s = await startServer(catalog, root, ['--quiet']);
    const big = { candidates: Array.from({ length: 60 }, () => playerOffer().candidates[0]) };
    const pending = api(s.url, '/api/publish', { token: tokens.admin, body: big });
    await new Promise((r) => setTimeout(r, 30));
    const code = s.stop();
    const answer = await pending;
    expect(answer.status).toBe(200);
    expect(await code).toBe(0);
  });

  it('--workers 2 serves from two processes on one port and stops them all on SIGTERM (exit 0)', async () => {
    const s = await startServer(catalog, root, ['--quiet', '--workers', '2']);
    const answers = await Promise.all(Array.from({ length: 10 }, () => api(s.url, '/api/products')));
    expect(answers.every((a) => a.status === 200 && a.body.total === 3)).toBe(true);
    expect(s.stderr()).toMatch(/2 server workers/);
    expect(await s.stop()).toBe(0);
    expect(s.stderr()).toMatch(/SIGTERM received, stopping 2 workers/);
  });

  it('reports a port in use as a usage error (exit 2)', async () => {
    const port = new URL(server.url).port;
    const r = dpWithToken(['catalog', 'serve', '--catalog', catalog, '--port', port], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/already in use/);
  });
});

describe('client errors', () => {
  it('connection refused is a connection error (exit 2), never a success', async () => {
    const { createServer } = await import('node:net');
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    const r = dpWithToken(['publish', 'mesh/play-events', '--catalog', `http://127.0.0.1:${port}`], root, tokens.admin);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot reach the catalog server http:\/\/127\.0\.0\.1:\d+\/?: connection refused/);
    expectNoStack(r);
  });

  it('a server that never answers times out (exit 2)', async () => {
    const { createServer } = await import('node:net');
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const r = await dpAsync(['publish', 'mesh/play-events', '--catalog', `http://127.0.0.1:${port}`], { DP_CATALOG_TOKEN: tokens.admin, DP_CATALOG_TIMEOUT_MS: '500' });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/did not answer within/);
    } finally {
      silent.close();
    }
  });

  it('a server that is not a dp catalog is reported as such (exit 2)', async () => {
    const { createServer } = await import('node:http');
    const other = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const port = (other.address() as { port: number }).port;
    try {
      const r = await dpAsync(['publish', 'mesh/play-events', '--catalog', `http://127.0.0.1:${port}`], { DP_CATALOG_TOKEN: tokens.admin });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/did not answer as a dp catalog server/);
    } finally {
      other.close();
    }
  });
});

/** dp in a child process without blocking this one (the fake servers above live in this process). */
async function dpAsync(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve) => {
    execFile(process.execPath, [DP_BIN, ...args], { cwd: root, env: { ...process.env, CI: 'true', NO_COLOR: '1', ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}
