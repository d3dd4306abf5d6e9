import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dp, expectNoStack } from '../support/cli.js';
import { tempDir, validContract, validDescriptor, validProduct, writeProduct } from '../support/product.js';

let root: string;
let cleanup: () => void;

function write(path: string, content: object): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), stringify(content));
}

function validate(args: string[]) {
  const r = dp(['validate', ...args, '--json'], { cwd: root });
  expectNoStack(r);
  const doc = JSON.parse(r.stdout) as {
    findings: Array<{ ruleId: string; severity: string; file: string; message: string; hint?: string }>;
    targets: Array<{ kind: string; path: string }>;
  };
  return { code: r.code, ...doc };
}

beforeAll(() => {
  ({ dir: root, cleanup } = tempDir('dp-e2e-layouts-'));
  // A descriptor named after the product, its contract deep in another folder of its tree.
  write('named/orders.odps.yaml', validDescriptor());
  write('named/schemas/player/events.odcs.yaml', validContract());
  // dp's layout, but the contract is not named *.odcs.yaml.
  writeProduct(join(root, 'misnamed'), { descriptor: validDescriptor(), contracts: {} });
  write('misnamed/contracts/events.yaml', validContract());
  // Two descriptors in one directory share the contracts of its tree.
  const second = {
    ...validDescriptor(),
    id: 'play-events-archive',
    outputPorts: [{ name: 'archive', version: '1.0.0', type: 'files', contractId: 'play-events-archive' }],
  };
  write('pair/play-events.odps.yaml', validDescriptor());
  write('pair/play-events-archive.odps.yaml', second);
  write('pair/contracts/events.odcs.yaml', validContract());
  write('pair/contracts/archive.odcs.yaml', validContract('play-events-archive'));
  // A product holding another: products do not nest.
  writeProduct(join(root, 'outer'), validProduct());
  writeProduct(join(root, 'outer/inner'), validProduct());
});
afterAll(() => cleanup());

describe('product layouts', () => {
  it('finds a product by any *.odps.yaml descriptor and its contracts anywhere in its tree', () => {
    const { code, findings, targets } = validate(['named']);
    expect(findings).toEqual([]);
    expect(code).toBe(0);
    expect(targets).toEqual([expect.objectContaining({ kind: 'product', path: 'named' })]);
    expect(dp(['validate', 'named'], { cwd: root }).stdout).toMatch(/no problems \(1 product, 2 files checked\)/);
  });

  it('names a contract that is skipped for its file name, and points the port at it', () => {
    const { code, findings } = validate(['misnamed']);
    expect(code).toBe(0);
    const skipped = findings.find((f) => f.ruleId === 'file-skipped')!;
    expect(skipped).toMatchObject({
      file: 'misnamed/contracts/events.yaml',
      severity: 'warning',
      message: 'not checked: the file looks like an ODCS contract but is not named *.odcs.yaml (dp convention)',
    });
    expect(skipped.hint).toBe('rename it to events.odcs.yaml, or pass it to dp validate by name');
    const port = findings.find((f) => f.ruleId === 'output-port-contract')!;
    expect(port.hint).toBe(
      'misnamed/contracts/events.yaml has this id but is not checked: it looks like an ODCS contract but is not named *.odcs.yaml; rename it to events.odcs.yaml, or pass it to dp validate by name',
    );
  });

  it('checks each descriptor of a directory that holds several, and each of its contracts once', () => {
    const { code, findings, targets } = validate(['pair']);
    expect(findings).toEqual([]);
    expect(code).toBe(0);
    expect(targets.map((t) => `${t.kind} ${t.path}`).sort()).toEqual([
      'contract pair/contracts/archive.odcs.yaml',
      'contract pair/contracts/events.odcs.yaml',
      'product pair',
      'product pair',
    ]);
  });

  it('a port naming a contract of the tree at another version is an error there too', () => {
    write('pair2/a.odps.yaml', { ...validDescriptor(), outputPorts: [{ name: 'events', version: '2.0.0', contractId: 'play-events-events' }] });
    write('pair2/b.odps.yaml', { ...validDescriptor(), id: 'b' });
    write('pair2/events.odcs.yaml', validContract());
    const { code, findings } = validate(['pair2']);
    expect(code).toBe(1);
    expect(findings.filter((f) => f.severity === 'error').map((f) => [f.ruleId, f.file])).toEqual([['port-contract-version', 'pair2/a.odps.yaml']]);
  });

  it('does not read a product nested in another, and says so', () => {
    const { findings } = validate(['outer']);
    expect(findings.map((f) => [f.ruleId, f.file])).toEqual([['file-skipped', 'outer/inner']]);
    expect(findings[0].hint).toBe('validate it on its own, or move it out of the product');
  });

  it('checks a file given by name whatever its name: its content decides', () => {
    const { code, targets, findings } = validate(['misnamed/contracts/events.yaml']);
    expect(code).toBe(0);
    expect(targets).toEqual([expect.objectContaining({ kind: 'contract', path: 'misnamed/contracts/events.yaml' })]);
    expect(findings).toEqual([]);
  });
});

describe('publishing other layouts', () => {
  it('publishes a product whose contract id is a URN, as the most used contract tool writes them', () => {
    const urn = 'urn:datacontract:player:events';
    write('urn/dataproduct.odps.yaml', {
      ...validDescriptor(),
      id: 'play-events-urn',
      outputPorts: [{ name: 'events', version: '1.0.0', type: 'tables', contractId: urn }],
    });
    write('urn/contracts/events.odcs.yaml', validContract(urn));
    expect(validate(['urn']).findings).toEqual([]);
    const r = dp(['publish', 'urn', '--catalog', join(root, 'urn.db')], { cwd: root });
    expect(r.code, r.stderr).toBe(0);
    const consumers = dp(['catalog', 'show', 'play-events-urn', '--catalog', join(root, 'urn.db')], { cwd: root });
    expect(consumers.stdout).toContain(urn);
  });

  it('publishes a product whose descriptor and contracts are not where dp init puts them', () => {
    const r = dp(['publish', 'named', '--catalog', join(root, 'catalog.db')], { cwd: root });
    expect(r.code, r.stderr).toBe(0);
    const show = JSON.parse(dp(['catalog', 'show', 'play-events', '--catalog', join(root, 'catalog.db'), '--json'], { cwd: root }).stdout);
    const files = [show.documents?.descriptor?.file, ...(show.documents?.contracts ?? []).map((c: { file: string }) => c.file)];
    expect(files).toEqual(['orders.odps.yaml', 'schemas/player/events.odcs.yaml']);
  });
});
