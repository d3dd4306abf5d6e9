import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dp, expectNoStack } from '../support/cli.js';
import { tempDir, validContract, validDescriptor } from '../support/product.js';

let root: string;
let cleanup: () => void;

function write(path: string, content: string | object): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), typeof content === 'string' ? content : stringify(content));
}

function policy(name: string, preset: string): string {
  write(`${name}.yaml`, `extends: ${preset}\n`);
  return join(root, `${name}.yaml`);
}

interface JsonFinding {
  ruleId: string;
  severity: string;
  file: string;
  line: number;
  message: string;
  hint?: string;
}

function validate(args: string[]): { code: number; findings: JsonFinding[]; summary: Record<string, number> } {
  const r = dp(['validate', ...args, '--json'], { cwd: root });
  expectNoStack(r);
  const doc = JSON.parse(r.stdout);
  return { code: r.code, findings: doc.findings, summary: doc.summary };
}

/** An ODCS v3.0.2 contract written the v3.0.2 way: a team list, `rule` in quality, boolean exclusive bounds, an Athena staging dir. */
function v302(): Record<string, unknown> {
  return {
    apiVersion: 'v3.0.2',
    kind: 'DataContract',
    id: 'urn:datacontract:checkout:orders',
    version: '1.0.0',
    status: 'active',
    schema: [
      {
        name: 'orders',
        properties: [
          { name: 'order_id', logicalType: 'string', quality: [{ rule: 'nullValues', mustBe: 0 }] },
          { name: 'amount', logicalType: 'number', logicalTypeOptions: { maximum: 100000, exclusiveMaximum: true } },
        ],
      },
    ],
    servers: [{ server: 'prod', type: 'athena', stagingDir: 's3://results/athena/', schema: 'checkout' }],
    team: [{ username: 'ana@example.com', role: 'owner' }],
    slaProperties: [
      { property: 're', value: 1, unit: 'y' },
      { property: 'freshness', value: 1, unit: 'h', element: 'orders.order_id' },
    ],
  };
}

beforeAll(() => {
  ({ dir: root, cleanup } = tempDir('dp-e2e-formats-'));
  write('other/dcs.yaml', {
    dataContractSpecification: '1.2.0',
    id: 'orders',
    info: { title: 'Orders', version: '1.0.0' },
    models: { orders: { fields: {} } },
  });
  write('other/dpds.json', JSON.stringify({ dataProductDescriptor: '1.0.0', info: { fullyQualifiedName: 'urn:dpds:x', name: 'x', version: '1.0.0' } }));
  write('other/v2.yaml', { kind: 'DataContract', apiVersion: 'v2.2.2', uuid: 'x', datasetName: 'orders', version: '1.0.0', status: 'active' });
  write('other/no-kind.yaml', { id: 'orders', version: '1.0.0', status: 'active' });
  write('other/case.yaml', { kind: 'Datacontract', apiVersion: 'v3.1.0', id: 'x', version: '1.0.0', status: 'active', schema: 42 });
  write('other/compose.yaml', { services: { web: { image: 'nginx' } } });
  write('v302/valid.odcs.yaml', v302());
  write('v302/newer.odcs.yaml', { ...v302(), team: { name: 'checkout', members: [{ username: 'ana@example.com', role: 'owner' }] } });
  const descriptor = validDescriptor();
  // Written as the ODPS examples are: a `v` in versions, no management ports, no team owner, ports with contracts kept elsewhere.
  write('odps/product.odps.yaml', {
    ...descriptor,
    version: 'v1.0.0',
    managementPorts: undefined,
    team: undefined,
    outputPorts: [{ name: 'events', version: 'v2.0.0', contractId: 'c2798941-1b7e-4b03-9e0d-955b1a872b33' }],
  });
  write('repo/orders.odcs.yaml', validContract('orders'));
  write('repo/payments/payments.odcs.yaml', {
    ...validContract('payments'),
    servers: [{ server: 'db', type: 'oracle', host: 'db', port: 1521, serviceName: 'PAY' }],
  });
  write('repo/legacy/datacontract.yaml', { dataContractSpecification: '1.1.0', id: 'legacy', info: { title: 'Legacy', version: '1.0.0' } });
  write('repo/.github/workflows/ci.yaml', { on: 'push' });
});
afterAll(() => cleanup());

describe('dp validate recognises what a file is', () => {
  it.each([
    ['other/dcs.yaml', /^Data Contract Specification 1\.2\.0, not ODCS: convert it with `dp convert` to ODCS v3\.1\.0$/],
    ['other/dpds.json', /^DPDS 1\.0\.0 \(Open Data Mesh descriptor\), not ODPS: convert it with `dp convert`/],
    ['other/v2.yaml', /ODCS v2 contract, which dp does not validate: convert it with `dp convert` to v3\.1\.0/],
    ['other/no-kind.yaml', /the document has no `kind`/],
    ['other/case.yaml', /kind is "Datacontract": ODCS requires exactly "DataContract"/],
    ['other/compose.yaml', /the document has no `kind`/],
  ])('%s never passes: one finding says what it is and what to do; exit 1', (file, message) => {
    const { code, findings } = validate([file]);
    expect(code).toBe(1);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'unsupported-document', severity: 'error', file });
    expect(findings[0].message).toMatch(message);
  });

  it('checks an ODCS v3.0.2 contract against v3.0.2, with an info that v3.1.0 exists', () => {
    const { code, findings } = validate(['v302/valid.odcs.yaml']);
    expect(code).toBe(0);
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([['odcs-version', 'info']]);
    expect(findings[0].hint).toBe('`dp convert v302/valid.odcs.yaml --in-place` upgrades it to v3.1.0 (`--dry-run` shows the changes first)');
    expect(validate(['v302/valid.odcs.yaml', '--policies', policy('none', 'none')]).findings).toEqual([]);
  });

  it('refuses v3.1.0 constructs in a contract that declares v3.0.2, and says which version to declare', () => {
    const { code, findings } = validate(['v302/newer.odcs.yaml']);
    expect(code).toBe(1);
    const error = findings.find((f) => f.severity === 'error')!;
    expect(error).toMatchObject({ ruleId: 'schema-type', message: '`team` must be a list, got a mapping' });
    expect(error.hint).toBe('ODCS v3.1.0 allows this, but the contract declares ODCS v3.0.2: declare `apiVersion: v3.1.0` (`dp convert` upgrades the rest)');
  });
});

describe('presets mean what they say', () => {
  it('minimal: an ODPS descriptor written like the official examples gets no error', () => {
    const { code, findings } = validate(['odps/product.odps.yaml', '--policies', policy('minimal', 'minimal')]);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(code).toBe(0);
  });

  it('recommended: dp conventions are warnings that say so, and `v1.0.0` is a version', () => {
    const { code, findings } = validate(['odps/product.odps.yaml']);
    expect(code).toBe(0);
    expect(findings.map((f) => f.ruleId).sort()).toEqual(['management-ports', 'management-ports', 'management-ports', 'output-port-contract', 'team-owner']);
    for (const f of findings) expect(f).toMatchObject({ severity: 'warning', message: expect.stringMatching(/\(dp convention\)$/) });
  });
});

describe('a directory of contracts', () => {
  it('validates as contracts, with every standard server type, and names what it skipped', () => {
    const r = dp(['validate', 'repo'], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/in 2 contracts, 2 files checked/);
    expect(r.stdout).toContain('repo/legacy/datacontract.yaml');
    expect(r.stdout).toMatch(/not checked: the file is a Data Contract Specification 1\.1\.0 file, not ODCS .*file-skipped/);
    expect(r.stdout).toMatch(/hint: convert it to ODCS with `dp convert`/);
    expect(r.stdout).not.toContain('ci.yaml');
    expect(r.stdout).not.toContain('allowed-server-types');
  });

  it('says what it looked for when a directory holds nothing to check, naming the skipped files', () => {
    const r = dp(['validate', 'repo/legacy'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/repo\/legacy: no data product or contract found \(looked for \*\.odps\.yaml descriptors and \*\.odcs\.yaml contracts\)/);
    expect(r.stdout).toMatch(/datacontract\.yaml[\s\S]*file-skipped/);
  });
});

describe('dp rules', () => {
  it('says what each rule rests on, in text and in --json', () => {
    const text = dp(['rules'], { cwd: root }).stdout;
    expect(text).toMatch(/management-ports\s+warning\s+dp convention\s+/);
    expect(text).toMatch(/duplicate-keys\s+error\s+standard, minimal\s+/);
    expect(text).toMatch(/sla-required-properties\s+warning\s+organisation policy\s+/);
    const rules = JSON.parse(dp(['rules', '--json'], { cwd: root }).stdout) as Array<{ id: string; basis: string; certain?: boolean }>;
    expect(rules.find((r) => r.id === 'port-contract-version')).toMatchObject({ basis: 'standard', certain: true });
    expect(rules.find((r) => r.id === 'safe-identifiers')).toMatchObject({ basis: 'dp' });
    expect(rules.every((r) => ['standard', 'dp', 'organisation'].includes(r.basis))).toBe(true);
  });
});
