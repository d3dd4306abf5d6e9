/** dp test end to end on DuckDB: files (Parquet, CSV, JSON) and a database file, clean and with each kind of defect. */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult, TestRun } from '../../src/data/types.js';
import { dp, expectNoStack } from '../support/cli.js';
import { cleanPlays, dataContract, duck, writeDataProduct } from '../support/data.js';
import { tempDir } from '../support/product.js';

let root: string;
let cleanup: () => void;

beforeAll(() => ({ dir: root, cleanup } = tempDir('dp-e2e-test-')));
afterAll(() => cleanup());

async function product(name: string, rowsSql: string, mutate: (c: Record<string, any>) => void = () => undefined, format = 'parquet'): Promise<string> {
  const contract = dataContract();
  mutate(contract);
  const dir = writeDataProduct(join(root, name), contract);
  if (rowsSql) await duck([`COPY (${rowsSql}) TO '${join(dir, 'data', `plays.${format}`)}' (FORMAT ${format === 'json' ? 'json' : format})`]);
  return dir;
}

function run(dir: string, args: string[] = []): { code: number; report: TestRun; stderr: string; stdout: string } {
  const r = dp(['test', '--format', 'json', ...args], { cwd: dir });
  expectNoStack(r);
  return { code: r.code, report: JSON.parse(r.stdout) as TestRun, stderr: r.stderr, stdout: r.stdout };
}

const find = (report: TestRun, check: string, field?: string): CheckResult => {
  const found = report.results.find((r) => r.check === check && (field === undefined || r.field === field));
  if (!found) throw new Error(`no ${check} ${field ?? ''} in ${report.results.map((r) => `${r.check}:${r.field}`).join(' ')}`);
  return found;
};

describe('dp test on local files (DuckDB)', () => {
  it('passes clean data, every result carrying product, port, object, field, check, status, measured, threshold, severity and the rule position', async () => {
    const dir = await product('clean', cleanPlays());
    const { code, report, stderr } = run(dir);
    expect(stderr).toMatch(/testing play-events:events on server local \(local, the only server\)/);
    expect(code).toBe(0);
    expect(report.summary).toMatchObject({ ports: 1, failed: 0, errors: 0, failing: 0 });
    expect(report.ports[0]).toMatchObject({
      product: 'play-events',
      productVersion: '1.0.0',
      port: 'events',
      contract: 'play-events-events',
      contractVersion: '1.0.0',
      server: 'local',
      serverType: 'local',
      status: 'passed',
    });
    expect(report.ports[0].objects).toEqual([{ object: 'plays', relation: '"plays"', rows: 1000, watermark: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }]);
    expect(Date.now() - Date.parse(report.ports[0].objects![0].watermark!)).toBeLessThan(3600_000);
    const nulls = find(report, 'required', 'play_id');
    expect(nulls).toMatchObject({
      product: 'play-events',
      port: 'events',
      object: 'plays',
      category: 'schema',
      status: 'passed',
      measured: 0,
      threshold: { operator: 'mustBe', value: 0 },
      severity: 'error',
    });
    const contractText = readFileSync(join(dir, 'contracts', 'events.odcs.yaml'), 'utf8').split('\n');
    expect(nulls.location.file).toBe('contracts/events.odcs.yaml');
    expect(contractText[nulls.location.line - 1].slice(nulls.location.column - 1)).toMatch(/^true/);
    expect(find(report, 'rowCount')).toMatchObject({ measured: 1000, status: 'passed' });
    expect(find(report, 'latency')).toMatchObject({ status: 'passed', unit: 'seconds' });
    expect(find(report, 'sql')).toMatchObject({ status: 'passed', measured: 0 });
    expect(find(report, 'frequency')).toMatchObject({ status: 'skipped' });
    expect(find(report, 'type', 'played_at')).toMatchObject({ status: 'passed', measured: 'TIMESTAMP' });
  });

  it('fails on duplicates, nulls, stale and too-old rows, values outside the lists, patterns and ranges; samples mask restricted values', async () => {
    const defects = `SELECT CASE WHEN range < 3 THEN 'dup' ELSE 'p' || range END AS play_id,
      CASE WHEN range = 5 THEN 'not-an-email' ELSE 'u' || range || '@example.com' END AS listener_email,
      CASE WHEN range % 10 = 0 THEN 'XX' ELSE 'SE' END AS country,
      CASE WHEN range = 7 THEN NULL ELSE now()::TIMESTAMP - INTERVAL 2 DAY - to_days(range % 500) END AS played_at,
      CASE WHEN range = 8 THEN -5 ELSE range END AS duration_ms FROM range(1000)`;
    const dir = await product('defects', defects);
    const { code, report } = run(dir);
    expect(code).toBe(1);
    expect(find(report, 'duplicateValues', 'play_id')).toMatchObject({ status: 'failed', measured: 2 });
    const pk = report.results.filter((r) => r.check === 'primaryKey' && r.status === 'failed')[0];
    expect(pk.samples).toEqual({ columns: ['play_id', 'occurrences'], rows: [['dup', 3]], masked: [] });
    expect(find(report, 'required', 'played_at')).toMatchObject({ status: 'failed', measured: 1 });
    expect(find(report, 'latency')).toMatchObject({ status: 'failed' });
    expect(find(report, 'latency').measured as number).toBeGreaterThan(2 * 86400);
    expect(find(report, 'retention')).toMatchObject({ status: 'failed' });
    expect(find(report, 'retention').samples!.rows.length).toBe(5);
    expect(find(report, 'invalidValues', 'country')).toMatchObject({ status: 'failed', measured: 100 });
    const email = find(report, 'format', 'listener_email');
    expect(email).toMatchObject({ status: 'failed', measured: 1 });
    expect(email.samples).toEqual({ columns: ['play_id', 'listener_email'], rows: [['p5', '***']], masked: ['listener_email'] });
    expect(find(report, 'minimum', 'duration_ms')).toMatchObject({ status: 'failed', measured: 1, samples: { rows: [['p8', -5]] } });
    expect(find(report, 'sql')).toMatchObject({ status: 'failed', measured: 1 });
    const shown = dp(['test', '--show-restricted', '--samples', '1'], { cwd: dir });
    expect(shown.stdout).toContain('not-an-email');
    expect(shown.stdout).toMatch(/✖ listener_email format\s+1 row, expected = 0 rows/);
  });

  it('reports a missing column, a column of another type and undeclared columns', async () => {
    const dir = await product(
      'columns',
      `SELECT 'p' || range AS play_id, 'x' AS country, now()::TIMESTAMP AS played_at, CAST(range AS VARCHAR) AS duration_ms, 1 AS surprise FROM range(10)`,
    );
    const { code, report } = run(dir);
    expect(code).toBe(2);
    expect(find(report, 'sql')).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/^cannot test: Binder Error: Cannot compare values of type VARCHAR/),
    });
    expect(find(report, 'exists', 'listener_email')).toMatchObject({ status: 'failed', message: 'column `listener_email` is missing' });
    expect(find(report, 'format', 'listener_email')).toMatchObject({ status: 'skipped', message: expect.stringMatching(/missing/) });
    expect(find(report, 'type', 'duration_ms')).toMatchObject({ status: 'failed', measured: 'VARCHAR' });
    expect(find(report, 'undeclaredColumn', 'surprise')).toMatchObject({ status: 'failed', severity: 'warning' });
  });

  it('a glob matching nothing fails the object, it does not crash', async () => {
    const dir = await product('nofiles', '');
    const { code, report } = run(dir);
    expect(code).toBe(1);
    expect(find(report, 'exists')).toMatchObject({ status: 'failed', message: expect.stringMatching(/^no file matches .*data\/plays\.parquet$/) });
  });

  it('reads CSV and JSON, and several files through a glob', async () => {
    const csv = await product('csv', cleanPlays(100), (c) => (c.servers[0] = { ...c.servers[0], path: '../data/*.csv', format: 'csv' }), 'csv');
    await duck([`COPY (${cleanPlays(50).replace("'p' || range", "'q' || range")}) TO '${join(csv, 'data', 'more.csv')}' (FORMAT csv)`]);
    const r1 = run(csv);
    expect(r1.code).toBe(0);
    expect(find(r1.report, 'rowCount').measured).toBe(150);
    const json = await product('json', cleanPlays(20), (c) => (c.servers[0] = { ...c.servers[0], path: '../data/{object}.json', format: 'json' }), 'json');
    const r2 = run(json);
    expect(r2.code).toBe(0);
    expect(find(r2.report, 'rowCount').measured).toBe(20);
  });

  it('reads `freshness` as the older name of latency; without an element, the partition column is measured', async () => {
    const dir = await product('freshness', cleanPlays(10), (c) => (c.slaProperties[1] = { property: 'freshness', value: 1, unit: 'h' }));
    const { code, report } = run(dir);
    expect(code).toBe(0);
    expect(find(report, 'freshness')).toMatchObject({ status: 'passed', field: 'played_at', threshold: { operator: 'mustBeLessOrEqualTo', value: 3600 } });
  });

  it('tests only new rows with --since, through the partition column', async () => {
    const dir = await product(
      'since',
      `SELECT 'p' || range AS play_id, 'u@example.com' AS listener_email, 'SE' AS country, now()::TIMESTAMP - to_hours(range) AS played_at, 1 AS duration_ms FROM range(48)`,
    );
    const { report } = run(dir, ['--since', '12h']);
    expect(find(report, 'rowCount').measured).toBe(12);
    expect(find(report, 'retention')).toMatchObject({ status: 'skipped' });
    expect(report.since).toBeDefined();
  });
});

describe('data outside the repository', () => {
  it('is refused, through a path or a link, unless --external-data; the git work tree is the repository', async () => {
    const outsideDir = join(root, 'elsewhere');
    mkdirSync(outsideDir, { recursive: true });
    const outsideFile = join(outsideDir, 'plays.parquet');
    await duck([`COPY (${cleanPlays(5)}) TO '${outsideFile}' (FORMAT parquet)`]);
    const absolute = await product('escape-path', '', (c) => (c.servers[0].path = outsideFile));
    const r = run(absolute);
    expect(r.code).toBe(2);
    expect(r.report.ports[0]).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/elsewhere\/plays\.parquet, read by server `local`, lies outside the repository .*--external-data/),
    });
    expect(r.report.results).toEqual([]);
    expect(run(absolute, ['--external-data']).code).toBe(0);
    const linked = await product('escape-link', '');
    symlinkSync(outsideFile, join(linked, 'data', 'plays.parquet'));
    expect(run(linked).report.ports[0].message).toMatch(/lies outside the repository/);
    const db = writeDataProduct(join(root, 'escape-db'), dataContract({ server: 'db', type: 'duckdb', database: join(outsideDir, 'x.duckdb') }));
    await duck([`CREATE TABLE plays AS ${cleanPlays(5)}`], join(outsideDir, 'x.duckdb'));
    expect(run(db).report.ports[0].message).toMatch(/^the DuckDB database .*x\.duckdb lies outside the repository/);
    // In a git work tree, the repository is the whole tree: data beside the product is inside it.
    const repo = join(root, 'repo');
    mkdirSync(join(repo, '.git'), { recursive: true });
    mkdirSync(join(repo, 'lake'), { recursive: true });
    await duck([`COPY (${cleanPlays(5)}) TO '${join(repo, 'lake', 'plays.parquet')}' (FORMAT parquet)`]);
    const inRepo = writeDataProduct(
      join(repo, 'products', 'plays'),
      dataContract({ server: 'local', type: 'local', path: '../../../lake/plays.parquet', format: 'parquet' }),
    );
    expect(dp(['test', 'products/plays'], { cwd: repo }).code).toBe(0);
    expect(run(inRepo).code).toBe(0);
  });
});

describe('dp test on a DuckDB database file', () => {
  it('opens it read-only, refuses sql rules that would write, and leaves the file unchanged', async () => {
    const dir = join(root, 'dbfile');
    const attempts = [
      'DELETE FROM {object}',
      'DROP TABLE {object}',
      "COPY {object} TO '/tmp/dp-stolen.csv'",
      "ATTACH '/tmp/dp-other.db' AS other",
      'SELECT 1; DROP TABLE plays',
      'SELECT count(*) FROM {object}; DELETE FROM plays',
    ];
    writeDataProduct(dir, dataContract({ server: 'db', type: 'duckdb', database: '../data/plays.duckdb', schema: 'main' }));
    const contractPath = join(dir, 'contracts', 'events.odcs.yaml');
    const contract = dataContract({ server: 'db', type: 'duckdb', database: '../data/plays.duckdb', schema: 'main' });
    contract.schema[0].quality.push(...attempts.map((query) => ({ type: 'sql', query, mustBe: 0 })));
    writeFileSync(contractPath, (await import('yaml')).stringify(contract));
    const db = join(dir, 'data', 'plays.duckdb');
    await duck([`CREATE TABLE plays AS ${cleanPlays(200)}`], db);
    const before = createHash('sha256').update(readFileSync(db)).digest('hex');
    const { code, report } = run(dir);
    expect(code).toBe(2);
    const refused = report.results.filter((r) => r.check === 'sql' && r.status === 'error');
    expect(refused).toHaveLength(attempts.length);
    for (const r of refused) expect(r.message).toMatch(/^cannot test: refused, not run: /);
    expect(find(report, 'rowCount')).toMatchObject({ status: 'passed', measured: 200 });
    expect(createHash('sha256').update(readFileSync(db)).digest('hex')).toBe(before);
  });

  it('a missing table fails its object; a missing database file is a connection error', async () => {
    const server = { server: 'db', type: 'duckdb', database: '../data/other.duckdb' };
    const dir = writeDataProduct(join(root, 'dbmissing'), dataContract(server));
    const missing = run(dir);
    expect(missing.code).toBe(2);
    expect(missing.report.ports[0]).toMatchObject({ status: 'error', message: expect.stringMatching(/^cannot open the DuckDB database .*other\.duckdb/) });
    await duck(['CREATE TABLE something_else (x INTEGER)'], join(dir, 'data', 'other.duckdb'));
    const noTable = run(dir);
    expect(noTable.code).toBe(1);
    expect(find(noTable.report, 'exists')).toMatchObject({ status: 'failed', message: 'no table main.plays in the database' });
  });

  it('keeps a large table within the memory limit: DuckDB spills instead of growing', async () => {
    const dir = await product(
      'huge',
      `SELECT 'play-' || range || '-' || md5(range::VARCHAR) AS play_id, 'u@example.com' AS listener_email, 'SE' AS country, now()::TIMESTAMP AS played_at, 1 AS duration_ms FROM range(3000000)`,
    );
    const hooks = join(root, 'rss.mjs');
    writeFileSync(
      hooks,
      "import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(process.env.DP_RSS_FILE, String(process.resourceUsage().maxRSS)));\n",
    );
    const rssFile = join(root, 'rss.txt');
    const r = dp(['test', '--format', 'json', '--samples', '0'], {
      cwd: dir,
      timeout: 240_000,
      env: { DP_DUCKDB_MEMORY_LIMIT: '64MB', DP_DUCKDB_THREADS: '1', NODE_OPTIONS: `--import=${hooks}`, DP_RSS_FILE: rssFile },
    });
    const report = JSON.parse(r.stdout) as TestRun;
    expect(find(report, 'duplicateValues', 'play_id')).toMatchObject({ status: 'passed', measured: 0 });
    expect(find(report, 'rowCount').measured).toBe(3000000);
    const peakMB = Number(readFileSync(rssFile, 'utf8')) / 1024;
    expect(peakMB).toBeLessThan(400);
  }, 300_000);

  it('a query that outlives --timeout is stopped and reported, the other checks still pass', async () => {
    const dir = await product('timeout', cleanPlays(10), (c) =>
      c.schema[0].quality.push({ type: 'sql', query: 'SELECT count(*) FROM range(100000000000) a WHERE a.range % 7 = 3', mustBe: 0 }),
    );
    const { code, report } = run(dir, ['--timeout', '1s']);
    expect(code).toBe(2);
    expect(report.results.find((r) => r.check === 'sql' && r.status === 'error')!.message).toMatch(/ran longer than 1 s/);
    expect(find(report, 'rowCount')).toMatchObject({ status: 'passed' });
  });
});
