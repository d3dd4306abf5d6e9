/**
 * The organisation's own rules, through the built bin: the four example rules of
 * examples/policies (three declarative, one in JavaScript) on a generated product, their
 * positions, severities, overrides and suppressions, `dp rules`, `dp publish` and the catalog
 * server, and the refusals of a broken policy or plugin.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dp, expectNoStack } from '../support/cli.js';
import { tempDir } from '../support/product.js';
import { api, createToken, startServer } from './server-harness.js';
import { validateJson, type ValidateFinding } from './init-support.js';

const EXAMPLES = fileURLToPath(new URL('../../examples/policies/', import.meta.url));
const POLICY = join(EXAMPLES, 'policies.yaml');

let root: string;
let cleanup: () => void;

function validate(dir: string, args: string[] = ['--policies', POLICY]): { code: number; findings: ValidateFinding[] } {
  const { code, findings } = validateJson(dir, root, args);
  return { code, findings: findings.filter((f) => f.ruleId.startsWith('acme/')) };
}

function edit(path: string, change: (text: string) => string): void {
  writeFileSync(path, change(readFileSync(path, 'utf8')));
}

function lineOf(path: string, text: string): number {
  return (
    readFileSync(path, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes(text)) + 1
  );
}

function product(name: string): string {
  const r = dp(['init', name, '--name', 'play-events', '--domain', 'player', '--owner', 'ana@example.com', '--archetype', 'source-aligned', '--yes'], {
    cwd: root,
  });
  expect(r.code).toBe(0);
  return join(root, name);
}

beforeAll(() => ({ dir: root, cleanup } = tempDir('dp-custom-rules-')));
afterAll(() => cleanup());

describe('the example rules', () => {
  it('pass on a product as dp init generates it', () => {
    const dir = product('clean');
    expect(validate(dir)).toEqual({ code: 0, findings: [] });
  });

  it('acme/field-description: a warning at a field whose description is too short', () => {
    const dir = product('field');
    const contract = join(dir, 'contracts/events.odcs.yaml');
    edit(contract, (t) => t.replace('description: When the product ingested the event (UTC).', 'description: When.'));
    const { code, findings } = validate(dir);
    expect(code).toBe(0);
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'acme/field-description',
        severity: 'warning',
        line: lineOf(contract, 'description: When.'),
        column: 22,
        message: 'field `ingested_at` has no description (at least 10 characters) (organisation policy)',
      }),
    ]);
  });

  it('acme/no-raw-operational-data: an error at the tags of an output port tagged raw', () => {
    const dir = product('raw');
    const descriptor = join(dir, 'dataproduct.odps.yaml');
    edit(descriptor, (t) => t.replace('    tags:\n      - table\n', '    tags:\n      - table\n      - raw\n'));
    const { code, findings } = validate(dir);
    expect(code).toBe(1);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'acme/no-raw-operational-data', severity: 'error', file: 'raw/dataproduct.odps.yaml' });
    expect(findings[0].message).toContain('output port `events` exposes raw operational data');
    expect(readFileSync(descriptor, 'utf8').split('\n')[findings[0].line - 1]).toContain('tags:');
  });

  it('acme/eu-servers: an error at the region of a server outside the EU', () => {
    const dir = product('eu');
    const contract = join(dir, 'contracts/events.odcs.yaml');
    edit(contract, (t) =>
      t.replace(
        /servers:\n(?: {2}.*\n| {4}.*\n)+/,
        'servers:\n  - server: archive\n    type: s3\n    location: s3://acme-archive/play-events/\n    region: us-east-1\n',
      ),
    );
    const { code, findings } = validate(dir);
    expect(code).toBe(1);
    expect(findings).toEqual([expect.objectContaining({ ruleId: 'acme/eu-servers', line: lineOf(contract, 'region: us-east-1'), column: 13 })]);
    expect(findings[0].message).toMatch(/^server `archive` is not in an EU region \(region must match pattern/);
    edit(contract, (t) => t.replace('    region: us-east-1\n', ''));
    expect(validate(dir).findings.map((f) => f.message)).toEqual([expect.stringContaining("must have required property 'region'")]);
  });

  it('acme/reader-role (JavaScript): an error at the port whose contract has no reader role', () => {
    const dir = product('reader');
    const contract = join(dir, 'contracts/events.odcs.yaml');
    edit(contract, (t) => t.replace(/ {2}- role: play-events-events-reader\n(?: {4}.*\n)+/, ''));
    const { code, findings } = validate(dir);
    expect(code).toBe(1);
    const descriptor = join(dir, 'dataproduct.odps.yaml');
    expect(findings).toEqual([
      expect.objectContaining({ ruleId: 'acme/reader-role', file: 'reader/dataproduct.odps.yaml', line: lineOf(descriptor, 'contractId: play-events.events') }),
    ]);
  });
});

describe('custom rules in a policy', () => {
  let policyDir: string;
  const policy = (extra: string): string => {
    const path = join(policyDir, `policy-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(path, `${readFileSync(POLICY, 'utf8')}\n${extra}`);
    return path;
  };

  beforeAll(() => {
    policyDir = join(root, 'governance');
    mkdirSync(policyDir);
    cpSync(join(EXAMPLES, 'rules'), join(policyDir, 'rules'), { recursive: true });
  });

  it('take their severity from the policy and per glob from overrides', () => {
    const dir = product('severity');
    edit(join(dir, 'contracts/events.odcs.yaml'), (t) => t.replace('description: When the product ingested the event (UTC).', 'description: When.'));
    const raised = policy('rules:\n  acme/field-description: error\n');
    expect(validate(dir, ['--policies', raised]).findings.map((f) => f.severity)).toEqual(['error']);
    const off = policy("overrides:\n  - files: ['severity/**']\n    rules:\n      acme/field-description: off\n");
    writeFileSync(join(root, 'dp.config.yaml'), `policies: ${off}\n`);
    try {
      expect(validate(dir, []).findings).toEqual([]);
    } finally {
      writeFileSync(join(root, 'dp.config.yaml'), '{}\n');
    }
  });

  it('obey inline suppressions, and the suppression policy', () => {
    const dir = product('suppressed');
    const contract = join(dir, 'contracts/events.odcs.yaml');
    edit(contract, (t) =>
      t.replace(
        '        description: When the product ingested the event (UTC).',
        '        # dp-disable-next-line acme/field-description -- the name says it all\n        description: When.',
      ),
    );
    expect(validate(dir).findings).toEqual([]);
    const denied = policy('suppressions:\n  deny: [acme/field-description]\n');
    const r = dp(['validate', dir, '--json', '--policies', denied], { cwd: root });
    const ids = (JSON.parse(r.stdout) as { findings: ValidateFinding[] }).findings.map((f) => f.ruleId);
    expect(ids).toEqual(expect.arrayContaining(['acme/field-description', 'suppression-not-allowed']));
  });

  it('are listed by dp rules', () => {
    const r = dp(['rules', '--json', '--policies', POLICY], { cwd: root });
    const custom = (JSON.parse(r.stdout) as Array<{ id: string; category: string; severity: string }>).filter((d) => d.category === 'custom');
    expect(custom.map((d) => [d.id, d.severity])).toEqual([
      ['acme/field-description', 'warning'],
      ['acme/no-raw-operational-data', 'error'],
      ['acme/eu-servers', 'error'],
      ['acme/reader-role', 'error'],
    ]);
    expect(dp(['rules', '--policies', POLICY], { cwd: root }).stdout).toMatch(
      /custom \(the organisation's own, from .*policies\.yaml\)\n {2}acme\/field-description/,
    );
  });

  const DECLARED =
    'customRules:\n  - id: acme/field-description\n    select: schema-properties\n    schema: { required: [description] }\n    message: no description\n';

  it.each([
    [
      'an undefined custom rule id',
      `${DECLARED}rules:\n  acme/field-descripton: error\n`,
      /the custom rule `acme\/field-descripton` is not defined/,
      /did you mean .acme\/field-description./,
    ],
    ['a plugin outside the policy directory', 'plugins:\n  - ../outside.mjs\n', /without \.\./, /plugins/],
    [
      'a selector dp does not know',
      'customRules:\n  - id: acme/x\n    select: every-table\n    schema: {}\n    message: x\n',
      /unknown selector `every-table`/,
      /schema-properties/,
    ],
    [
      'a schema that is not a JSON Schema',
      'customRules:\n  - id: acme/x\n    select: servers\n    schema: { type: 12 }\n    message: x\n',
      /not a valid JSON Schema/,
      /.*/,
    ],
  ])('refuse %s (exit 2, at its line)', (_, text, message, hint) => {
    const dir = product(`broken-${Math.random().toString(36).slice(2)}`);
    const path = join(policyDir, `broken-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(path, text);
    const r = dp(['validate', dir, '--policies', path], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(hint);
    expect(r.stderr).toMatch(/broken-.*\.yaml:\d+:\d+/);
    expectNoStack(r);
  });

  it('stop the run when a JavaScript rule fails, naming the rule and the file', () => {
    const dir = product('throwing');
    writeFileSync(
      join(policyDir, 'rules', 'throws.mjs'),
      "export default { id: 'acme/throws', description: 'Fails.', scope: 'contract', severity: 'error', check() { throw new Error('boom'); } };\n",
    );
    const text = readFileSync(POLICY, 'utf8').replace('  - rules/reader-role.mjs', '  - rules/reader-role.mjs\n  - rules/throws.mjs');
    const path = join(policyDir, 'throwing.yaml');
    writeFileSync(path, text);
    const r = dp(['validate', dir, '--policies', path], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the rule acme/throws (rules/throws.mjs) failed on throwing/contracts/events.odcs.yaml: boom');
    expectNoStack(r);
  });
});

describe('custom rules when publishing', () => {
  it('refuse a product in dp publish, and on the catalog server that loads the same policy', async () => {
    const dir = product('publish');
    edit(join(dir, 'dataproduct.odps.yaml'), (t) => t.replace('    tags:\n      - table\n', '    tags:\n      - table\n      - raw\n'));
    const catalog = join(root, 'catalog.db');
    const local = dp(['publish', dir, '--catalog', catalog, '--policies', POLICY], { cwd: root });
    expect(local.code).toBe(1);
    expect(local.stdout).toContain('acme/no-raw-operational-data');
    const { token } = createToken(catalog, root, { admin: true });
    const server = await startServer(catalog, root, ['--policies', POLICY]);
    try {
      const offer = {
        candidates: [
          {
            source: 'publish',
            documents: {
              descriptor: { file: 'dataproduct.odps.yaml', text: readFileSync(join(dir, 'dataproduct.odps.yaml'), 'utf8') },
              contracts: [{ file: 'contracts/events.odcs.yaml', text: readFileSync(join(dir, 'contracts/events.odcs.yaml'), 'utf8') }],
            },
          },
        ],
      };
      const answer = await api(server.url, '/api/publish', { token, body: offer });
      expect(answer.status).toBe(422);
      expect(JSON.stringify(answer.body)).toContain('acme/no-raw-operational-data');
    } finally {
      await server.stop();
    }
  });
});
