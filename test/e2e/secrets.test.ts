/**
 * Secrets never reach logs or messages: tokens sent in URLs are refused and
 * never written to the server's request log; catalog URLs with a password
 * never print it, in any message of any command (with --debug and --json
 * too), in the server's logs, or when the database fails under a running
 * server. The output is grepped for the secret.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dp, type CliResult } from '../support/cli.js';
import { pgSuiteMode, startPostgres, type TestPostgres } from '../support/postgres.js';
import { tempDir } from '../support/product.js';
import { api, createToken, dpWithToken, startServer, writeMesh } from './server-harness.js';

const SECRET = 'Hunter2Secret';
const mode = pgSuiteMode();

let root: string;
let cleanup: () => void;
let catalog: string;

beforeAll(() => {
  ({ dir: root, cleanup } = tempDir('dp-e2e-secrets-'));
  catalog = join(root, 'catalog.db');
  writeMesh(root);
});
afterAll(() => cleanup?.());

function expectNoSecret(r: CliResult | string, secret = SECRET): void {
  const text = typeof r === 'string' ? r : r.stdout + r.stderr;
  expect(text).not.toContain(secret);
  // Nor a recognisable piece of it (a password split by parsing).
  expect(text).not.toMatch(new RegExp(secret.slice(3, 10)));
}

describe('tokens in URLs', () => {
  it('are refused (400) and never written to the request log, with open reads and with --auth-reads', async () => {
    const team = createToken(catalog, root, { team: 'player-team' }).token;
    for (const args of [[], ['--auth-reads']]) {
      const server = await startServer(catalog, root, args);
      try {
        const paths = [
          `/api/products?token=${team}`,
          `/api/products?limit=5&access_token=${team}`,
          `/?q=x&api_key=${SECRET}`,
          `/products/${team}`,
          `/api/products/play-events?t=${team.replace('_', '%5F')}`,
          `/mesh?password=${SECRET}`,
        ];
        for (const path of paths) {
          const answer = await api(server.url, path);
          expect(answer.status, path).toBe(400);
          expect(answer.body.error?.message ?? answer.body, path).toMatch(/never takes tokens from URLs|carries/);
        }
        // A request with the token where it belongs works (reads need it with --auth-reads).
        expect((await api(server.url, '/api/products', { token: team })).status).toBe(200);
        await new Promise((r) => setTimeout(r, 100));
        const log = server.stderr();
        expect(log).toMatch(/"url":"\/api\/products\?token=\[redacted\]"/);
        expect(log).toMatch(/"url":"\/products\/\[redacted\]"/);
        expect(log).not.toContain(team.slice(4));
        expectNoSecret(log);
      } finally {
        await server.stop();
      }
    }
  });
});

describe('catalog URLs with a password', () => {
  const urls = [
    `postgres://dp:${SECRET}@127.0.0.1:1/catalog`,
    `postgres://dp:${SECRET}@no-such-host.invalid/catalog`,
    `postgresql://dp:${SECRET.slice(0, 6)}#${SECRET.slice(6)}@127.0.0.1:1/catalog`,
    `postgres://dp:${SECRET.slice(0, 6)}@${SECRET.slice(6)}@127.0.0.1:1/catalog`,
    `postgres://dp@127.0.0.1:1/catalog?password=${SECRET}`,
    `postgres://dp:${SECRET}@[::1/catalog`,
    `mysql://dp:${SECRET}@127.0.0.1/catalog`,
    `https://ci:${SECRET}@127.0.0.1:1`,
  ];
  const commands = [
    ['catalog', 'list'],
    ['catalog', 'doctor'],
    ['catalog', 'token', 'create', '--team', 'x'],
    ['publish', 'mesh'],
    ['catalog', 'serve', '--port', '0'],
  ];

  it('never print the password, in any command, with --debug or --json', () => {
    for (const url of urls) {
      for (const command of commands) {
        for (const extra of [[], ['--debug'], ['--json']]) {
          const r = dp([...command, '--catalog', url, ...extra], { cwd: root, timeout: 30_000 });
          expect(r.code, `${command.join(' ')} ${url} ${extra.join(' ')}: ${r.stderr}`).toBe(2);
          expectNoSecret(r);
        }
      }
    }
  }, 300_000);

  it('never print it from DP_CATALOG or dp.config.yaml either', () => {
    const url = `postgres://dp:${SECRET}@127.0.0.1:1/catalog?sslpassword=${SECRET}`;
    const fromEnv = dp(['catalog', 'list', '--debug'], { cwd: root, env: { DP_CATALOG: url } });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toMatch(/postgres:\/\/dp:\*\*\*@127\.0\.0\.1:1\/catalog\?sslpassword=\*\*\*/);
    expectNoSecret(fromEnv);
    const dir = join(root, 'configured');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'dp.config.yaml'), `catalog: "${url}"\n`);
    const fromConfig = dp(['catalog', 'list', '--debug'], { cwd: dir });
    expect(fromConfig.code).toBe(2);
    expectNoSecret(fromConfig);
  });
});

describe.runIf(mode.run)('a PostgreSQL catalog with a password', () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await startPostgres();
  });
  afterAll(async () => {
    await pg?.stop();
  });

  /** The URL of `database` with a user and this password (the test cluster trusts loopback logins). */
  const withPassword = (url: string, user = 'postgres', database?: string) => {
    const u = new URL(url);
    u.username = user;
    u.password = SECRET;
    if (database) u.pathname = `/${database}`;
    return u.toString();
  };

  it('never prints it when the database is missing or the login is refused', async () => {
    const admin = new URL(pg.url);
    const { default: pgLib } = await import('pg');
    const client = new pgLib.Client({ connectionString: pg.url });
    await client.connect();
    await client.query('CREATE ROLE dp_no_login NOLOGIN');
    await client.end();
    for (const url of [withPassword(pg.url, admin.username || 'postgres', 'no_such_database'), withPassword(pg.url, 'dp_no_login')]) {
      for (const extra of [[], ['--debug']]) {
        const r = dp(['catalog', 'list', '--catalog', url, ...extra], { cwd: root });
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/does not exist|refused the login/);
        expectNoSecret(r);
      }
    }
  });

  it("never prints it in a running server's logs, also when the database goes away under it", async () => {
    const url = withPassword(await pg.newDatabase(), new URL(pg.url).username || 'postgres');
    const admin = createToken(url, root, { admin: true }).token;
    const server = await startServer(url, root);
    try {
      expect(dpWithToken(['publish', 'mesh', '--catalog', server.url], root, admin).code).toBe(0);
      const { default: pgLib } = await import('pg');
      const client = new pgLib.Client({ connectionString: pg.url });
      await client.connect();
      await client.query(`DROP DATABASE ${new URL(url).pathname.slice(1)} WITH (FORCE)`);
      await client.end();
      expect((await api(server.url, '/api/products?q=zzz')).status).toBe(503);
      expect((await api(server.url, '/readyz')).status).toBe(503);
    } finally {
      await server.stop();
    }
    expect(server.stderr()).toMatch(/request failed/);
    expectNoSecret(server.stderr());
  });
});
