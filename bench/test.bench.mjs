// dp test against its floor and against the design of other tools, in the same run:
// a generated 10-million-row Parquet table (12 columns) under a contract of 30 checks (and 25 schema checks),
//   dp test                      every check of the table in one statement (+ the sql rule), what Parquet
//                                footers answer exactly read from them instead;
//   floor                        the same numbers in one hand-written statement (bench/test-baselines.mjs);
//   one query per check          what tools that run a query per check do (Soda-style queries).
// Goals: dp within 1.25x of the floor, and at least 3x faster than one query per check (wall time, medians
// of interleaved runs). Also printed: CPU time of each design (of the process for DuckDB, of the server and
// the client for PostgreSQL), steadier than wall time on a shared machine; peak memory; the load average.
// The same on PostgreSQL with 1 million rows, and both without the uniqueness checks.
// Environment: DP_BENCH_TEST_ROWS (10000000), DP_BENCH_TEST_PG_ROWS (1000000), DP_BENCH_TEST_RUNS (3).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { DP, NODE, raceMeasured, record, report, scratch, section, serverCpu } from './lib.mjs';
import { startPostgres } from './postgres.mjs';
import { COUNTRIES, SQL_RULE, STATUSES, floor, perCheck } from './test-baselines.mjs';

const ROWS = Number(process.env.DP_BENCH_TEST_ROWS ?? 10_000_000);
const PG_ROWS = Number(process.env.DP_BENCH_TEST_PG_ROWS ?? 1_000_000);
const RUNS = Number(process.env.DP_BENCH_TEST_RUNS ?? 3);
const SELF = fileURLToPath(import.meta.url);
const list = (values) => values.map((v) => `'${v}'`).join(', ');

/** The rows, in DuckDB's SQL: recent timestamps, a few nulls, every value within the contract. */
export function duckRows(rows) {
  return `SELECT range AS id, 'u' || (range % 2000000) AS user_id,
    CASE WHEN range % 97 = 0 THEN NULL ELSE 'user' || (range % 2000000) || '@example.com' END AS email,
    [${list(COUNTRIES)}][1 + range % 10] AS country, [${list(STATUSES)}][1 + (range * 7) % 5] AS status,
    ((range * 37) % 1000000) / 100.0 AS amount, CAST(1 + range % 20 AS INTEGER) AS quantity,
    now()::TIMESTAMP - to_seconds(range % 8640000) AS created_at, DATE '2025-01-01' + CAST(range % 365 AS INTEGER) AS updated_date,
    CASE WHEN range % 13 = 0 THEN NULL ELSE ['web', 'app', 'store'][1 + range % 3] END AS channel,
    (range % 1000) / 1000.0 AS score, range % 2 = 0 AS is_active FROM range(${rows})`;
}

export function pgRows(rows) {
  return `INSERT INTO orders SELECT g, 'u' || (g % 2000000), CASE WHEN g % 97 = 0 THEN NULL ELSE 'user' || (g % 2000000) || '@example.com' END,
    (ARRAY[${list(COUNTRIES)}])[1 + g % 10], (ARRAY[${list(STATUSES)}])[1 + (g * 7) % 5], ((g * 37) % 1000000) / 100.0, 1 + g % 20,
    now() - (g % 8640000) * interval '1 second', DATE '2025-01-01' + (g % 365), CASE WHEN g % 13 = 0 THEN NULL ELSE (ARRAY['web', 'app', 'store'])[1 + g % 3] END,
    (g % 1000) / 1000.0, g % 2 = 0 FROM generate_series(0, ${rows - 1}) g`;
}

export const PG_TABLE = `CREATE TABLE orders (id bigint, user_id text, email text, country text, status text, amount double precision, quantity integer,
  created_at timestamp, updated_date date, channel text, score double precision, is_active boolean)`;

const field = (name, logicalType, physicalType, extra = {}) => ({ name, logicalType, physicalType, description: name, ...extra });

const DESCRIPTOR = {
  apiVersion: 'v1.0.0',
  kind: 'DataProduct',
  id: 'bench',
  name: 'Bench',
  version: '1.0.0',
  status: 'active',
  domain: 'bench',
  outputPorts: [{ name: 'orders', version: '1.0.0', contractId: 'bench-orders' }],
  managementPorts: [
    { name: 'discovery', content: 'discoverability' },
    { name: 'observation', content: 'observability' },
    { name: 'control', content: 'control' },
  ],
  team: { name: 'bench-team', members: [{ username: 'bench@example.com', role: 'owner' }] },
};

/** 30 checks: 15 from the schema's properties, 2 of the primary key, 10 quality rules (one sql), 2 SLA ages; and 25 schema checks. */
function benchContract(server, distinct = true) {
  const c = { apiVersion: 'v3.1.0', kind: 'DataContract', id: 'bench-orders', name: 'Orders', version: '1.0.0', status: 'active', domain: 'bench' };
  c.schema = [
    {
      name: 'orders',
      physicalName: 'orders',
      physicalType: 'table',
      logicalType: 'object',
      description: 'Orders.',
      quality: [
        { metric: 'rowCount', mustBeGreaterThan: 1000 },
        { metric: 'duplicateValues', mustBeLessThan: 100000000, arguments: { properties: ['user_id', 'created_at'] } },
        { type: 'sql', query: SQL_RULE, mustBeLessThan: 100000000 },
      ],
      properties: [
        field('id', 'integer', 'bigint', { required: true, unique: true, primaryKey: true }),
        field('user_id', 'string', 'varchar', { required: true, quality: [{ metric: 'duplicateValues', mustBeLessOrEqualTo: 90, unit: 'percent' }] }),
        field('email', 'string', 'varchar', {
          classification: 'restricted',
          logicalTypeOptions: { format: 'email', maxLength: 100 },
          quality: [{ metric: 'nullValues', mustBeLessOrEqualTo: 5, unit: 'percent' }],
        }),
        field('country', 'string', 'varchar', { quality: [{ metric: 'invalidValues', mustBe: 0, arguments: { validValues: COUNTRIES } }] }),
        field('status', 'string', 'varchar', {
          required: true,
          quality: [
            { metric: 'invalidValues', mustBe: 0, arguments: { validValues: STATUSES } },
            { metric: 'missingValues', mustBe: 0 },
          ],
        }),
        field('amount', 'number', 'double', { logicalTypeOptions: { minimum: 0, maximum: 10000 }, quality: [{ metric: 'nullValues', mustBe: 0 }] }),
        field('quantity', 'integer', 'integer', { logicalTypeOptions: { minimum: 1, maximum: 100 } }),
        field('created_at', 'timestamp', 'timestamp', { required: true }),
        field('updated_date', 'date', 'date', { logicalTypeOptions: { minimum: '2000-01-01' } }),
        field('channel', 'string', 'varchar', {
          quality: [
            { metric: 'nullValues', mustBeLessOrEqualTo: 10, unit: 'percent' },
            { metric: 'invalidValues', mustBe: 0, arguments: { pattern: '^[a-z]+$' } },
          ],
        }),
        field('score', 'number', 'double', { logicalTypeOptions: { minimum: 0, maximum: 1 } }),
        field('is_active', 'boolean', 'boolean', { required: true }),
      ],
    },
  ];
  if (!distinct) withoutUniqueness(c.schema[0]);
  c.servers = [server];
  c.slaProperties = [
    { property: 'latency', value: 1, unit: 'd', element: 'orders.created_at' },
    { property: 'retention', value: 1, unit: 'y', element: 'orders.created_at' },
  ];
  return c;
}

/** The contract without its uniqueness checks (exact distinct counts), whose cost is the same in every design. */
function withoutUniqueness(object) {
  object.quality = object.quality.filter((q) => q.metric !== 'duplicateValues');
  for (const p of object.properties) {
    delete p.unique;
    delete p.primaryKey;
    if (p.quality) p.quality = p.quality.filter((q) => q.metric !== 'duplicateValues');
  }
}

/** Child mode: `node test.bench.mjs query <engine> <target> <floor|perCheck> [lean]` runs the baseline's queries. */
async function runQueries(engine, target, mode, lean) {
  const queries = mode === 'floor' ? (relation) => [floor(engine, relation, lean)] : (relation) => perCheck(engine, relation, 'orders', lean);
  if (engine === 'duckdb') {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:', { memory_limit: '2GB', preserve_insertion_order: 'false' });
    const c = await instance.connect();
    await c.run(`CREATE VIEW orders AS SELECT * FROM read_parquet('${target}')`);
    for (const sql of queries('orders')) await c.runAndReadAll(sql);
    c.closeSync();
  } else {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    for (const sql of queries('orders')) await client.query(sql);
    await client.end();
  }
}

function checkDp(dir, env, cwd) {
  const r = spawnSync(NODE, [DP, 'test', dir, '--format', 'json'], { encoding: 'utf8', cwd, env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  const run = JSON.parse(r.stdout);
  for (const x of run.results.filter((r) => r.status === 'failed')) console.log(`  (failed as generated: ${x.field ?? ''} ${x.check}: ${x.message})`);
  if (run.summary.errors > 0)
    throw new Error(
      `dp test had errors: ${JSON.stringify([...run.ports.filter((p) => p.status === 'error'), ...run.results.filter((x) => x.status === 'error')].slice(0, 3))}`,
    );
  const schema = run.results.filter((x) => ['exists', 'type', 'undeclaredColumn'].includes(x.check)).length;
  return `${run.results.length - schema} checks and ${schema} schema checks`;
}

export function product(dir, server, distinct = true) {
  mkdirSync(join(dir, 'contracts'), { recursive: true });
  writeFileSync(join(dir, 'dataproduct.odps.yaml'), stringify(DESCRIPTOR));
  writeFileSync(join(dir, 'contracts', 'orders.odcs.yaml'), stringify(benchContract(server, distinct)));
  writeFileSync(join(dir, 'dp.config.yaml'), 'policies:\n  extends: minimal\n');
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

function compare(title, commands, server = () => 0) {
  section(title);
  const before = load();
  const t = raceMeasured(commands, RUNS, server);
  console.log(`  load average ${before} before, ${load()} after`);
  report('dp test vs one hand-written statement (the floor)', t.dp.wall, t.floor.wall, 1.25);
  const speedup = t.perCheck.wall / t.dp.wall;
  record(`${title}: one query per check / dp test`, speedup, speedup >= 3);
  console.log(
    `  ${'one query per check vs dp test'.padEnd(58)} ${t.perCheck.wall.toFixed(1).padStart(9)} ms vs ${t.dp.wall.toFixed(1)} ms  dp is ${speedup.toFixed(2)}x faster (goal >= 3x: ${speedup >= 3 ? 'met' : 'NOT met'})`,
  );
  console.log(
    `  CPU: dp ${t.dp.cpu.toFixed(0)} ms, floor ${t.floor.cpu.toFixed(0)} ms (${(t.dp.cpu / t.floor.cpu).toFixed(2)}x), one query per check ${t.perCheck.cpu.toFixed(0)} ms (dp ${(t.perCheck.cpu / t.dp.cpu).toFixed(2)}x less)`,
  );
  for (const [label, m] of Object.entries(t)) {
    console.log(`  peak memory of ${label.padEnd(10)} ${m.mb.toFixed(0).padStart(6)} MB`);
    record(`peak memory ${title} ${label}`, m.mb, undefined);
  }
}

async function duckdbBench(dir) {
  const parquet = join(dir, 'data', 'orders.parquet');
  mkdirSync(join(dir, 'data'), { recursive: true });
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const t0 = Date.now();
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  await c.run(`COPY (${duckRows(ROWS)}) TO '${parquet}' (FORMAT parquet)`);
  c.closeSync();
  instance.closeSync();
  console.log(`  generated ${ROWS.toLocaleString('en-US')} rows in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  product(dir, { server: 'local', type: 'local', path: '../data/orders.parquet', format: 'parquet' });
  console.log(`  ${checkDp(dir)} measured by dp test`);
  const query = (mode, lean = '') => [NODE, [SELF, 'query', 'duckdb', parquet, mode, lean]];
  compare(`DuckDB, ${ROWS.toLocaleString('en-US')}-row Parquet (median of ${RUNS} interleaved runs)`, {
    dp: [NODE, [DP, 'test', dir]],
    floor: query('floor'),
    perCheck: query('perCheck'),
  });
  // Beside the first product, reading its file: dp runs in their parent directory, which holds both (the data stays inside).
  const lean = `${dir}-lean`;
  const parent = join(dir, '..');
  product(lean, { server: 'local', type: 'local', path: `../../${basename(dir)}/data/orders.parquet`, format: 'parquet' }, false);
  console.log(`\n  ${checkDp(lean, {}, parent)} without the uniqueness checks`);
  compare('DuckDB, the same without the uniqueness checks', {
    dp: [NODE, [DP, 'test', lean], { cwd: parent }],
    floor: query('floor', 'lean'),
    perCheck: query('perCheck', 'lean'),
  });
}

async function postgresBench(dir) {
  const server = await startPostgres();
  if (!server) {
    console.log('\n(PostgreSQL: no server binaries; skipped)');
    return;
  }
  try {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    await client.query(PG_TABLE);
    await client.query(pgRows(PG_ROWS));
    await client.query('VACUUM ANALYZE orders');
    await client.end();
    const u = new URL(server.url);
    const pgServer = { server: 'pg', type: 'postgres', host: u.hostname, port: Number(u.port), database: u.pathname.slice(1), schema: 'public' };
    product(dir, pgServer);
    const lean = `${dir}-lean`;
    product(lean, pgServer, false);
    const env = { PGUSER: u.username };
    console.log(`\n  ${checkDp(dir, env)} measured by dp test on PostgreSQL`);
    const cpu = serverCpu(server.pidFile);
    const query = (mode, flag = '') => [NODE, [SELF, 'query', 'postgres', server.url, mode, flag]];
    compare(
      `PostgreSQL, ${PG_ROWS.toLocaleString('en-US')} rows (median of ${RUNS} interleaved runs)`,
      { dp: [NODE, [DP, 'test', dir], { env }], floor: query('floor'), perCheck: query('perCheck') },
      cpu,
    );
    compare(
      'PostgreSQL, the same without the uniqueness checks',
      { dp: [NODE, [DP, 'test', lean], { env }], floor: query('floor', 'lean'), perCheck: query('perCheck', 'lean') },
      cpu,
    );
  } finally {
    await server.stop();
  }
}

export async function run() {
  const { dir, cleanup } = scratch('test');
  try {
    section('dp test: one scan per table');
    await duckdbBench(join(dir, 'duckdb'));
    await postgresBench(join(dir, 'postgres'));
  } finally {
    cleanup();
  }
}

if (process.argv[2] === 'query') await runQueries(process.argv[3], process.argv[4], process.argv[5], process.argv[6] === 'lean');
