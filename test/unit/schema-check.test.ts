import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSource } from '../../src/descriptor/source.js';
import { checkSchema, SCHEMA_RULES } from '../../src/validate/schema-check.js';

const dir = mkdtempSync(join(tmpdir(), 'dp-schema-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let count = 0;
function check(kind: 'odps' | 'odcs', lines: string[]) {
  count += 1;
  const path = join(dir, `doc${count}.${kind}.yaml`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  const file = loadSource(path, `doc${count}.${kind}.yaml`);
  expect(file.problems).toEqual([]);
  return checkSchema(file, kind === 'odps' ? 'odps-v1.0.0' : 'odcs-v3.1.0');
}

const product = [
  'apiVersion: v1.0.0', //                    1
  'kind: DataProduct', //                     2
  'id: orders', //                            3
  'status: active', //                        4
  'outputPorts:', //                          5
  '  - name: events', //                      6
  '    version: 1.0.0', //                    7
  '    contractId: orders-events', //         8
  '  - name: daily', //                       9
  '    version: 2.0.0', //                    10
  '    contractID: orders-daily', //          11
];

const contract = [
  'apiVersion: v3.1.0', //                    1
  'kind: DataContract', //                    2
  'id: orders-events', //                     3
  'version: 1.0.0', //                        4
  'status: active', //                        5
  'servers:', //                              6
  '  - server: prod', //                      7
  '    type: postgress', //                   8
  '    host: db.internal', //                 9
  'schema:', //                               10
  '  - name: orders', //                      11
  '    properties:', //                       12
  '      - name: id', //                      13
  '        logicalType: string', //           14
  '      - name: amount', //                  15
  '        logicalType: string', //           16
  '        logicalTypeOptions:', //           17
  '          minLenght: 1', //                18
  '    quality:', //                          19
  '      - metric: rowCount', //              20
  '        description: at least one row', // 21
];

describe('checkSchema', () => {
  it('accepts valid documents', () => {
    expect(check('odps', product.slice(0, 10))).toEqual([]);
    expect(check('odcs', contract.slice(0, 5))).toEqual([]);
  });

  it('points at an unknown key deep in a list and suggests the right spelling', () => {
    const findings = check('odps', product);
    expect(findings).toEqual([
      {
        ruleId: 'schema-unknown-key',
        severity: 'error',
        file: `doc${count}.odps.yaml`,
        line: 11,
        column: 5,
        endLine: 11,
        endColumn: 15,
        message: 'unknown key `contractID` in `outputPorts[1]`',
        hint: 'did you mean `contractId`?',
      },
    ]);
  });

  it('reports a missing key on its parent', () => {
    const findings = check('odps', [...product.slice(0, 8), '  - name: daily']);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'schema-missing-key', line: 9, column: 5, endLine: 9, endColumn: 16 });
    expect(findings[0].message).toBe('missing required key `version` in `outputPorts[1]`');
  });

  it('reports a missing top-level key on the first line of the document', () => {
    const findings = check('odps', product.filter((line) => !line.startsWith('status')).slice(0, 9));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'schema-missing-key', line: 1, column: 1, endLine: 1, endColumn: 19 });
    expect(findings[0].message).toBe('missing required key `status` at the top level');
  });

  it('reports an enum error on the value with the allowed values and a suggestion', () => {
    const findings = check('odcs', contract.slice(0, 9));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'schema-enum', line: 8, column: 11, endLine: 8, endColumn: 20 });
    expect(findings[0].message).toBe('`postgress` is not an allowed value for `type`');
    expect(findings[0].hint).toMatch(/^did you mean `postgres`\?; allowed: api, athena, /);
  });

  it('reports one finding per problem in a contract, each at its place', () => {
    const findings = check('odcs', contract);
    expect(findings.map((f) => [f.ruleId, f.line, f.column, f.endLine, f.endColumn])).toEqual([
      ['schema-enum', 8, 11, 8, 20],
      ['schema-unknown-key', 18, 11, 18, 20],
      ['schema-missing-key', 20, 9, 20, 25],
    ]);
    expect(findings[1].hint).toBe('did you mean `minLength`?');
    expect(findings[2].message).toMatch(/^missing one of `mustBe`, `mustNotBe`, .* in `schema\[0\]\.quality\[0\]`$/);
  });

  it('names the server type that requires a missing key', () => {
    const findings = check('odcs', [...contract.slice(0, 7), '    type: postgres', '    host: db.internal', '    port: 5432', '    database: shop']);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'schema-missing-key', line: 7, column: 5, message: 'missing required key `schema` in `servers[0]`' });
    expect(findings[0].hint).toBe('required when `type` is `postgres`');
  });

  it('reports a key that only another variant allows as unknown (unevaluatedProperties)', () => {
    const findings = check('odcs', [
      ...contract.slice(0, 5),
      'schema:',
      '  - name: t',
      '    quality:',
      '      - metric: rowCount',
      '        mustBe: 1',
      '        query: SELECT 1',
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'schema-unknown-key', line: 11, column: 9, endLine: 11, endColumn: 14 });
  });

  it('says what type was expected and what was found, with a quoting hint', () => {
    const findings = check('odcs', [...contract.slice(0, 3), 'version: 1.10', 'status: active']);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'schema-type', line: 4, column: 10, endLine: 4, endColumn: 14 });
    expect(findings[0].message).toBe('`version` must be a string, got a number');
    expect(findings[0].hint).toBe('quote it so YAML reads it as text: "1.10"');
  });

  it('reports bad formats', () => {
    const findings = check('odps', [...product.slice(0, 4), 'productCreatedTs: "2024-13-01"']);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'schema-format', line: 5, column: 19, endLine: 5, endColumn: 31 });
  });

  it('reports one finding for two operators on a quality rule, on the second one', () => {
    const findings = check('odcs', [
      ...contract.slice(0, 5),
      'schema:',
      '  - name: t',
      '    quality:',
      '      - metric: rowCount',
      '        mustBe: 1',
      '        mustBeLessThan: 5',
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'schema-invalid', line: 11, column: 9, endLine: 11, endColumn: 23 });
    expect(findings[0].message).toBe('only one of `mustBe`, `mustBeLessThan` may be given in `schema[0].quality[0]`');
  });

  it('explains an operator in a quality rule that measures nothing', () => {
    const findings = check('odcs', [...contract.slice(0, 5), 'schema:', '  - name: orders', '    quality:', '      - name: max', '        mustBeLessThan: 5']);
    expect(findings.map((f) => [f.ruleId, f.line, f.hint])).toEqual([
      [
        'schema-unknown-key',
        10,
        '`mustBeLessThan` compares what a rule measures, and this rule measures nothing: add `metric:` (a library metric such as nullValues or rowCount) or `type: sql` with `query:`',
      ],
    ]);
  });

  it('does not repeat a wrong type as a wrong enum value', () => {
    const findings = check('odcs', [contract[0], 'kind: true', ...contract.slice(2, 5)]);
    expect(findings.map((f) => [f.ruleId, f.line, f.message])).toEqual([['schema-type', 2, '`kind` must be a string, got true']]);
  });

  it('groups keys missing from one server and names the server type', () => {
    const findings = check('odcs', [...contract.slice(0, 7), '    type: trino']);
    expect(findings.map((f) => [f.ruleId, f.line, f.message, f.hint])).toEqual([
      ['schema-missing-key', 7, 'missing required keys `host`, `port`, `catalog`, `schema` in `servers[0]`', 'required when `type` is `trino`'],
    ]);
  });

  it('reports options given without a logicalType once, on `logicalTypeOptions`', () => {
    const findings = check('odcs', [
      ...contract.slice(0, 5),
      ...contract.slice(9, 13),
      '        logicalTypeOptions:',
      '          minLength: 1',
      '          maxLength: 5',
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'schema-unknown-key', line: 10, column: 9, endLine: 10, endColumn: 27 });
    expect(findings[0].message).toBe('`logicalTypeOptions` allows no keys here, found `minLength`, `maxLength`');
    expect(findings[0].hint).toBe('Without a `logicalType` no option applies: set `logicalType` first.');
  });

  it('documents every rule id it reports', () => {
    expect(SCHEMA_RULES.map((r) => r.id)).toEqual([
      'schema-unknown-key',
      'schema-missing-key',
      'schema-type',
      'schema-enum',
      'schema-format',
      'schema-invalid',
    ]);
    for (const rule of SCHEMA_RULES) expect(rule.description.length).toBeGreaterThan(10);
  });
});
