import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { dp, expectNoStack } from '../support/cli.js';
import { tempDir } from '../support/product.js';

const dcs = `dataContractSpecification: 1.2.1
id: orders
info:
  title: Orders
  version: 1.0.0
  status: active
models:
  orders:
    fields:
      id:
        type: string
        required: true
        pii: true
`;
const v30 = 'apiVersion: v3.0.2\nkind: DataContract\nid: lines\nversion: 1.0.0\nstatus: active\n# the lines\nschema:\n  - name: lines\n';

let root: string;
let cleanup: () => void;
let dir: string;
let n = 0;

beforeEach(() => {
  if (!root) ({ dir: root, cleanup } = tempDir('dp-e2e-convert-'));
  n += 1;
  dir = join(root, `case-${n}`);
  mkdirSync(dir);
});
afterAll(() => cleanup?.());

function write(rel: string, text: string): void {
  mkdirSync(join(dir, rel, '..'), { recursive: true });
  writeFileSync(join(dir, rel), text);
}

function listing(): string[] {
  const out: string[] = [];
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
      else out.push(`${prefix}${e.name}`);
    }
  };
  walk(dir, '');
  return out.sort();
}

describe('dp convert (end to end)', () => {
  it('writes <name>.odcs.yaml next to the source, lists what it kept, exit 0', () => {
    write('datacontract.yaml', dcs);
    const r = dp(['convert', 'datacontract.yaml'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('created datacontract.odcs.yaml\n');
    expect(r.stderr).toMatch(/datacontract.yaml \(Data Contract Specification 1.2.1\) -> datacontract.odcs.yaml \(ODCS v3.1.0\)/);
    expect(r.stderr).toMatch(/13:9 +kept +models\.orders\.fields\.id\.pii: ODCS v3\.1\.0 has no personal-data flag/);
    expect(r.stderr).toMatch(/-> schema\[0\]\.properties\[0\]\.customProperties/);
    expect(r.stderr).toMatch(/✔ 1 converted, 1 file written: 1 kept as custom properties/);
    expect(readFileSync(join(dir, 'datacontract.odcs.yaml'), 'utf8')).toMatch(
      /^# yaml-language-server: \$schema=https:\/\/dp-cli\.dev\/schemas\/odcs-v3\.1\.0\.schema\.json\n\napiVersion: v3\.1\.0\n/,
    );
    const check = dp(['validate', 'datacontract.odcs.yaml', '--json'], { cwd: dir });
    expect(JSON.parse(check.stdout).findings.filter((f: { ruleId: string }) => f.ruleId.startsWith('schema-'))).toEqual([]);
  });

  it('--dry-run prints a unified diff that applies, and writes nothing', () => {
    write('datacontract.yaml', dcs);
    write('lines.odcs.yaml', v30);
    const r = dp(['convert', '.', '--dry-run', '--in-place'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(listing()).toEqual(['datacontract.yaml', 'lines.odcs.yaml']);
    expect(r.stdout).toMatch(/^diff --git a\/datacontract.yaml b\/datacontract.yaml\n--- a\/datacontract.yaml\n\+\+\+ b\/datacontract.yaml\n/m);
    expect(r.stdout).toMatch(/^-apiVersion: v3\.0\.2\n\+apiVersion: v3\.1\.0$/m);
    expect(r.stderr).toMatch(/2 converted, 2 files not written \(--dry-run\)/);
    const git = spawnSync('git', ['apply', '-'], { cwd: dir, input: r.stdout, encoding: 'utf8' });
    if (git.error) return; // git missing: the diff's form is checked above
    expect(git.status, git.stderr).toBe(0);
    expect(readFileSync(join(dir, 'lines.odcs.yaml'), 'utf8')).toBe(v30.replace('v3.0.2', 'v3.1.0'));
  });

  it('never overwrites: the source needs --in-place, an existing output --force; nothing is written, exit 2', () => {
    write('lines.odcs.yaml', v30);
    write('datacontract.yaml', dcs);
    write('datacontract.odcs.yaml', 'mine\n');
    const r = dp(['convert', '.'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/✖ datacontract.yaml: datacontract.odcs.yaml already exists\n {2}hint: add --force/);
    expect(r.stderr).toMatch(/✖ lines.odcs.yaml: converting lines.odcs.yaml would overwrite it\n {2}hint: add --in-place/);
    expect(r.stderr).toMatch(/nothing was written: 2 problems/);
    expect(readFileSync(join(dir, 'datacontract.odcs.yaml'), 'utf8')).toBe('mine\n');
    expect(readFileSync(join(dir, 'lines.odcs.yaml'), 'utf8')).toBe(v30);
    const forced = dp(['convert', '.', '--force', '--in-place'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/overwrote datacontract\.yaml|converted in place datacontract\.yaml/);
    expect(readFileSync(join(dir, 'lines.odcs.yaml'), 'utf8')).toMatch(
      /apiVersion: v3\.1\.0\nkind: DataContract\nid: lines\nversion: 1\.0\.0\nstatus: active\n# the lines\n/,
    );
  });

  it('--output mirrors the tree of a directory argument and keeps file permissions of replaced files', () => {
    write('teams/a/datacontract.yaml', dcs);
    write('teams/b/lines.odcs.yaml', v30);
    chmodSync(join(dir, 'teams/b/lines.odcs.yaml'), 0o600);
    const r = dp(['convert', 'teams', '--output', 'out'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(listing()).toEqual(['out/a/datacontract.odcs.yaml', 'out/b/lines.odcs.yaml', 'teams/a/datacontract.yaml', 'teams/b/lines.odcs.yaml']);
    const inPlace = dp(['convert', 'teams/b/lines.odcs.yaml', '--in-place'], { cwd: dir });
    expect(inPlace.code).toBe(0);
    expect(statSync(join(dir, 'teams/b/lines.odcs.yaml')).mode & 0o777).toBe(0o600);
  });

  it('--json: one document with conversions, outputs, notes and the summary', () => {
    write('datacontract.yaml', dcs);
    const r = dp(['convert', 'datacontract.yaml', '--json', '--dry-run'], { cwd: dir });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ dryRun: true, written: false, problems: [], summary: { conversions: 1, outputs: 1, exitCode: 0 } });
    expect(doc.conversions[0]).toMatchObject({
      source: 'datacontract.yaml',
      from: 'Data Contract Specification 1.2.1',
      to: 'ODCS v3.1.0',
      outputs: [{ path: 'datacontract.odcs.yaml', kind: 'odcs', action: 'create', diff: expect.stringMatching(/^diff --git/) }],
    });
    expect(doc.conversions[0].notes).toContainEqual({
      kind: 'custom-property',
      file: 'datacontract.yaml',
      line: 13,
      column: 9,
      path: 'models.orders.fields.id.pii',
      message: expect.any(String),
      target: 'schema[0].properties[0].customProperties',
    });
  });

  it('--strict: exit 1 when something was kept as a custom property; --unmapped drop lists it as dropped', () => {
    write('datacontract.yaml', dcs);
    expect(dp(['convert', 'datacontract.yaml', '--strict', '--dry-run'], { cwd: dir }).code).toBe(1);
    const dropped = dp(['convert', 'datacontract.yaml', '--unmapped', 'drop', '--dry-run'], { cwd: dir });
    expect(dropped.code).toBe(0);
    expect(dropped.stderr).toMatch(/dropped +models\.orders\.fields\.id\.pii/);
    expect(dropped.stdout).not.toMatch(/customProperties/);
  });

  it('a written file that still fails its schema is listed at its place in the output, exit 1', () => {
    write('datacontract.yaml', `${dcs}servers:\n  prod:\n    type: postgres\n    host: db\n    database: orders\n    schema: public\n`);
    const r = dp(['convert', 'datacontract.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ {2}datacontract.odcs.yaml\n +\d+:\d+ +invalid +.*port/);
  });

  it('bad input: a YAML error with its position, an unknown file kind, a missing path; exit 2, no stack trace', () => {
    write('broken.yaml', 'dataContractSpecification: 1.2.1\nid: [unclosed\n');
    write('notes.yaml', 'title: meeting notes\n');
    const r = dp(['convert', 'broken.yaml', 'notes.yaml', 'missing.yaml'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/✖ broken.yaml:\d+:\d+: /);
    expect(r.stderr).toMatch(/✖ notes.yaml:1:1: the document has no `kind`/);
    expect(r.stderr).toMatch(/✖ missing.yaml: no such file or directory/);
    expect(listing()).toEqual(['broken.yaml', 'notes.yaml']);
    expectNoStack(r);
  });

  it('in a directory: current files and unrelated files are skipped with the reason; the files of a DPDS product are not converted alone', () => {
    write('current.odcs.yaml', 'apiVersion: v3.1.0\nkind: DataContract\nid: c\nversion: 1.0.0\nstatus: active\n');
    write('package.json', '{"name":"x"}');
    write(
      'product/dpds.json',
      JSON.stringify({
        dataProductDescriptor: '1.0.0',
        info: { fullyQualifiedName: 'urn:p', name: 'p', version: '1.0.0', domain: 'd', owner: { id: 'ann' } },
        interfaceComponents: { outputPorts: [{ $ref: 'ports/out.json' }] },
      }),
    );
    write(
      'product/ports/out.json',
      JSON.stringify({
        dataProductDescriptor: '1.0.0',
        info: { name: 'p', version: '1.0.0' },
        interfaceComponents: { outputPorts: [{ name: 'out', version: '1.0.0' }] },
      }),
    );
    const r = dp(['convert', '.'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/skipped current.odcs.yaml: already ODCS v3.1.0: nothing to convert/);
    expect(r.stderr).toMatch(/skipped package.json: the document has no `kind`/);
    expect(r.stderr).toMatch(/skipped product\/ports\/out.json: part of the DPDS product product\/dpds.json/);
    expect(listing()).toContain('product/dataproduct.odps.yaml');
    expect(listing()).toContain('product/contracts/out.odcs.yaml');
    const check = dp(['validate', 'product', '--json'], { cwd: dir });
    const errors = JSON.parse(check.stdout).findings.filter(
      (f: { ruleId: string; severity: string }) => f.severity === 'error' && (f.ruleId.startsWith('schema-') || f.ruleId === 'output-port-contract'),
    );
    expect(errors).toEqual([]);
  });

  it('never writes out of the output directory through a symbolic link', () => {
    write('teams/a/datacontract.yaml', dcs);
    mkdirSync(join(dir, 'elsewhere'));
    mkdirSync(join(dir, 'out'));
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'out/a'));
    const r = dp(['convert', 'teams', '--output', 'out'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the output out\/a\/datacontract.odcs.yaml would be outside out/);
    expect(readdirSync(join(dir, 'elsewhere'))).toEqual([]);
  });

  it('ODCS v2 credentials reach neither the converted file nor the report', () => {
    write(
      'legacy.yaml',
      'kind: DataContract\napiVersion: v2.2.2\nuuid: u-1\nversion: 1.0.0\nstatus: active\nusername: svc_reader\npassword: hunter2-secret\ndataset:\n  - table: t\n    columns:\n      - column: c\n        logicalType: string\n        physicalType: varchar\n        isNullable: false\n',
    );
    const r = dp(['convert', 'legacy.yaml', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(/hunter2|svc_reader/);
    expect(readFileSync(join(dir, 'legacy.odcs.yaml'), 'utf8')).not.toMatch(/hunter2|svc_reader/);
    expect(
      JSON.parse(r.stdout)
        .conversions[0].notes.filter((n: { kind: string }) => n.kind === 'dropped')
        .map((n: { path: string }) => n.path),
    ).toEqual(['username', 'password']);
  });

  it('an output path taken by a directory is refused before anything is written', () => {
    write('a/datacontract.yaml', dcs);
    write('b/datacontract.yaml', dcs);
    mkdirSync(join(dir, 'b/datacontract.odcs.yaml'));
    const r = dp(['convert', 'a', 'b', '--force'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/b\/datacontract.odcs.yaml is a directory/);
    expect(readdirSync(join(dir, 'a'))).toEqual(['datacontract.yaml']);
    expectNoStack(r);
  });
});
