/**
 * SQL of test runs and their rows, shared by both backends. Queries take the
 * dialect's placeholders (`?` for SQLite, `$n` for PostgreSQL) from `param`.
 */
import { iso, json, type Row } from './rows.js';
import { QUALITIES, type NewRun, type Quality, type StoredRun } from './runs.js';

/** The quality of product `p` (a products row) by the latest run of each output port of its latest version and server. */
export const QUALITY_SQL = `(SELECT CASE WHEN count(*) = 0 THEN 'untested' WHEN sum(CASE WHEN r.status = 'passed' THEN 0 ELSE 1 END) > 0 THEN 'failing' ELSE 'passing' END
    FROM runs r WHERE r.seq IN (SELECT max(r2.seq) FROM runs r2 WHERE r2.product_id = p.id GROUP BY r2.port, r2.server)
      AND r.port IN (SELECT o.name FROM ports o WHERE o.version_seq = p.latest_seq AND o.direction = 'output'))`;

/** Products by quality: rows of `value` and `count`. */
export const QUALITY_FACET = `SELECT q AS value, count(*) AS count FROM (SELECT ${QUALITY_SQL} AS q FROM products p) x GROUP BY q`;

/** The quality facet from its rows, in the order of QUALITIES, without empty values. */
export function toQualityFacet(rows: Row[]): Array<{ value: Quality; count: number }> {
  const counts = new Map(rows.map((r) => [String(r.value), Number(r.count)]));
  return QUALITIES.filter((q) => (counts.get(q) ?? 0) > 0).map((value) => ({ value, count: counts.get(value)! }));
}

/** The products (their ids) with a version or a run appended after the two sequence numbers of a stamp. */
export function changedProductsSql(versions: string, runs: string): string {
  return `SELECT id FROM products WHERE latest_seq > ${versions} UNION SELECT product_id FROM runs WHERE seq > ${runs}`;
}

export const LATEST_RUNS = (param: (n: number) => string) =>
  `SELECT * FROM runs WHERE seq IN (SELECT max(seq) FROM runs WHERE product_id = ${param(1)} GROUP BY port, server) ORDER BY port, server`;

/** A page of runs, newest first: one more than `limit` (the last parameter), to tell whether there is a next page. */
export function listRunsSql(param: (n: number) => string, by: { port: boolean; server: boolean; before: boolean }): string {
  const where = [`product_id = ${param(1)}`];
  let n = 1;
  if (by.port) where.push(`port = ${param(++n)}`);
  if (by.server) where.push(`server = ${param(++n)}`);
  if (by.before) where.push(`seq < ${param(++n)}`);
  return `SELECT * FROM runs WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ${param(++n)}`;
}

export const RUN_COLUMNS = [
  'product_id',
  'product_version',
  'port',
  'contract_id',
  'contract_version',
  'server',
  'server_type',
  'status',
  'message',
  'started_at',
  'finished_at',
  'since',
  'watermark',
  'publisher',
  'recorded_at',
  'summary_json',
  'objects_json',
  'checks_json',
] as const;

/** A run's row, by column (the JSON columns as values). */
export function runRecord(run: NewRun): Record<(typeof RUN_COLUMNS)[number], unknown> {
  return {
    product_id: run.productId,
    product_version: run.productVersion,
    port: run.port,
    contract_id: run.contractId,
    contract_version: run.contractVersion ?? null,
    server: run.server,
    server_type: run.serverType,
    status: run.status,
    message: run.message ?? null,
    started_at: run.startedAt,
    finished_at: run.finishedAt,
    since: run.since ?? null,
    watermark: run.watermark,
    publisher: run.publisher,
    recorded_at: run.recordedAt,
    summary_json: run.summary,
    objects_json: run.objects,
    checks_json: run.checks,
  };
}

/** A run's values in the order of RUN_COLUMNS, JSON as text. */
export function runValues(run: NewRun): unknown[] {
  const record = runRecord(run);
  return RUN_COLUMNS.map((c) => (c.endsWith('_json') ? JSON.stringify(record[c]) : record[c]));
}

const optional = (value: unknown): string | undefined => (value === null || value === undefined ? undefined : String(value));
const optionalTime = (value: unknown): string | undefined => (value === null || value === undefined ? undefined : iso(value));

export function toRun(row: Row): StoredRun {
  const run: StoredRun = {
    id: String(row.seq),
    productId: String(row.product_id),
    productVersion: String(row.product_version),
    port: String(row.port),
    contractId: String(row.contract_id),
    contractVersion: optional(row.contract_version),
    server: String(row.server),
    serverType: String(row.server_type),
    status: row.status as StoredRun['status'],
    message: optional(row.message),
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    since: optionalTime(row.since),
    watermark: row.watermark === null || row.watermark === undefined ? null : iso(row.watermark),
    publisher: String(row.publisher),
    recordedAt: iso(row.recorded_at),
    summary: json(row.summary_json),
    objects: json(row.objects_json),
    checks: json(row.checks_json),
  };
  for (const key of ['contractVersion', 'message', 'since'] as const) if (run[key] === undefined) delete run[key];
  return run;
}
