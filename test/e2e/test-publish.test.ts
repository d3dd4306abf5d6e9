/**
 * dp test --publish end to end: runs recorded in a SQLite catalog, --since last
 * resuming from the last watermark, SLA frequency from the published history,
 * refusals for unpublished versions, and no sample of data in the catalog.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRun } from '../../src/data/types.js';
import { dp, expectNoStack } from '../support/cli.js';
import { cleanPlays, dataContract, duck, writeDataProduct } from '../support/data.js';
import { tempDir } from '../support/product.js';

let root: string;
let cleanup: () => void;

beforeAll(() => ({ dir: root, cleanup } = tempDir('dp-e2e-test-publish-')));
afterAll(() => cleanup());

/** Plays whose newest one was `newestHoursAgo` hours ago. */
const plays = (newestHoursAgo: number, rows = 200) =>
  `SELECT 'p' || range AS play_id, 'u' || range || '@example.com' AS listener_email, ['SE', 'NO', 'FI'][1 + range % 3] AS country,
    now()::TIMESTAMP - to_seconds(${newestHoursAgo * 3600} + range * 10) AS played_at, (range * 7) % 3600000 AS duration_ms FROM range(${rows})`;

async function product(name: string, rowsSql: string): Promise<string> {
  const dir = writeDataProduct(join(root, name), dataContract());
  await writeData(dir, rowsSql);
  return dir;
}

const writeData = (dir: string, rowsSql: string) => duck([`COPY (${rowsSql}) TO '${join(dir, 'data', 'plays.parquet')}' (FORMAT parquet)`]);

function test(dir: string, args: string[]): { code: number; report: TestRun; stderr: string } {
  const r = dp(['test', '--format', 'json', ...args], { cwd: dir, env: { DP_PUBLISHER: 'ci-bot' } });
  expectNoStack(r);
  return { code: r.code, report: JSON.parse(r.stdout) as TestRun, stderr: r.stderr };
}

function runs(catalog: string): Array<Record<string, any>> {
  const db = new Database(catalog, { readonly: true });
  try {
    return db.prepare('SELECT * FROM runs ORDER BY seq').all() as Array<Record<string, any>>;
  } finally {
    db.close();
  }
}

describe('dp test --publish', () => {
  it('records the run of a published version: product, version, port, server, times, checks and the watermark', async () => {
    const dir = await product('clean', cleanPlays(300));
    const catalog = join(root, 'clean.db');
    expect(dp(['publish', '--catalog', catalog], { cwd: dir }).code).toBe(0);
    const { code, stderr, report } = test(dir, ['--publish', '--catalog', catalog]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/recorded 1 test run in .*clean\.db: play-events@1\.0\.0:events on local \(run 1\)/);
    const [row] = runs(catalog);
    expect(row).toMatchObject({
      product_id: 'play-events',
      product_version: '1.0.0',
      port: 'events',
      contract_id: 'play-events-events',
      server: 'local',
      server_type: 'local',
      status: 'passed',
      publisher: 'ci-bot',
    });
    expect(row.started_at).toBe(report.ports[0].startedAt);
    expect(row.watermark).toBe(report.ports[0].objects![0].watermark);
    const checks = JSON.parse(row.checks_json) as Array<Record<string, unknown>>;
    expect(checks).toHaveLength(report.results.length);
    expect(checks.find((c) => c.check === 'rowCount')).toMatchObject({
      object: 'plays',
      category: 'quality',
      status: 'passed',
      measured: 300,
      threshold: { operator: 'mustBeGreaterThan', value: 0 },
      severity: 'error',
      dimension: 'completeness',
    });
    expect(JSON.parse(row.summary_json)).toMatchObject({ checks: report.results.length, failing: 0 });
    const shown = dp(['catalog', 'show', 'play-events', '--catalog', catalog], { cwd: dir });
    expect(shown.stdout).toMatch(/evidence: passing on local \(local\), tested \S+ \S+ UTC, version 1\.0\.0: \d+ checks, \d+ passed, 0 failed/);
    expect(shown.stdout).toMatch(/✔ latency: /);
    const json = JSON.parse(dp(['catalog', 'show', 'play-events', '--catalog', catalog, '--json'], { cwd: dir }).stdout);
    expect(json.evidence).toEqual([expect.objectContaining({ port: 'events', server: 'local', status: 'passed' })]);
  });

  it('stores no sample of failing rows: the values stay with the run that found them', async () => {
    const dir = await product(
      'defects',
      `SELECT CASE WHEN range < 3 THEN 'dup' ELSE 'p' || range END AS play_id, 'secret' || range || '@example.com' AS listener_email, 'XX' AS country,
      now()::TIMESTAMP - to_seconds(range * 10) AS played_at, 5 AS duration_ms FROM range(50)`,
    );
    const catalog = join(root, 'defects.db');
    expect(dp(['publish', '--catalog', catalog], { cwd: dir }).code).toBe(0);
    const { code, report } = test(dir, ['--publish', '--catalog', catalog, '--show-restricted']);
    expect(code).toBe(1);
    expect(report.results.some((r) => r.samples && r.samples.rows.length > 0)).toBe(true);
    const [row] = runs(catalog);
    expect(row.status).toBe('failed');
    expect(row.checks_json).not.toMatch(/samples|secret\d|"dup"/);
    expect(JSON.parse(row.summary_json).failing).toBeGreaterThan(0);
    const shown = dp(['catalog', 'show', 'play-events', '--catalog', catalog], { cwd: dir }).stdout;
    expect(shown).toMatch(/evidence: failing on local/);
    expect(shown).toMatch(/✖ plays\.play_id duplicateValues: .*\(contracts\/events\.odcs\.yaml:\d+\)/);
  });

  it('refuses to record runs of a version the catalog does not hold, and says so with exit code 1', async () => {
    const dir = await product('unpublished', cleanPlays(50));
    const { code, stderr } = test(dir, ['--publish', '--catalog', join(root, 'empty.db')]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/not recorded: play-events@1\.0\.0 is not in the catalog: publish it first \(dp publish\).*\(version-unpublished\)/);
  });

  it('resumes with --since last from the watermark of the last published run, and measures frequency from the runs', async () => {
    const dir = await product('history', plays(50));
    const catalog = join(root, 'history.db');
    expect(dp(['publish', '--catalog', catalog], { cwd: dir }).code).toBe(0);
    const first = test(dir, ['--publish', '--catalog', catalog, '--checks', 'sla']);
    const frequency = () => first.report.results.find((r) => r.check === 'frequency')!;
    expect(frequency()).toMatchObject({ status: 'skipped', message: expect.stringMatching(/saw 1 refresh of the data; an interval needs two/) });
    const firstMark = first.report.ports[0].objects![0].watermark!;
    // The data is refreshed 26 hours of data later: newer rows, an interval longer than the promised day.
    await writeData(dir, `${plays(50)} UNION ALL ${plays(24, 20)}`);
    const second = test(dir, ['--publish', '--catalog', catalog, '--checks', 'sla', '--since', 'last']);
    expect(second.stderr).toMatch(/--since last: rows newer than \S+ \(the watermark of run 1, /);
    expect(second.report.ports[0].since).toBe(firstMark);
    // At or after the watermark: the newest row of the last run is read again (rows sharing its time are never missed).
    expect(second.report.ports[0].objects![0].rows).toBe(21);
    const measured = second.report.results.find((r) => r.check === 'frequency')!;
    expect(measured).toMatchObject({
      status: 'failed',
      unit: 'seconds',
      threshold: { operator: 'mustBeLessOrEqualTo', value: 86400 },
      expected: 'refreshed at least every 1 d',
    });
    expect(measured.measured).toBeCloseTo(26 * 3600, -2);
    expect(second.code).toBe(1);
    expect(runs(catalog).map((r) => r.since)).toEqual([null, firstMark]);
  });

  it('tests every row with --since last when no run was published yet, and reads frequency from a configured catalog without publishing', async () => {
    const dir = await product('first', cleanPlays(40));
    const catalog = join(root, 'first.db');
    expect(dp(['publish', '--catalog', catalog], { cwd: dir }).code).toBe(0);
    const r = test(dir, ['--since', 'last', '--catalog', catalog]);
    expect(r.stderr).toMatch(/--since last: no published run of play-events:events on this server has a watermark yet: every row is tested/);
    expect(r.report.ports[0].objects![0].rows).toBe(40);
    expect(r.report.results.find((x) => x.check === 'frequency')!.message).toMatch(/saw 1 refresh/);
    expect(runs(catalog)).toEqual([]);
    const bad = dp(['test', '--since', 'yesterday-ish'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/neither a duration, a timestamp nor `last`/);
  });
});
