/** dp test as a command: formats, filters, what cannot be tested, bad input, and --explain. */
import { cpSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEANINGS } from '../../src/data/explain.js';
import type { TestRun } from '../../src/data/types.js';
import { dp, expectNoStack } from '../support/cli.js';
import { cleanPlays, dataContract, duck, writeDataProduct } from '../support/data.js';
import { tempDir } from '../support/product.js';

let root: string;
let cleanup: () => void;
let good: string;
let bad: string;

beforeAll(async () => {
  ({ dir: root, cleanup } = tempDir('dp-e2e-test-cli-'));
  good = writeDataProduct(join(root, 'good'), dataContract());
  await duck([`COPY (${cleanPlays(100)}) TO '${join(good, 'data', 'plays.parquet')}'`]);
  bad = writeDataProduct(join(root, 'bad'), dataContract());
  await duck([
    `COPY (SELECT * REPLACE (CASE WHEN play_id = 'p1' THEN NULL ELSE play_id END AS play_id) FROM (${cleanPlays(100)})) TO '${join(bad, 'data', 'plays.parquet')}'`,
  ]);
});
afterAll(() => cleanup());

describe('dp test output', () => {
  it('stylish: each check with its verdict, measured value, threshold and contract line; a summary', () => {
    const r = dp(['test', 'bad'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✖ play-events:events {2}bad\/contracts\/events\.odcs\.yaml {2}server local \(local, the only server\)/);
    expect(r.stdout).toMatch(/✖ play_id required\s+1 row, expected = 0 rows \[no nulls\] {2}bad\/contracts\/events\.odcs\.yaml:\d+:\d+/);
    expect(r.stdout).toMatch(/✔ rowCount\s+100 rows \(> 0 rows\)/);
    expect(r.stdout).toMatch(/- frequency\s+not tested: /);
    expect(r.stdout).toMatch(/\d+ passed, \d+ failed, 0 errors, 1 skipped \(\d+ checks of 1 port in [\d.]+ s\)\n$/);
    expectNoStack(r);
  });

  it('junit and github at once, to a file and to stdout', () => {
    const r = dp(['test', 'bad', '-f', 'github', '-f', 'junit', '-o', '-', '-o', 'junit.xml'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^::error file=bad\/contracts\/events\.odcs\.yaml,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=dp test required plays\.play_id::play-events:events: no nulls: 1 row, expected = 0 rows$/m,
    );
    expect(r.stdout).not.toMatch(/rowCount/);
    const xml = readFileSync(join(root, 'junit.xml'), 'utf8');
    expect(xml).toMatch(/<testsuites name="dp test" tests="\d+" failures="2" errors="0" skipped="1">/);
    expect(xml).toMatch(/<testcase classname="play-events:events" name="plays.play_id required"><failure message="1 row, expected = 0 rows" type="required">/);
  });

  it('filters by port and by kind of check, and tests a standalone contract', () => {
    const sla = JSON.parse(dp(['test', 'good', '--checks', 'sla', '--format', 'json'], { cwd: root }).stdout) as TestRun;
    expect(new Set(sla.results.filter((r) => r.check !== 'exists' && r.check !== 'type').map((r) => r.category))).toEqual(new Set(['sla']));
    const none = dp(['test', 'good', '--port', 'nope'], { cwd: root });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/nothing to test/);
    const alone = dp(['test', 'good/contracts/events.odcs.yaml', '--format', 'json'], { cwd: root, env: {} });
    expect(alone.code).toBe(0);
    const port = JSON.parse(alone.stdout).ports[0];
    expect(port).toMatchObject({ contract: 'play-events-events', status: 'passed' });
    expect(port.product).toBeUndefined();
  });
});

describe('dp test samples', () => {
  it("mask the fields the organisation's personal-data policy flags, whatever their classification", async () => {
    const contract = dataContract();
    contract.schema[0].properties[2].classification = 'internal';
    const dir = writeDataProduct(join(root, 'policy'), contract);
    writeFileSync(
      join(dir, 'dp.config.yaml'),
      'policies:\n  rules:\n    allowed-server-types:\n      types: [local]\n    personal-data-classification:\n      patterns: [e_?mail, ^country$]\n',
    );
    await duck([`COPY (SELECT * REPLACE ('XX' AS country) FROM (${cleanPlays(3)})) TO '${join(dir, 'data', 'plays.parquet')}'`]);
    const report = JSON.parse(dp(['test', '--format', 'json'], { cwd: dir }).stdout) as TestRun;
    expect(report.results.find((r) => r.check === 'invalidValues')!.samples).toEqual({
      columns: ['play_id', 'country'],
      rows: [
        ['p0', '***'],
        ['p1', '***'],
        ['p2', '***'],
      ],
      masked: ['country'],
    });
  });
});

describe('dp test finds products as dp validate does', () => {
  it("tests the contract of a port wherever it is in the product's tree, by its id", () => {
    const dir = writeDataProduct(join(root, 'layout'), dataContract());
    mkdirSync(join(dir, 'schemas'));
    renameSync(join(dir, 'contracts', 'events.odcs.yaml'), join(dir, 'schemas', 'events.odcs.yaml'));
    renameSync(join(dir, 'dataproduct.odps.yaml'), join(dir, 'play.odps.yaml'));
    cpSync(join(good, 'data', 'plays.parquet'), join(dir, 'data', 'plays.parquet'));
    const r = dp(['test', 'layout', '--format', 'json'], { cwd: root });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).ports[0]).toMatchObject({ port: 'events', contractFile: 'layout/schemas/events.odcs.yaml', status: 'passed' });
    writeFileSync(
      join(dir, 'play.odps.yaml'),
      readFileSync(join(dir, 'play.odps.yaml'), 'utf8').replace('contractId: play-events-events', 'contractId: play-events-v2'),
    );
    const missing = dp(['test', 'layout', '--format', 'json'], { cwd: root });
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout).ports[0]).toMatchObject({
      status: 'error',
      message: "no contract with id `play-events-v2` among the product's *.odcs.yaml files",
    });
  });
});

describe('dp test on what it cannot test', () => {
  it('reports other server types as not testable, never as passed (exit 2 when nothing was tested)', () => {
    const dir = writeDataProduct(join(root, 'kafka'), dataContract({ server: 'events', type: 'kafka', host: 'kafka:9092', format: 'avro' }));
    const r = dp(['test', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).ports[0]).toMatchObject({ status: 'skipped', message: expect.stringMatching(/type kafka, which dp cannot test yet/) });
    expect(r.stderr).toMatch(/no port could be tested/);
  });

  it('does not test a contract that does not validate', () => {
    const contract = dataContract();
    contract.schema[0].properties[0].logicalType = 'strnig';
    const dir = writeDataProduct(join(root, 'invalid'), contract);
    const r = dp(['test', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).ports[0]).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/does not validate \(\d+ errors; dp validate shows them\)/),
    });
  });

  it('asks for --server when several could be meant, and names the servers', () => {
    const contract = dataContract();
    contract.servers.push({ ...contract.servers[0], server: 'other' });
    const dir = writeDataProduct(join(root, 'two'), contract);
    const r = dp(['test'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/2 servers \(local, other\) and several are for development \(choose one with --server <name>\)/);
    writeFileSync(join(dir, 'contracts', 'events.odcs.yaml'), stringify(contract));
    expect(dp(['test', '--server', 'nope'], { cwd: dir }).code).toBe(2);
  });

  it('refuses bad options with exit 2 and no stack trace', () => {
    for (const args of [
      ['--since', 'yesterday'],
      ['--timeout', 'soon'],
      ['--checks', 'speed'],
      ['--samples', '-1'],
      ['--format', 'sarif'],
    ]) {
      const r = dp(['test', 'good', ...args], { cwd: root });
      expect(r.code, args.join(' ')).toBe(2);
      expectNoStack(r);
    }
    expect(dp(['test', 'missing-dir'], { cwd: root }).stderr).toMatch(/missing-dir: no such file or directory/);
  });
});

describe('dp test --explain', () => {
  it('prints the meaning of every open point with its reason', () => {
    const r = dp(['test', '--explain'], { cwd: root });
    expect(r.code).toBe(0);
    for (const m of MEANINGS) expect(r.stdout).toContain(m.check);
    expect(r.stdout).toMatch(/duplicateValues\n {2}The number of extra rows/);
    expect(JSON.parse(dp(['test', '--explain', '--json'], { cwd: root }).stdout)).toHaveLength(MEANINGS.length);
  });
});
