/** The organisation's own rules: selectors, declarative rules compiled with their positions and messages, plugin paths. */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFromText } from '../../src/descriptor/source.js';
import { loadCustomRules } from '../../src/validate/custom/load.js';
import { pluginPath } from '../../src/validate/custom/plugins.js';
import { parsePath, selectorOf } from '../../src/validate/custom/selectors.js';
import type { PathSegment } from '../../src/descriptor/positions.js';
import type { AnyRule, Report } from '../../src/validate/rule.js';
import { tempDir } from '../support/product.js';

const CONTRACT = `apiVersion: v3.1.0
kind: DataContract
id: c
version: 1.0.0
status: active
schema:
  - name: plays
    properties:
      - name: id
        description: Identifier of the play.
      - name: who
        properties:
          - name: email
      - name: when
        description: short
servers:
  - server: lake
    type: s3
    region: us-east-1
`;

function run(rule: AnyRule, text: string): Array<Report & { line: number; column: number }> {
  const file = sourceFromText('/x/contract.odcs.yaml', 'contract.odcs.yaml', text);
  const out: Array<Report & { line: number; column: number }> = [];
  rule.check({ options: {}, file, report: (r) => out.push({ ...r, line: 0, column: 0 }) });
  return out;
}

describe('selectors', () => {
  it('select named sets of nodes, nested schema properties included', () => {
    const value = sourceFromText('/c.yaml', 'c.yaml', CONTRACT).value!;
    expect(
      selectorOf('schema-properties')!
        .select(value)
        .map((s) => s.path),
    ).toEqual([
      ['schema', 0, 'properties', 0],
      ['schema', 0, 'properties', 1],
      ['schema', 0, 'properties', 1, 'properties', 0],
      ['schema', 0, 'properties', 2],
    ]);
    expect(
      selectorOf('servers')!
        .select(value)
        .map((s) => s.path),
    ).toEqual([['servers', 0]]);
  });

  it('select by path with [*], [n] and *', () => {
    expect(parsePath('schema[*].properties[0].name')).toEqual([{ key: 'schema' }, { every: 'items' }, { key: 'properties' }, { index: 0 }, { key: 'name' }]);
    const value = sourceFromText('/c.yaml', 'c.yaml', CONTRACT).value!;
    expect(
      selectorOf('contract:schema[*].properties[*].name')!
        .select(value)
        .map((s) => s.node),
    ).toEqual(['id', 'who', 'when']);
    expect(
      selectorOf('contract:servers[0].*')!
        .select(value)
        .map((s) => s.path[2]),
    ).toEqual(['server', 'type', 'region']);
    expect(selectorOf('contract:servers[')).toBeUndefined();
    expect(selectorOf('tables')).toBeUndefined();
  });
});

describe('declarative rules', () => {
  it('report each node that does not match, at the offending value or the node missing a key, with the message filled in', async () => {
    const custom = await loadCustomRules(
      {
        customRules: [
          {
            id: 'acme/desc',
            select: 'schema-properties',
            schema: { required: ['description'], properties: { description: { minLength: 10 } } },
            message: 'field `{name}` at {path}: {error}',
          },
          {
            id: 'acme/eu',
            select: 'servers',
            schema: { properties: { region: { pattern: '^eu-' } } },
            message: '{server} is in {region}',
            severity: 'warning',
          },
        ],
      },
      process.cwd(),
      'policy.yaml',
    );
    const [desc, eu] = custom.byScope.contract;
    expect(run(desc, CONTRACT).map((r) => [r.path, r.message])).toEqual([
      [['schema', 0, 'properties', 1], "field `who` at schema[0].properties[1]: the node must have required property 'description'"],
      [
        ['schema', 0, 'properties', 1, 'properties', 0],
        "field `email` at schema[0].properties[1].properties[0]: the node must have required property 'description'",
      ],
      [['schema', 0, 'properties', 2, 'description'], 'field `when` at schema[0].properties[2]: description must NOT have fewer than 10 characters'],
    ]);
    expect(run(eu, CONTRACT).map((r) => [r.path, r.message])).toEqual([[['servers', 0, 'region'], 'lake is in us-east-1']]);
    expect(custom.docs.map((d) => [d.id, d.category, d.severity])).toEqual([
      ['acme/desc', 'custom', 'error'],
      ['acme/eu', 'custom', 'warning'],
    ]);
  });

  it('refuse a definition twice, and a custom id used but not defined', async () => {
    const twice = { id: 'acme/x', select: 'servers', schema: {}, message: 'x' };
    await expect(loadCustomRules({ customRules: [twice, twice] }, process.cwd(), 'p')).rejects.toThrow('the custom rule `acme/x` is defined twice');
    await expect(loadCustomRules({ rules: { 'acme/y': 'off' } }, process.cwd(), 'p')).rejects.toThrow('the custom rule `acme/y` is not defined');
  });
});

describe('a selector group checks whole documents first', () => {
  // Rules that fail on some nodes of CONTRACT and DESCRIPTOR: the document-level validator must refuse
  // exactly the documents in which a node fails, whatever the selector.
  const DESCRIPTOR = `apiVersion: v1.0.0
kind: DataProduct
id: p
status: active
outputPorts:
  - name: raw-events
    version: 1.0.0
    tags: [raw]
  - name: events
    version: 1.0.0
inputPorts:
  - name: db
    version: 1.0.0
    contractId: x
`;
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['schema-properties', { required: ['description'] }, CONTRACT],
    ['schema-properties', { properties: { name: { pattern: '^[a-v]' } } }, CONTRACT],
    ['schema-objects', { required: ['physicalName'] }, CONTRACT],
    ['servers', { properties: { region: { pattern: '^eu-' } } }, CONTRACT],
    [
      'quality-rules',
      { required: ['dimension'] },
      CONTRACT.replace('      - name: email\n', '      - name: email\n            quality:\n              - metric: nullValues\n'),
    ],
    ['contract', { required: ['slaProperties'] }, CONTRACT],
    ['contract:schema[*].properties[1].properties[*]', { required: ['description'] }, CONTRACT],
    ['contract:servers[0].*', { type: 'string', pattern: '^(lake|s3|eu-.*)$' }, CONTRACT],
    ['output-ports', { properties: { tags: { not: { contains: { const: 'raw' } } } } }, DESCRIPTOR],
    ['input-ports', { properties: { contractId: { pattern: '\\.' } } }, DESCRIPTOR],
  ];

  it.each(cases)('%s', async (select, schema, text) => {
    const custom = await loadCustomRules({ customRules: [{ id: 'acme/x', select, schema, message: '{path}' }] }, process.cwd(), 'p');
    const rule = [...custom.byScope.contract, ...custom.byScope.descriptor][0];
    const found = run(rule, text).map((r) => r.path);
    expect(found.length).toBeGreaterThan(0);
    // The same rule with a passing variant of the document: nothing.
    const passing = await loadCustomRules({ customRules: [{ id: 'acme/x', select, schema: { not: schema }, message: '{path}' }] }, process.cwd(), 'p');
    const inverse = run([...passing.byScope.contract, ...passing.byScope.descriptor][0], text).map((r) => r.path);
    const selected = selectorOf(select)!
      .select(sourceFromText('/x.yaml', 'x.yaml', text).value!)
      .map((s) => JSON.stringify(s.path));
    // Each finding is about the selected node whose path is its longest prefix; every node fails exactly one of the rule and its negation.
    const nodeOf = (path: readonly PathSegment[] | undefined): string =>
      selected.filter((s) => JSON.stringify(path).startsWith(s.slice(0, -1))).sort((a, b) => b.length - a.length)[0];
    expect([...found, ...inverse].map(nodeOf).sort()).toEqual([...selected].sort());
  });
});

describe('plugin paths', () => {
  it('stay inside the policy directory: no .., no absolute path, no link out, modules only', () => {
    const { dir, cleanup } = tempDir('dp-plugins-');
    try {
      mkdirSync(join(dir, 'policy/rules'), { recursive: true });
      writeFileSync(join(dir, 'policy/rules/ok.mjs'), 'export default [];\n');
      writeFileSync(join(dir, 'outside.mjs'), 'export default [];\n');
      symlinkSync(join(dir, 'outside.mjs'), join(dir, 'policy/rules/link.mjs'));
      const base = join(dir, 'policy');
      expect(pluginPath(base, 'rules/ok.mjs')).toBe(join(base, 'rules/ok.mjs'));
      expect(() => pluginPath(base, '../outside.mjs')).toThrow(/without \.\./);
      expect(() => pluginPath(base, join(dir, 'outside.mjs'))).toThrow(/without \.\./);
      expect(() => pluginPath(base, 'rules/link.mjs')).toThrow(/leads outside the policy's directory/);
      expect(() => pluginPath(base, 'rules/ok.txt')).toThrow(/JavaScript module/);
      expect(() => pluginPath(base, 'rules/missing.mjs')).toThrow(/does not exist/);
    } finally {
      cleanup();
    }
  });
});
