// dp test against its floor and against the design of other tools, in the same run:
// a generated 10-million-row Parquet table (12 columns) under a contract of 30 checks,
//   dp test                      every check in one aggregate scan (+ the sql rule);
//   one hand-written query       the same numbers in one SELECT (the floor);
//   one query per check          what tools that run a query per check do.
// Goals: dp within 1.25x of the floor, and at least 3x faster than one query per check.
// The same on PostgreSQL with 1 million rows. Peak memory of each process (GNU time).
// Environment: DP_BENCH_TEST_ROWS (10000000), DP_BENCH_TEST_PG_ROWS (1000000), DP_BENCH_TEST_RUNS (2).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { DP, NODE, race, record, report, scratch, section } from './lib.mjs';
import { startPostgres } from './postgres.mjs';

const ROWS = Number(process.env.DP_BENCH_TEST_ROWS ?? 10_000_000);
const PG_ROWS = Number(process.env.DP_BENCH_TEST_PG_ROWS ?? 1_000_000);
const RUNS = Number(process.env.DP_BENCH_TEST_RUNS ?? 2);
const SELF = fileURLToPath(import.meta.url);
const COUNTRIES = ['SE', 'NO', 'FI', 'DK', 'DE', 'FR', 'ES', 'IT', 'NL', 'PL'];
const STATUSES = ['new', 'paid', 'shipped', 'delivered', 'cancelled'];
const EMAIL = '^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$';
const list = (values) => values.map((v) => `'${v}'`).join(', ');

/** The rows, in DuckDB's SQL: recent timestamps, a few nulls, a few values out of bounds. */
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

/** 30 checks: 16 from the schema, 10 quality rules (one sql), 2 SLA ages, and the two primary-key checks. */
const DESCRIPTOR = {
  apiVersion: 'v1.0.0', kind: 'DataProduct', id: 'bench', name: 'Bench', version: '1.0.0', status: 'active', domain: 'bench',
  outputPorts: [{ name: 'orders', version: '1.0.0', contractId: 'bench-orders' }],
  managementPorts: [{ name: 'discovery', content: 'discoverability' }, { name: 'observation', content: 'observability' }, { name: 'control', content: 'control' }],
  team: { name: 'bench-team', members: [{ username: 'bench@example.com', role: 'owner' }] },
};

function benchContract(server, distinct = true) {
  const c = { apiVersion: 'v3.1.0', kind: 'DataContract', id: 'bench-orders', name: 'Orders', version: '1.0.0', status: 'active', domain: 'bench' };
  c.schema = [
    {
      name: 'orders', physicalName: 'orders', physicalType: 'table', logicalType: 'object', description: 'Orders.',
      quality: [
        { metric: 'rowCount', mustBeGreaterThan: 1000 },
        { metric: 'duplicateValues', mustBeLessThan: 100000000, arguments: { properties: ['user_id', 'created_at'] } },
        { type: 'sql', query: "SELECT count(*) FROM {object} WHERE amount > 5000 AND status = 'cancelled'", mustBeLessThan: 100000000 },
      ],
      properties: [
        field('id', 'integer', 'bigint', { required: true, unique: true, primaryKey: true }),
        field('user_id', 'string', 'varchar', { required: true, quality: [{ metric: 'duplicateValues', mustBeLessOrEqualTo: 90, unit: 'percent' }] }),
        field('email', 'string', 'varchar', { classification: 'restricted', logicalTypeOptions: { format: 'email', maxLength: 100 }, quality: [{ metric: 'nullValues', mustBeLessOrEqualTo: 5, unit: 'percent' }] }),
        field('country', 'string', 'varchar', { quality: [{ metric: 'invalidValues', mustBe: 0, arguments: { validValues: COUNTRIES } }] }),
        field('status', 'string', 'varchar', { required: true, quality: [{ metric: 'invalidValues', mustBe: 0, arguments: { validValues: STATUSES } }, { metric: 'missingValues', mustBe: 0 }] }),
        field('amount', 'number', 'double', { logicalTypeOptions: { minimum: 0, maximum: 10000 }, quality: [{ metric: 'nullValues', mustBe: 0 }] }),
        field('quantity', 'integer', 'integer', { logicalTypeOptions: { minimum: 1, maximum: 100 } }),
        field('created_at', 'timestamp', 'timestamp', { required: true }),
        field('updated_date', 'date', 'date', { logicalTypeOptions: { minimum: '2000-01-01' } }),
        field('channel', 'string', 'varchar', { quality: [{ metric: 'nullValues', mustBeLessOrEqualTo: 10, unit: 'percent' }, { metric: 'invalidValues', mustBe: 0, arguments: { pattern: '^[a-z]+$' } }] }),
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

/** The same numbers, written by hand: one expression per number dp computes (duplicates removed, as dp does). */
function handExpressions(regex, epoch, tuple) {
  return [
    'count(*)', 'count(*) FILTER (WHERE id IS NULL)', 'count(id) - count(DISTINCT id)', 'count(*) FILTER (WHERE user_id IS NULL)',
    `count(*) FILTER (WHERE email IS NOT NULL AND NOT ${regex('email', EMAIL)})`, 'count(*) FILTER (WHERE length(email) > 100)',
    'count(*) FILTER (WHERE status IS NULL)', 'count(*) FILTER (WHERE amount < 0)', 'count(*) FILTER (WHERE amount > 10000)',
    'count(*) FILTER (WHERE quantity < 1)', 'count(*) FILTER (WHERE quantity > 100)', 'count(*) FILTER (WHERE created_at IS NULL)',
    "count(*) FILTER (WHERE updated_date < DATE '2000-01-01')", 'count(*) FILTER (WHERE score < 0)', 'count(*) FILTER (WHERE score > 1)',
    'count(*) FILTER (WHERE is_active IS NULL)', `count(*) - count(DISTINCT ${tuple('user_id, created_at')})`, 'count(*) FILTER (WHERE email IS NULL)',
    'count(user_id) - count(DISTINCT user_id)', `count(*) FILTER (WHERE country NOT IN (${list(COUNTRIES)}))`,
    `count(*) FILTER (WHERE status NOT IN (${list(STATUSES)}))`, "count(*) FILTER (WHERE status IS NULL OR status = '')",
    'count(*) FILTER (WHERE channel IS NULL)', `count(*) FILTER (WHERE NOT ${regex('channel', '^[a-z]+$')})`, 'count(*) FILTER (WHERE amount IS NULL)',
    epoch('max(created_at)'), epoch('min(created_at)'), "count(*) FILTER (WHERE amount > 5000 AND status = 'cancelled')",
  ];
}

const DIALECTS = {
  duckdb: { regex: (c, p) => `regexp_matches(${c}, '${p}')`, epoch: (e) => `epoch(${e})`, tuple: (cols) => `row(${cols})` },
  postgres: { regex: (c, p) => `(${c} ~ '${p}')`, epoch: (e) => `extract(epoch FROM ${e})`, tuple: (cols) => `ROW(${cols})` },
};

export function queries(engine, relation, mode) {
  const d = DIALECTS[engine];
  const all = handExpressions(d.regex, d.epoch, d.tuple);
  const exprs = mode.endsWith('-nodistinct') ? all.filter((e) => !e.includes('DISTINCT')) : all;
  return mode.startsWith('single') ? [`SELECT ${exprs.join(',\n  ')} FROM ${relation}`] : exprs.map((e) => `SELECT ${e} FROM ${relation}`);
}

/** Child mode: `node test.bench.mjs query <engine> <target> <single|per-check>` runs the hand-written queries. */
async function runQueries(engine, target, mode) {
  if (engine === 'duckdb') {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:', { memory_limit: '2GB', preserve_insertion_order: 'false' });
    const c = await instance.connect();
    for (const sql of queries(engine, `read_parquet('${target}')`, mode)) await c.runAndReadAll(sql);
    c.closeSync();
  } else {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    for (const sql of queries(engine, 'orders', mode)) await client.query(sql);
    await client.end();
  }
}

function peakMemoryMB(cmd, args, env = {}) {
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 64 << 20 });
  const kb = Number(r.stderr.trim().split('\n').pop());
  return Number.isFinite(kb) ? kb / 1024 : NaN;
}

function checkDp(dir, env) {
  const r = spawnSync(NODE, [DP, 'test', dir, '--format', 'json'], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  const run = JSON.parse(r.stdout);
  const planned = run.results.filter((x) => !['exists', 'type', 'undeclaredColumn'].includes(x.check));
  for (const x of run.results.filter((r) => r.status === 'failed')) console.log(`  (failed as generated: ${x.field ?? ''} ${x.check}: ${x.message})`);
  if (run.summary.errors > 0) console.log(spawnSync(NODE, [DP, 'validate', dir], { encoding: 'utf8' }).stdout);
  if (run.summary.errors > 0) throw new Error(`dp test had errors: ${JSON.stringify([...run.ports.filter((p) => p.status === "error"), ...run.results.filter((x) => x.status === "error")].slice(0, 3))}`);
  return planned.length;
}

export function product(dir, server, distinct = true) {
  mkdirSync(join(dir, 'contracts'), { recursive: true });
  writeFileSync(join(dir, 'dataproduct.odps.yaml'), stringify(DESCRIPTOR));
  writeFileSync(join(dir, 'contracts', 'orders.odcs.yaml'), stringify(benchContract(server, distinct)));
  writeFileSync(join(dir, 'dp.config.yaml'), 'policies:\n  extends: minimal\n');
}

function compare(title, commands, memoryOf) {
  section(title);
  const t = race(commands, RUNS);
  report('dp test vs one hand-written query (the floor)', t.dp, t.hand, 1.25);
  const speedup = t.perCheck / t.dp;
  record(`${title}: one query per check / dp test`, speedup, speedup >= 3);
  console.log(`  ${'one query per check vs dp test'.padEnd(58)} ${t.perCheck.toFixed(1).padStart(9)} ms vs ${t.dp.toFixed(1)} ms  dp is ${speedup.toFixed(2)}x faster (goal >= 3x: ${speedup >= 3 ? 'met' : 'NOT met'})`);
  for (const [label, [cmd, args, options]] of Object.entries(commands)) {
    const mb = memoryOf(cmd, args, options?.env);
    console.log(`  peak memory of ${label.padEnd(10)} ${mb.toFixed(0).padStart(6)} MB`);
    record(`peak memory ${title} ${label}`, mb, undefined);
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
  console.log(`  ${checkDp(dir)} checks measured by dp test (besides columns and types)`);
  compare(`DuckDB, ${ROWS.toLocaleString('en-US')}-row Parquet (median of ${RUNS} interleaved runs)`, {
    dp: [NODE, [DP, 'test', dir], { expectCode: 0 }],
    hand: [NODE, [SELF, 'query', 'duckdb', parquet, 'single'], { expectCode: 0 }],
    perCheck: [NODE, [SELF, 'query', 'duckdb', parquet, 'per-check'], { expectCode: 0 }],
  }, peakMemoryMB);
  const lean = `${dir}-lean`;
  mkdirSync(join(lean, 'data'), { recursive: true });
  product(lean, { server: 'local', type: 'local', path: parquet, format: 'parquet' }, false);
  console.log(`\n  ${checkDp(lean)} checks without the uniqueness checks`);
  compare('DuckDB, the same without the uniqueness checks', {
    dp: [NODE, [DP, 'test', lean], { expectCode: 0 }],
    hand: [NODE, [SELF, 'query', 'duckdb', parquet, 'single-nodistinct'], { expectCode: 0 }],
    perCheck: [NODE, [SELF, 'query', 'duckdb', parquet, 'per-check-nodistinct'], { expectCode: 0 }],
  }, peakMemoryMB);
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
    product(dir, { server: 'pg', type: 'postgres', host: u.hostname, port: Number(u.port), database: u.pathname.slice(1), schema: 'public' });
    const env = { PGUSER: 'dp' };
    console.log(`\n  ${checkDp(dir, env)} checks measured by dp test on PostgreSQL`);
    compare(`PostgreSQL, ${PG_ROWS.toLocaleString('en-US')} rows (median of ${RUNS} interleaved runs)`, {
      dp: [NODE, [DP, 'test', dir], { expectCode: 0, env }],
      hand: [NODE, [SELF, 'query', 'postgres', server.url, 'single'], { expectCode: 0 }],
      perCheck: [NODE, [SELF, 'query', 'postgres', server.url, 'per-check'], { expectCode: 0 }],
    }, peakMemoryMB);
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

if (process.argv[2] === 'query') await runQueries(process.argv[3], process.argv[4], process.argv[5]);
