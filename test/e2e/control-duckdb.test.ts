/**
 * The control commands on embedded engines: an erasure request reaching two products, one
 * downstream of the other (Parquet files rewritten without the subject's rows, a DuckDB database
 * file deleted from in a transaction), retention on a DuckDB file and on CSV files, and access
 * apply on an engine without roles (reported, not run).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRun } from '../../src/data/types.js';
import { dp, expectNoStack } from '../support/cli.js';
import { cleanPlays, dataContract, duck, writeDataProduct } from '../support/data.js';
import { tempDir, validDescriptor, writeProduct } from '../support/product.js';

let root: string;
let cleanup: () => void;
let upstream: string;
let downstream: string;
const env = () => ({ DP_CATALOG: join(root, 'catalog.db'), DP_PUBLISHER: 'ops@example.com' });

function run(cwd: string, args: string[]) {
  const r = dp(args, { cwd, env: env() });
  expectNoStack(r);
  return r;
}
function json(cwd: string, args: string[]) {
  const r = run(cwd, [...args, '--json']);
  return { ...r, doc: JSON.parse(r.stdout) };
}

/** A count read with DuckDB; `sessions` names the downstream product's database file, attached read-only. */
async function rows(sql: string): Promise<number> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    if (sql.includes('sessions.plays')) await connection.run(`ATTACH '${join(downstream, 'data', 'sessions.duckdb')}' AS sessions (READ_ONLY)`);
    return Number((await connection.runAndReadAll(sql)).getRows()[0][0]);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

beforeAll(async () => {
  ({ dir: root, cleanup } = tempDir('dp-e2e-control-duck-'));
  // Upstream: play-events on Parquet files (two files), listener_email its subject key.
  const events = dataContract({ server: 'local', type: 'local', environment: 'prod', path: '../data/{object}-*.parquet', format: 'parquet' });
  events.schema[0].properties[1].customProperties = [{ property: 'dataSubject', value: 'listener' }];
  upstream = writeDataProduct(join(root, 'play-events'), events);
  await duck([
    `COPY (${cleanPlays(500)} WHERE range < 250) TO '${join(upstream, 'data', 'plays-1.parquet')}' (FORMAT PARQUET)`,
    `COPY (${cleanPlays(500)} WHERE range >= 250) TO '${join(upstream, 'data', 'plays-2.parquet')}' (FORMAT PARQUET)`,
  ]);
  // Downstream: listener-sessions consumes it, in a DuckDB database file; it carries listener_email unmarked.
  const sessions = dataContract({ server: 'warehouse', type: 'duckdb', environment: 'prod', database: '../data/sessions.duckdb', schema: 'main' });
  sessions.id = 'listener-sessions-sessions';
  sessions.schema[0].properties[1].description = 'Who listened, as upstream.';
  downstream = writeDataProduct(join(root, 'listener-sessions'), sessions);
  const descriptor = {
    ...validDescriptor(),
    id: 'listener-sessions',
    domain: 'listener',
    inputPorts: [{ name: 'plays', version: '1.0.0', contractId: 'play-events-events' }],
    outputPorts: [{ name: 'events', version: '1.0.0', type: 'tables', contractId: 'listener-sessions-sessions' }],
    team: { name: 'listener-team', members: [{ username: 'li@example.com', role: 'owner' }] },
  };
  writeProduct(downstream, { descriptor, contracts: { events: sessions } });
  await duck(
    [
      `CREATE TABLE plays AS ${cleanPlays(300)}`,
      "INSERT INTO plays SELECT 'old' || range, 'x@example.com', 'SE', now()::TIMESTAMP - INTERVAL 800 DAY, 1 FROM range(5)",
    ],
    join(downstream, 'data', 'sessions.duckdb'),
  );
  for (const dir of [upstream, downstream]) expect(run(dir, ['publish']).code).toBe(0);
});
afterAll(() => cleanup?.());

describe('control commands on embedded engines', () => {
  it('an erasure request reaches both products; each erases from its own data and confirms; the request closes', async () => {
    const subject = 'u42@example.com';
    expect(await rows(`SELECT count(*) FROM read_parquet('${upstream}/data/*.parquet') WHERE listener_email = '${subject}'`)).toBe(1);
    expect(await rows(`SELECT count(*) FROM sessions.plays WHERE listener_email = '${subject}'`)).toBe(1);
    const request = json(upstream, ['erase', 'request', '--subject', `listener=${subject}`, '--reason', 'GDPR art. 17']).doc.request;
    expect(request.tasks.map((t: { productId: string; via: string[] }) => [t.productId, t.via])).toEqual([
      ['listener-sessions', ['play-events']],
      ['play-events', []],
    ]);
    // Upstream: the Parquet file holding the row is rewritten without it; the other is untouched.
    const untouched = readdirSync(join(upstream, 'data'));
    const up = json(upstream, ['erase', 'apply', '--server', 'local', '--yes']);
    expect(up.doc.tasks).toEqual([expect.objectContaining({ status: 'done', objects: [expect.objectContaining({ rows: 1 })] })]);
    expect(readdirSync(join(upstream, 'data'))).toEqual(untouched);
    expect(await rows(`SELECT count(*) FROM read_parquet('${upstream}/data/*.parquet') WHERE listener_email = '${subject}'`)).toBe(0);
    expect(await rows(`SELECT count(*) FROM read_parquet('${upstream}/data/*.parquet')`)).toBe(499);
    // Downstream: deleted in the DuckDB file; the request closes with it.
    const down = json(downstream, ['erase', 'apply', '--server', 'warehouse', '--yes']);
    expect(down.doc.tasks[0]).toMatchObject({ status: 'done', objects: [{ rows: 1, relation: '"main"."plays"' }] });
    expect(await rows(`SELECT count(*) FROM sessions.plays WHERE listener_email = '${subject}'`)).toBe(0);
    const status = json(upstream, ['erase', 'status', request.id]);
    expect(status.code).toBe(0);
    expect(status.doc.request.closedAt).not.toBeNull();
    expect(status.doc.request.tasks.map((t: { status: string }) => t.status)).toEqual(['done', 'done']);
    // The product's data is still whole for dp test.
    const tested: TestRun = JSON.parse(run(upstream, ['test', '--format', 'json']).stdout);
    expect(tested.results.find((r) => r.check === 'rowCount')).toMatchObject({ status: 'passed', measured: 499 });
  });

  it('retention on a DuckDB file: counts first, deletes once confirmed, dp test then passes retention', async () => {
    const retention = (): unknown =>
      (JSON.parse(run(downstream, ['test', '--format', 'json']).stdout) as TestRun).results.find((r) => r.check === 'retention')?.status;
    expect(retention()).toBe('failed');
    const first = run(downstream, ['retention', 'apply', '--server', 'warehouse']);
    expect(first.stdout).toContain('5 rows to delete');
    expect(first.stderr).toMatch(/dry run \(the first on server warehouse\)/);
    expect(await rows(`SELECT count(*) FROM sessions.plays`)).toBe(304);
    const declined = run(downstream, ['retention', 'apply', '--server', 'warehouse']);
    expect(declined.code).toBe(2);
    const second = json(downstream, ['retention', 'apply', '--server', 'warehouse', '--yes']);
    expect(second.doc).toMatchObject({ applied: true, objects: [{ rows: 5, column: 'played_at' }] });
    expect(await rows(`SELECT count(*) FROM sessions.plays`)).toBe(299);
    expect(retention()).toBe('passed');
  });

  it('retention on CSV files: the file holding old rows is rewritten without them', async () => {
    const contract = dataContract({ server: 'local', type: 'local', environment: 'prod', path: '../data/{object}.csv', format: 'csv' });
    contract.id = 'csv-plays-events';
    const dir = writeDataProduct(join(root, 'csv-plays'), contract);
    writeProduct(dir, {
      descriptor: {
        ...validDescriptor(),
        id: 'csv-plays',
        outputPorts: [{ name: 'events', version: '1.0.0', type: 'tables', contractId: 'csv-plays-events' }],
      },
      contracts: { events: contract },
    });
    await duck([
      `COPY (${cleanPlays(20)} UNION ALL SELECT 'old', 'o@example.com', 'SE', now()::TIMESTAMP - INTERVAL 400 DAY, 1) TO '${join(dir, 'data', 'plays.csv')}' (FORMAT CSV, HEADER)`,
    ]);
    expect(run(dir, ['publish']).code).toBe(0);
    const applied = json(dir, ['retention', 'apply', '--server', 'local', '--no-dry-run', '--yes']);
    expect(applied.doc.objects[0].rows).toBe(1);
    expect(await rows(`SELECT count(*) FROM read_csv('${join(dir, 'data', 'plays.csv')}', header = true)`)).toBe(20);
    expect(readdirSync(join(dir, 'data')).filter((f) => f.startsWith('.dp-'))).toEqual([]);
  });

  it('access apply on an engine without roles reports what it would run on PostgreSQL, and runs nothing', () => {
    const id = json(upstream, ['access', 'request', 'play-events:events', '--role', 'play_events_reader', '--purpose', 'report', '--team', 'bi-team']).doc
      .request.id;
    expect(run(upstream, ['access', 'approve', id, '--reason', 'ok']).code).toBe(0);
    const applied = run(upstream, ['access', 'apply', '--server', 'local', '--yes']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('local has no roles: dp does not apply grants there; on PostgreSQL it would run:');
    expect(applied.stdout).toContain('GRANT "play_events_reader" TO "bi-team";');
    expect(existsSync(join(upstream, 'data', 'plays-1.parquet'))).toBe(true);
  });

  it('erase apply on a server type dp cannot write leaves the task open for dp erase confirm', () => {
    const request = json(upstream, ['erase', 'request', '--subject', 'listener=u1@example.com', '--reason', 'r']).doc.request;
    const dry = run(downstream, ['erase', 'apply', '--server', 'nope', '--yes']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/left: listener-sessions-sessions\/plays: contract listener-sessions-sessions has no server nope/);
    const task = `${request.id}:listener-sessions`;
    expect(json(downstream, ['erase', 'pending']).doc.tasks.map((t: { id: string }) => t.id)).toEqual([task]);
    expect(run(downstream, ['erase', 'confirm', task, '--note', 'rebuilt from upstream']).code).toBe(0);
    expect(json(downstream, ['erase', 'pending']).doc.tasks).toEqual([]);
  });
});
