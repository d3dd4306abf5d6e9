/**
 * Operating the catalog server on SQLite: tokens (list, revoke), several
 * servers on one catalog, --auth-reads, graceful shutdown, --workers, and how
 * the client reports servers that are down, silent or not dp catalogs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoStack } from '../support/cli.js';
import { tempDir } from '../support/product.js';
import { stringify } from 'yaml';
import { playlistProduct } from '../support/catalog.js';
import { api, createToken, DP_BIN, dpWithToken, offer, playerOffer, servedMesh, startServer, type RunningServer } from './server-harness.js';

let root: string;
let cleanup: () => void;
let catalog: string;
let server: RunningServer;
let tokens: Record<string, string>;
let tokenIds: Record<string, string>;

beforeAll(async () => {
  ({ dir: root, cleanup } = tempDir('dp-e2e-server-ops-'));
  catalog = join(root, 'catalog.db');
  ({ server, tokens, ids: tokenIds } = await servedMesh(root, catalog, ['--quiet']));
});
afterAll(async () => {
  await server?.stop();
  cleanup?.();
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
      // It renders every product page into its cache at start.
      const total = (await api(other.url, '/api/products?limit=1000')).body.total;
      let ready = await api(other.url, '/readyz');
      for (let i = 0; i < 100 && ready.body.cache.warming.state === 'warming'; i += 1) {
        await new Promise((r) => setTimeout(r, 50));
        ready = await api(other.url, '/readyz');
      }
      expect(ready.body.cache.warming).toMatchObject({ state: 'done', pages: total });
      expect(ready.body.cache.entries).toBeGreaterThanOrEqual(total);
      // Those pages are of the state before the publish below: it must show at once all the same.
      const before = await api(other.url, '/api/products/play-events');
      const page = await fetch(`${other.url}/products/play-events`).then((r) => r.text());
      expect(await fetch(`${other.url}/products/play-events`).then((r) => r.text())).toBe(page);
      const next = `1.0.${Number(before.body.version.split('.')[2]) + 1}`;
      const published = await api(server.url, '/api/publish', { token: tokens['player-team'], body: playerOffer((p) => (p.descriptor.version = next)) });
      expect(published.status).toBe(200);
      expect((await api(other.url, '/api/products/play-events')).body.version).toBe(next);
      expect(await fetch(`${other.url}/products/play-events`).then((r) => r.text())).toContain(`v${next}`);
      expect((await api(other.url, '/api/products/play-events/versions')).body.items[0].version).toBe(next);
      // A new edge: playlist-features starts consuming play-events. The cached page of play-events, which
      // did not publish, shows its new consumer at once; the page of listener-sessions, untouched, stays the same.
      // (Its age may turn from "just now" into "1 minute ago" meanwhile.)
      const listenerPage = async () => (await fetch(`${other.url}/products/listener-sessions`).then((r) => r.text())).replace(/just now|\d+ \w+ ago/g, 'AGE');
      const listener = await listenerPage();
      const consumers = async () => (await fetch(`${other.url}/products/play-events`).then((r) => r.text())).match(/Consumed by:[^\n]*/)![0];
      expect(await consumers()).not.toContain('playlist-features');
      const playlist = playlistProduct();
      playlist.descriptor.version = '1.1.0';
      playlist.descriptor.inputPorts.push({ name: 'plays', version: '1.0.0', contractId: 'play-events-events' });
      const contract = { file: 'contracts/features.odcs.yaml', text: stringify(playlist.contracts.features) };
      const added = await api(server.url, '/api/publish', { token: tokens.admin, body: offer(stringify(playlist.descriptor), [contract]) });
      expect(added.status, JSON.stringify(added.body)).toBe(200);
      expect(await consumers()).toContain('playlist-features');
      expect(await listenerPage()).toBe(listener);
    } finally {
      await other.stop();
    }
  });
});

describe('server lifecycle and reads behind tokens', () => {
  it('with --auth-reads, reads need a token or a session (Basic works for browsers, pages go to sign-in); probes stay open; logs are JSON lines', async () => {
    const guarded = await startServer(catalog, root, ['--auth-reads']);
    try {
      expect((await api(guarded.url, '/api/products')).status).toBe(401);
      expect((await api(guarded.url, '/api/products', { token: tokens['listener-team'] })).body.total).toBe(3);
      // A page asked for without a token goes to the sign-in form (open), and comes back after it.
      const page = await fetch(`${guarded.url}/`, { headers: { accept: 'text/html' }, redirect: 'manual' });
      expect(page.status).toBe(303);
      expect(page.headers.get('location')).toBe('/sign-in?next=%2F');
      expect((await fetch(`${guarded.url}/sign-in?next=%2F`)).status).toBe(200);
      // A wrong token is still a 401 with the challenge (for clients sending one).
      const wrong = await fetch(`${guarded.url}/`, { headers: { accept: 'text/html', authorization: 'Bearer dpt_wrong' } });
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('www-authenticate')).toMatch(/Basic/);
      const basic = Buffer.from(`reader:${tokens['listener-team']}`).toString('base64');
      expect((await fetch(`${guarded.url}/`, { headers: { authorization: `Basic ${basic}` } })).status).toBe(200);
      expect((await api(guarded.url, '/healthz')).status).toBe(200);
    } finally {
      expect(await guarded.stop()).toBe(0);
    }
    const lines = guarded
      .stderr()
      .split('\n')
      .filter((l) => l.startsWith('{'));
    const logged = lines.map((l) => JSON.parse(l) as { url?: string; status?: number; ms?: number });
    expect(logged.some((l) => l.url === '/api/products' && l.status === 401 && typeof l.ms === 'number')).toBe(true);
    expect(guarded.stderr()).toMatch(/SIGTERM received, stopped serving/);
  });

  it('finishes a request in flight on SIGTERM, then exits 0', async () => {
    const s = await startServer(catalog, root, ['--quiet']);
    const { Agent, request } = await import('node:http');
    // One kept-alive connection, already accepted by the server, carries the slow publish.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = (path: string) => new Promise<void>((resolve) => request(`${s.url}${path}`, { agent }, (res) => res.resume().on('end', resolve)).end());
    await get('/healthz');
    const body = JSON.stringify({ candidates: Array.from({ length: 40 }, () => playerOffer().candidates[0]) });
    let sent!: () => void;
    const written = new Promise<void>((resolve) => (sent = resolve));
    const answer = new Promise<number>((resolve) => {
      const req = request(
        `${s.url}/api/publish`,
        { agent, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.admin}` } },
        (res) => {
          res.resume().on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('finish', sent);
      req.end(body);
    });
    await written;
    await new Promise((r) => setTimeout(r, 300));
    const code = s.stop();
    expect(await answer).toBe(200);
    expect(await code).toBe(0);
    agent.destroy();
  });

  it('--workers 2 serves from two processes on one port and stops them all on SIGTERM (exit 0)', async () => {
    const s = await startServer(catalog, root, ['--quiet', '--workers', '2']);
    const answers = await Promise.all(Array.from({ length: 10 }, () => api(s.url, '/api/products')));
    expect(answers.every((a) => a.status === 200 && a.body.total === 3)).toBe(true);
    expect(s.stderr()).toMatch(/2 server workers/);
    expect(await s.stop()).toBe(0);
    expect(s.stderr()).toMatch(/SIGTERM received, stopping 2 workers/);
  });

  it('--workers replaces a worker that dies, and gives up (exit 2) when replacements keep dying at start', async () => {
    const own = join(root, 'workers.db');
    const s = await startServer(own, root, ['--quiet', '--workers', '2']);
    const workers = () =>
      execFileSync('pgrep', ['-P', String(s.child.pid)], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .map(Number);
    const [first] = workers();
    process.kill(first, 'SIGKILL');
    await expect.poll(() => s.stderr(), { timeout: 20_000 }).toMatch(new RegExp(`server worker ${first} died \\(SIGKILL\\); starting another`));
    await expect.poll(() => workers().length, { timeout: 20_000 }).toBe(2);
    expect((await api(s.url, '/api/products')).status).toBe(200);
    // The catalog becomes unreadable: every replacement dies at start, after longer and longer pauses.
    for (const suffix of ['', '-wal', '-shm']) if (existsSync(own + suffix)) renameSync(own + suffix, `${own}${suffix}.moved`);
    writeFileSync(own, 'not a database at all'.repeat(100));
    for (const pid of workers()) process.kill(pid, 'SIGKILL');
    const started = Date.now();
    const code = await new Promise<number | null>((resolve) => s.child.once('exit', (c) => resolve(c)));
    expect(code).toBe(2);
    // Pauses double from 250 ms with the deaths at start in a row (restartPause, unit-tested). Both workers' replacements
    // die in parallel and share that count, so which steps of the series are said depends on their timing: each pause
    // said is a step of it, and none is shorter than one before.
    const pauses = [...s.stderr().matchAll(/starting another in (\d+) ms/g)].map((m) => Number(m[1]));
    expect(pauses.length).toBeGreaterThanOrEqual(1);
    expect(pauses.every((p) => [250, 500, 1000, 2000, 4000].includes(p))).toBe(true);
    expect(pauses.every((p, i) => i === 0 || p >= pauses[i - 1])).toBe(true);
    expect(s.stderr()).toMatch(/server workers died at start 5 times in a row \(last: .*not a dp catalog.*\); giving up/);
    expect(Date.now() - started).toBeLessThan(30_000);
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
      const r = await dpAsync(['publish', 'mesh/play-events', '--catalog', `http://127.0.0.1:${port}`], {
        DP_CATALOG_TOKEN: tokens.admin,
        DP_CATALOG_TIMEOUT_MS: '500',
      });
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
    execFile(
      process.execPath,
      [DP_BIN, ...args],
      { cwd: root, env: { ...process.env, CI: 'true', NO_COLOR: '1', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
      },
    );
  });
}
