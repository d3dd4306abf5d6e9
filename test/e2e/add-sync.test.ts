/**
 * dp add port / dp add input and dp sync through the built bin, and what dp validate says of
 * derived files that no longer follow the contracts (the drift finding).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dp, tempDir, tree } from './init-support.js';

let root: string;
let cleanup: () => void;
let product: string;
const read = (rel: string) => readFileSync(join(product, rel), 'utf8');
const edit = (rel: string, change: (t: string) => string) => writeFileSync(join(product, rel), change(read(rel)));

interface Finding {
  ruleId: string;
  severity: string;
  file: string;
  line: number;
  message: string;
}

function findings(args: string[] = []): Finding[] {
  return (JSON.parse(dp(['validate', 'plays', '--json', ...args], root).stdout) as { findings: Finding[] }).findings.filter(
    (f) => f.ruleId !== 'placeholders-draft',
  );
}

beforeEach(() => {
  ({ dir: root, cleanup } = tempDir('dp-add-sync-'));
  const r = dp(['init', 'plays', '--name', 'play-events', '--domain', 'player', '--owner', 'ana@example.com', '--archetype', 'source-aligned', '--yes'], root);
  expect(r.code).toBe(0);
  product = join(root, 'plays');
});
afterEach(() => cleanup());

describe('dp add port', () => {
  it("creates the port's files and merges its descriptor entry, touching nothing else", () => {
    edit('dataproduct.odps.yaml', (t) => t.replace('outputPorts:\n', '# the ports consumers read\noutputPorts:\n'));
    edit('README.md', (t) => `${t}\nTeam notes.\n`);
    const before = new Map(tree(product).map((f) => [f, read(f)]));
    const r = dp(['add', 'port', 'archive:files', 'plays'], root);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('run dp sync');
    const after = tree(product);
    const created = after.filter((f) => !before.has(f) && !f.startsWith('.dp/backup/')).sort();
    // The descriptor the team had changed is merged, and its previous content kept aside.
    expect(after.filter((f) => f.startsWith('.dp/backup/'))).toEqual([expect.stringMatching(/^\.dp\/backup\/[^/]+\/dataproduct\.odps\.yaml$/)]);
    expect(created).toEqual([
      'contracts/archive.odcs.yaml',
      'data/sample/archive.csv',
      'ports/output/archive/README.md',
      'ports/output/archive/example-queries.sql',
      'ports/output/archive/write_parquet.py',
    ]);
    const changed = [...before.keys()].filter((f) => read(f) !== before.get(f)).sort();
    expect(changed).toEqual(['.dp/answers.yaml', '.dp/base.yaml', '.dp/generated.yaml', 'dataproduct.odps.yaml']);
    expect(read('dataproduct.odps.yaml')).toContain('# the ports consumers read\noutputPorts:\n');
    const d = parse(read('dataproduct.odps.yaml'));
    expect(d.outputPorts.map((p: { name: string }) => p.name)).toEqual(['events', 'archive']);
    expect(d.tags).toContain('files');
    expect(parse(read('.dp/answers.yaml')).answers.outputs).toEqual([
      { name: 'events', kind: 'table' },
      { name: 'archive', kind: 'files' },
    ]);
    // The derived files do not describe the new port until dp sync.
    expect(findings().map((f) => f.ruleId)).toContain('derived-files');
    expect(dp(['sync', 'plays'], root).code).toBe(0);
    expect(findings()).toEqual([]);
    expect(parse(read('ports/control/policies.yaml')).retention.map((r: { port: string }) => r.port)).toEqual(['events', 'archive']);
    // The new port comes with its sample rows, dated as the product's: its contract holds on them at once.
    const tested = dp(['test', 'plays', '--server', 'local', '--port', 'archive', '--checks', 'schema,quality', '--format', 'json'], root);
    expect(tested.code, tested.stdout + tested.stderr).toBe(0);
  });

  it('adds an input port reading another product, with its binding and the upstream contract on the outputs', () => {
    const r = dp(['add', 'input', 'accounts:product:accounts.customers@2.0.0', 'plays', '--json'], root);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).files.map((f: { path: string }) => f.path)).toEqual(
      expect.arrayContaining(['ports/input/accounts/binding.yaml', 'ports/input/accounts/README.md', 'dataproduct.odps.yaml']),
    );
    const d = parse(read('dataproduct.odps.yaml'));
    expect(d.inputPorts.map((p: { name: string; contractId: string }) => [p.name, p.contractId])).toEqual([
      ['source-db', 'play-events.source-db.source'],
      ['accounts', 'accounts.customers'],
    ]);
    expect(d.outputPorts[0].inputContracts).toEqual([{ id: 'accounts.customers', version: '2.0.0' }]);
  });

  it('refuses a name the product has, a bad kind, and --dry-run writes nothing', () => {
    const taken = dp(['add', 'port', 'events:table', 'plays'], root);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain('already has an output port named `events`');
    const kind = dp(['add', 'port', 'archive:lake', 'plays'], root);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain('unknown output port kind `lake`');
    const before = new Map(tree(product).map((f) => [f, read(f)]));
    const dry = dp(['add', 'port', 'archive:files', 'plays', '--dry-run'], root);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('diff --git a/contracts/archive.odcs.yaml b/contracts/archive.odcs.yaml');
    expect(new Map(tree(product).map((f) => [f, read(f)]))).toEqual(before);
  });
});

describe('derived files', () => {
  it('dp validate names what a derived file says that the contract does not (warning; error under strict), and dp sync fixes it, keeping team edits', () => {
    edit('contracts/events.odcs.yaml', (t) =>
      t
        .replace('  - property: retention\n    value: 365', '  - property: retention\n    value: 30')
        .replace(
          '      - name: ingested_at\n',
          '      - name: phone_number\n        logicalType: string\n        physicalType: VARCHAR\n        description: Phone number of the customer.\n        classification: restricted\n      - name: ingested_at\n',
        ),
    );
    edit('ports/discovery/README.md', (t) => `${t}\n## Known issues\n\nPlays before 2021 lack a device.\n`);
    const found = findings();
    const messages = found.filter((f) => f.ruleId === 'derived-files').map((f) => `${f.file}: ${f.message}`);
    expect(messages).toContain(
      'plays/ports/control/policies.yaml: `ports/control/policies.yaml` says retention 365 d for port `events`, the contract 30 d (dp convention)',
    );
    expect(messages).toContain(
      'plays/ports/control/policies.yaml: `ports/control/policies.yaml` does not list field `phone_number` for port `events` (dp convention)',
    );
    expect(messages).toContain(
      'plays/ports/control/policies.yaml: `ports/control/policies.yaml` does not list phone_number for port `events` under `erasure.subjects[0].fields` (dp convention)',
    );
    expect(
      messages.some((m) =>
        m.startsWith('plays/ports/observation/slos.yaml: `ports/observation/slos.yaml` says the retention objective for port `events` is 365, the contract 30'),
      ),
    ).toBe(true);
    expect(messages.some((m) => m.startsWith('plays/ports/discovery/README.md:') && m.includes('retention value 365 -> 30'))).toBe(true);
    expect(found.filter((f) => f.ruleId === 'derived-files').every((f) => f.severity === 'warning')).toBe(true);
    const policyLine =
      read('ports/control/policies.yaml')
        .split('\n')
        .findIndex((l) => l.includes('days: 365')) + 1;
    expect(found).toContainEqual(expect.objectContaining({ file: 'plays/ports/control/policies.yaml', line: policyLine }));

    writeFileSync(join(root, 'strict.yaml'), 'extends: strict\n');
    const strict = dp(['validate', 'plays', '--policies', 'strict.yaml'], root);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/error +`ports\/control\/policies\.yaml` says retention 365 d/);

    const sync = dp(['sync', 'plays'], root);
    expect(sync.code).toBe(0);
    expect(sync.stdout).toMatch(/update +ports\/control\/policies\.yaml/);
    expect(sync.stdout).toMatch(/merge +ports\/discovery\/README\.md/);
    expect(read('ports/discovery/README.md')).toContain('Plays before 2021 lack a device.');
    expect(read('ports/discovery/README.md')).toContain('kept 30 days');
    const policies = parse(read('ports/control/policies.yaml'));
    expect(policies.retention[0].days).toBe(30);
    expect(policies.erasure.subjects[0].fields).toEqual(['customer_email', 'phone_number']);
    expect(findings()).toEqual([]);
    expect(dp(['sync', 'plays'], root).stdout).toContain('nothing to change');
  });

  it('reports a derived file that is missing, and one edited by hand', () => {
    edit('ports/observation/slos.yaml', (t) => t.replace('      value: 365', '      value: 999'));
    rmSync(join(product, 'ports/control/policies.yaml'));
    const messages = findings().map((f) => f.message);
    expect(messages).toContain('`ports/observation/slos.yaml` says the retention objective for port `events` is 999, the contract 365 (dp convention)');
    expect(messages).toContain('`ports/control/policies.yaml` is missing: it is derived from the descriptor and contracts (dp convention)');
    expect(dp(['sync', 'plays'], root).stdout).toMatch(/create +ports\/control\/policies\.yaml/);
  });
});
