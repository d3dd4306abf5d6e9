/**
 * What dp reads from Parquet footers instead of scanning (row counts, null counts, ranges, newest and oldest
 * values) is exactly what a scan measures: the same contract over the same files, with the statistics and
 * without them (DP_PARQUET_STATISTICS=off), gives the same numbers and verdicts, across several files, small
 * row groups, a column missing from one file, NaN in a floating-point column and values out of range.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult, TestRun } from '../../src/data/types.js';
import { dp, expectNoStack } from '../support/cli.js';
import { duck, writeDataProduct } from '../support/data.js';
import { tempDir, validContract } from '../support/product.js';

let root: string;
let cleanup: () => void;

beforeAll(() => ({ dir: root, cleanup } = tempDir('dp-e2e-parquet-')));
afterAll(() => cleanup());

function contract(): Record<string, any> {
  const c = validContract();
  const p = (name: string, logicalType: string, extra: Record<string, unknown> = {}) => ({ name, logicalType, description: name, ...extra });
  c.schema = [
    {
      name: 'm',
      physicalName: 'm',
      physicalType: 'table',
      logicalType: 'object',
      description: 'Measurements.',
      quality: [{ metric: 'rowCount', mustBeGreaterThan: 0 }],
      properties: [
        p('id', 'integer', { required: true, unique: true, primaryKey: true }),
        p('n', 'integer', { logicalTypeOptions: { minimum: 0, maximum: 100 } }),
        p('ratio', 'number', { logicalTypeOptions: { minimum: 0, maximum: 1 }, quality: [{ metric: 'nullValues', mustBe: 0 }] }),
        p('at', 'timestamp', { required: true, logicalTypeOptions: { minimum: '2020-01-01T00:00:00Z' } }),
        p('at_tz', 'timestamp', { logicalTypeOptions: { timezone: true, maximum: '2100-01-01T00:00:00Z', exclusiveMinimum: '2020-01-01T00:00:00+02:00' } }),
        p('day', 'date', { logicalTypeOptions: { minimum: '2024-01-01', maximum: '2030-12-31' } }),
        p('amount', 'number', { logicalTypeOptions: { maximum: 1000 } }),
        p('note', 'string', { quality: [{ metric: 'nullValues', mustBeLessThan: 50, unit: 'percent' }] }),
        p('late', 'integer', { required: true, logicalTypeOptions: { minimum: 1 } }),
      ],
    },
  ];
  c.servers = [{ server: 'local', type: 'local', environment: 'dev', path: '../data/m-*.parquet', format: 'parquet' }];
  c.slaProperties = [
    { property: 'retention', value: 10, unit: 'y', element: 'm.at' },
    { property: 'latency', value: 30, unit: 'd', element: 'm.at' },
  ];
  return c;
}

/** Rows `from`..`to`: an out-of-range n at 5000, NaN ratio at 7000, nulls in a few row groups only. */
function rows(from: number, to: number, late: boolean): string {
  return `SELECT range AS id, CASE WHEN range = 5000 THEN 150 ELSE range % 100 END AS n,
    CASE WHEN range = 7000 THEN 'NaN'::DOUBLE WHEN range % 4000 = 1 THEN NULL ELSE (range % 10) / 10.0 END AS ratio,
    now()::TIMESTAMP - to_minutes(range) AS at, TIMESTAMPTZ '2024-06-01 00:00:00+00' + to_hours(range) AS at_tz,
    DATE '2024-01-01' + CAST(range % 300 AS INTEGER) AS day, CAST((range % 900) + 0.25 AS DECIMAL(10, 2)) AS amount,
    CASE WHEN range BETWEEN 2000 AND 2100 THEN NULL ELSE 'x' END AS note${late ? ', CAST(1 + range % 5 AS INTEGER) AS late' : ''}
    FROM range(${from}, ${to})`;
}

function run(dir: string, env: Record<string, string> = {}): { report: TestRun; stderr: string } {
  const r = dp(['test', '--format', 'json', '--debug'], { cwd: dir, env });
  expectNoStack(r);
  return { report: JSON.parse(r.stdout) as TestRun, stderr: r.stderr };
}

const key = (r: CheckResult): string => `${r.field ?? ''} ${r.check} ${r.location.line}`;
const ages = (r: CheckResult): unknown => (r.unit === 'seconds' && typeof r.measured === 'number' ? Math.round(r.measured / 60) : r.measured);

describe('Parquet statistics', () => {
  it('answer what they can exactly; the scan measures the rest, with the same results as without them', async () => {
    const dir = writeDataProduct(join(root, 'stats'), contract());
    const data = join(dir, 'data');
    await duck([
      `COPY (${rows(0, 6000, false)}) TO '${join(data, 'm-1.parquet')}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`,
      `COPY (${rows(6000, 10000, true)}) TO '${join(data, 'm-2.parquet')}' (FORMAT parquet, ROW_GROUP_SIZE 2048)`,
    ]);
    const withStats = run(dir);
    const without = run(dir, { DP_PARQUET_STATISTICS: 'off' });
    expect(withStats.stderr).toContain('parquet_metadata(');
    expect(without.stderr).not.toContain('parquet_metadata(');
    const a = withStats.report.results.map((r) => [key(r), r.status, ages(r)]);
    const b = without.report.results.map((r) => [key(r), r.status, ages(r)]);
    expect(a).toEqual(b);
    expect(withStats.report.ports[0].objects).toEqual(without.report.ports[0].objects);

    const find = (check: string, field?: string) => withStats.report.results.find((r) => r.check === check && r.field === field)!;
    expect(find('rowCount')).toMatchObject({ status: 'passed', measured: 10000 });
    expect(find('maximum', 'n')).toMatchObject({ status: 'failed', measured: 1, samples: { rows: [[5000, 150]] } });
    expect(find('maximum', 'ratio')).toMatchObject({ status: 'failed', measured: 1 });
    expect(find('nullValues', 'ratio')).toMatchObject({ status: 'failed', measured: 3 });
    expect(find('required', 'late')).toMatchObject({
      status: 'failed',
      measured: 6000,
      samples: { rows: expect.arrayContaining([[expect.any(Number), null]]) },
    });
    expect(find('minimum', 'late')).toMatchObject({ status: 'passed', measured: 0 });
    expect(find('nullValues', 'note')).toMatchObject({ status: 'passed', measured: 1.01 });
    for (const check of ['minimum', 'maximum']) expect(find(check, 'day')).toMatchObject({ status: 'passed', measured: 0 });
    expect(find('exclusiveMinimum', 'at_tz')).toMatchObject({ status: 'passed', measured: 0 });
    expect(find('latency', 'at')).toMatchObject({ status: 'passed' });
    expect(find('latency', 'at').measured as number).toBeLessThan(3600);
    expect(find('maximum', 'ratio').samples!.rows).toEqual([[7000, 'NaN']]);

    // The aggregate the footers answered is not in the scan; the ones they cannot answer are.
    const scan = withStats.stderr.slice(withStats.stderr.indexOf('parquet_metadata('));
    const statement = scan.slice(scan.indexOf('dp: query', 1));
    expect(statement).not.toMatch(/"day" IS NOT NULL/);
    expect(statement).not.toMatch(/max\("at"\)/);
    expect(statement).toMatch(/"ratio" > 1/);
    expect(statement).toMatch(/"n" > 100/);
  });

  it('are not read with --since: every number comes from the rows after it', async () => {
    const dir = writeDataProduct(join(root, 'since'), contract());
    await duck([`COPY (${rows(0, 3000, true)}) TO '${join(dir, 'data', 'm-1.parquet')}' (FORMAT parquet)`]);
    const r = dp(['test', '--format', 'json', '--debug', '--since', '1h'], { cwd: dir });
    expect(r.stderr).not.toContain('parquet_metadata(');
    const report = JSON.parse(r.stdout) as TestRun;
    expect(report.results.find((x) => x.check === 'rowCount')!.measured).toBe(60);
  });
});
