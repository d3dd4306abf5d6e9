/**
 * dp test end to end on a real PostgreSQL: clean and defective tables, case of
 * names, credentials from the environment only, an unreachable server, writes
 * refused and a statement timeout; the data is never changed.
 */
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult, TestRun } from '../../src/data/types.js';
import { dp, expectNoStack } from '../support/cli.js';
import { dataContract, writeDataProduct } from '../support/data.js';
import { pgSuiteMode, startPostgres, type TestPostgres } from '../support/postgres.js';
import { tempDir } from '../support/product.js';

const mode = pgSuiteMode();

const TABLE = `CREATE TABLE plays (play_id varchar(36) NOT NULL, "Listener_Email" text, country text, played_at timestamptz, duration_ms bigint, note text)`;
const CLEAN = `INSERT INTO plays SELECT 'p' || g, 'u' || g || '@example.com', (ARRAY['SE', 'NO', 'FI'])[1 + g % 3], now() - g * interval '10 seconds', g * 7, NULL FROM generate_series(0, 999) g`;

if (mode.failReason) {
  describe('dp test on PostgreSQL', () => {
    it('needs PostgreSQL', () => {
      throw new Error(mode.failReason);
    });
  });
} else if (mode.run) {
  let server: TestPostgres;
  let root: string;
  let cleanup: () => void;

  beforeAll(async () => {
    server = await startPostgres();
    ({ dir: root, cleanup } = tempDir('dp-e2e-test-pg-'));
  });
  afterAll(async () => {
    cleanup?.();
    await server?.stop();
  });

  async function database(statements: string[]): Promise<{ url: string; query: (sql: string) => Promise<pg.QueryResult> }> {
    const url = await server.newDatabase();
    const query = async (sql: string): Promise<pg.QueryResult> => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        return await client.query(sql);
      } finally {
        await client.end();
      }
    };
    for (const sql of statements) await query(sql);
    return { url, query };
  }

  function productFor(name: string, url: string, mutate: (c: Record<string, any>) => void = () => undefined, serverName = 'warehouse'): string {
    const u = new URL(url);
    const contract = dataContract({
      server: serverName,
      type: 'postgres',
      environment: 'dev',
      host: u.hostname,
      port: Number(u.port),
      database: u.pathname.slice(1),
      schema: 'public',
    });
    contract.schema[0].properties[1].physicalName = 'listener_email';
    mutate(contract);
    return writeDataProduct(join(root, name), contract);
  }

  /** The login of the test server (the throwaway cluster's `dp`, or the user of DP_TEST_PG_URL), as libpq variables. */
  const login = (): Record<string, string> => {
    const u = new URL(server.url);
    return { PGUSER: decodeURIComponent(u.username) || 'dp', PGPASSWORD: decodeURIComponent(u.password) };
  };

  function run(dir: string, args: string[] = [], env: Record<string, string> = login()): { code: number; report: TestRun; stderr: string } {
    const r = dp(['test', '--format', 'json', ...args], { cwd: dir, env: { PGUSER: '', PGPASSWORD: '', ...env } });
    expectNoStack(r);
    return { code: r.code, report: JSON.parse(r.stdout) as TestRun, stderr: r.stderr };
  }

  const find = (report: TestRun, check: string, field?: string): CheckResult =>
    report.results.find((r) => r.check === check && (field === undefined || r.field === field))!;

  describe('dp test on PostgreSQL', () => {
    it('passes a clean table; a column in another case matches; undeclared columns are warnings', async () => {
      const { url } = await database([TABLE, CLEAN]);
      const { code, report, stderr } = run(productFor('clean', url));
      expect(stderr).toMatch(/on server warehouse \(postgres, the only server\)/);
      expect(report.results.filter((r) => r.status === 'error')).toEqual([]);
      expect(code).toBe(0);
      expect(report.ports[0].message).toMatch(/^PostgreSQL 1\d/);
      expect(find(report, 'exists', 'listener_email')).toMatchObject({ status: 'passed', message: 'present (matched `Listener_Email` ignoring case)' });
      expect(find(report, 'type', 'play_id')).toMatchObject({ status: 'passed', measured: 'character varying(36)' });
      expect(find(report, 'undeclaredColumn', 'note')).toMatchObject({ status: 'failed', severity: 'warning' });
      expect(find(report, 'rowCount')).toMatchObject({ measured: 1000 });
      expect(find(report, 'latency')).toMatchObject({ status: 'passed' });
    });

    it('fails on defects with samples, and changes nothing', async () => {
      const { url, query } = await database([
        TABLE,
        CLEAN,
        "UPDATE plays SET play_id = 'p1' WHERE play_id IN ('p2', 'p3')",
        "UPDATE plays SET country = 'XX', duration_ms = -1 WHERE play_id = 'p10'",
        "UPDATE plays SET played_at = now() - interval '3 years' WHERE play_id = 'p20'",
      ]);
      const before = (await query("SELECT md5(string_agg(p::text, ',' ORDER BY p::text)) AS h FROM plays p")).rows[0].h;
      const { code, report } = run(productFor('defects', url));
      expect(code).toBe(1);
      expect(find(report, 'duplicateValues', 'play_id')).toMatchObject({ status: 'failed', measured: 2 });
      expect(report.results.find((r) => r.check === 'primaryKey' && r.status === 'failed')!.samples).toEqual({
        columns: ['play_id', 'occurrences'],
        rows: [['p1', 3]],
        masked: [],
      });
      expect(find(report, 'invalidValues', 'country')).toMatchObject({ status: 'failed', measured: 1, samples: { rows: [['p10', 'XX']] } });
      expect(find(report, 'minimum', 'duration_ms')).toMatchObject({ status: 'failed', measured: 1 });
      expect(find(report, 'retention')).toMatchObject({ status: 'failed' });
      expect(find(report, 'sql')).toMatchObject({ status: 'failed', measured: 1 });
      expect((await query("SELECT md5(string_agg(p::text, ',' ORDER BY p::text)) AS h FROM plays p")).rows[0].h).toBe(before);
    });

    it('a valid unique index answers uniqueness without grouping rows; a partial one does not', async () => {
      const tuple = (c: Record<string, any>) =>
        c.schema[0].quality.push({ metric: 'duplicateValues', mustBe: 0, arguments: { properties: ['play_id', 'country'] } });
      const { url } = await database([TABLE, CLEAN, 'ALTER TABLE plays ADD PRIMARY KEY (play_id)']);
      const indexed = dp(['test', '--format', 'json', '--debug'], { cwd: productFor('indexed', url, tuple), env: { PGUSER: '', PGPASSWORD: '', ...login() } });
      expect(indexed.code).toBe(0);
      expect(indexed.stderr).toContain('pg_index');
      expect(indexed.stderr).not.toMatch(/GROUP BY "|GROUPING/);
      const report = JSON.parse(indexed.stdout) as TestRun;
      expect(report.results.filter((r) => r.check === 'duplicateValues').map((r) => [r.field ?? null, r.measured])).toEqual([
        [null, 0],
        ['play_id', 0],
      ]);
      const partial = await database([
        TABLE,
        CLEAN,
        "UPDATE plays SET play_id = 'p1' WHERE play_id = 'p2'",
        "CREATE UNIQUE INDEX ON plays (play_id) WHERE country = 'ZZ'",
      ]);
      const scanned = run(productFor('partial', partial.url, tuple));
      expect(scanned.code).toBe(1);
      expect(find(scanned.report, 'duplicateValues', 'play_id')).toMatchObject({ status: 'failed', measured: 1 });
    });

    it('refuses rules that write; the read-only transaction stops what the guard cannot see; a statement timeout applies', async () => {
      const { url, query } = await database([TABLE, CLEAN, 'CREATE SEQUENCE s']);
      const dir = productFor('writes', url, (c) =>
        c.schema[0].quality.push(
          { type: 'sql', query: 'DELETE FROM {object}', mustBe: 0 },
          { type: 'sql', query: 'SELECT 1; DROP TABLE plays', mustBe: 0 },
          { type: 'sql', query: 'WITH d AS (DELETE FROM plays RETURNING 1) SELECT count(*) FROM d', mustBe: 0 },
          { type: 'sql', query: "SELECT nextval('s')", mustBe: 0 },
          { type: 'sql', query: 'SELECT count(*) FROM pg_sleep(5), {object}', mustBe: 0 },
          { type: 'sql', query: 'SELECT count(*) FROM {object} WHERE nonsense >', mustBe: 0 },
        ),
      );
      const { code, report } = run(dir, ['--timeout', '1s']);
      expect(code).toBe(2);
      const messages = report.results.filter((r) => r.check === 'sql' && r.status === 'error').map((r) => r.message);
      expect(messages).toEqual([
        expect.stringMatching(/refused, not run: a rule must be a query/),
        expect.stringMatching(/refused, not run: .*more than one statement/),
        expect.stringMatching(/refused, not run: .*`DELETE`/),
        expect.stringMatching(/read-only transaction/),
        expect.stringMatching(/longer than the timeout/),
        expect.stringMatching(/syntax error/),
      ]);
      expect(find(report, 'rowCount')).toMatchObject({ status: 'passed', measured: 1000 });
      expect((await query('SELECT count(*)::int AS n FROM plays')).rows[0].n).toBe(1000);
      expect((await query('SELECT last_value, is_called FROM s')).rows[0].is_called).toBe(false);
    });

    it('takes credentials only from the environment: a refused login and an unreachable server are connection errors (exit 2)', async () => {
      const { url } = await database([TABLE, CLEAN]);
      const dir = productFor('login', url, () => undefined, 'prod-pg');
      const refused = run(dir, [], { PGUSER: 'nobody_here' });
      expect(refused.code).toBe(2);
      expect(refused.report.ports[0]).toMatchObject({
        status: 'error',
        message: expect.stringMatching(/refused the login.*DP_SERVER_PROD_PG_USER and DP_SERVER_PROD_PG_PASSWORD/),
      });
      const perServer = run(dir, [], { DP_SERVER_PROD_PG_USER: login().PGUSER, DP_SERVER_PROD_PG_PASSWORD: login().PGPASSWORD, PGUSER: 'nobody_here' });
      expect(perServer.code).toBe(0);
      const closed = productFor('closed', url.replace(/:\d+\//, ':1/'));
      const unreachable = run(closed);
      expect(unreachable.code).toBe(2);
      expect(unreachable.report.ports[0].message).toMatch(/cannot reach PostgreSQL at 127\.0\.0\.1:1\//);
    });
  });
}
