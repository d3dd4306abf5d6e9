import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dp, expectNoStack } from '../support/cli.js';
import { tempDir, validProduct, writeProduct } from '../support/product.js';

let root: string;
let cleanup: () => void;

beforeAll(() => {
  ({ dir: root, cleanup } = tempDir('dp-e2e-validate-'));
  writeProduct(join(root, 'mesh/player/play-events'), validProduct());
  const broken = validProduct();
  broken.descriptor.outputPorts[0].contractID = broken.descriptor.outputPorts[0].contractId;
  delete broken.descriptor.outputPorts[0].contractId;
  broken.descriptor.id = 'listener-sessions';
  writeProduct(join(root, 'mesh/listener/sessions'), broken);
  mkdirSync(join(root, 'empty'));
  writeProduct(join(root, 'bad-yaml'), validProduct(), { descriptor: 'id: [unclosed\nteam:\n\tname: x\n' });
});
afterAll(() => cleanup());

describe('dp validate (end to end)', () => {
  it('exits 0 on a clean product and says so', () => {
    const r = dp(['validate', 'mesh/player/play-events'], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no problems \(1 product, 2 files checked\)/);
  });

  it('finds every product of a monorepo and reports all findings with positions and hints; exit 1', () => {
    const r = dp(['validate', 'mesh'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('mesh/listener/sessions/dataproduct.odps.yaml');
    expect(r.stdout).toMatch(/\d+:\d+\s+error\s+.*contractID/);
    expect(r.stdout).toMatch(/hint: did you mean `contractId`\?/);
    expect(r.stdout).toMatch(/in 2 products, 4 files checked/);
    expectNoStack(r);
  });

  it('--json prints one document with findings carrying rule, severity, file and span', () => {
    const r = dp(['validate', 'mesh', '--json'], { cwd: root });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.summary.products).toBe(2);
    const unknown = doc.findings.find((f: { ruleId: string }) => f.ruleId === 'schema-unknown-key');
    expect(unknown).toMatchObject({
      severity: 'error',
      file: 'mesh/listener/sessions/dataproduct.odps.yaml',
      line: expect.any(Number),
      column: expect.any(Number),
      endLine: expect.any(Number),
      endColumn: expect.any(Number),
    });
  });

  it('writes several formats at once to files', () => {
    const r = dp(['validate', 'mesh', '-f', 'sarif', '-o', 'out/dp.sarif', '-f', 'junit', '-o', 'out/junit.xml', '-f', 'github'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^::error file=mesh\/listener\/sessions\/dataproduct.odps.yaml,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=dp schema-unknown-key::/m,
    );
    const sarif = JSON.parse(readFileSync(join(root, 'out/dp.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    const result = sarif.runs[0].results[0];
    expect(result.locations[0].physicalLocation.artifactLocation).toEqual({ uri: expect.stringMatching(/^mesh\//), uriBaseId: 'SRCROOT' });
    expect(sarif.runs[0].tool.driver.rules.find((x: { id: string }) => x.id === result.ruleId).help.text).toBeTruthy();
    expect(readFileSync(join(root, 'out/junit.xml'), 'utf8')).toMatch(/<testsuites name="dp validate" tests="\d+" failures="1"/);
  });

  it('--fail-severity decides what fails', () => {
    const policy = join(root, 'warn.yaml');
    writeFileSync(policy, stringify({ rules: { 'schema-unknown-key': 'warning', 'output-port-contract': 'warning', 'contract-unreferenced': 'info' } }));
    expect(dp(['validate', 'mesh', '--policies', policy], { cwd: root }).code).toBe(0);
    expect(dp(['validate', 'mesh', '--policies', policy, '--fail-severity', 'warning'], { cwd: root }).code).toBe(1);
  });

  it('validates a single ODCS or ODPS file', () => {
    expect(dp(['validate', 'mesh/player/play-events/contracts/events.odcs.yaml'], { cwd: root }).code).toBe(0);
    expect(dp(['validate', 'mesh/player/play-events/dataproduct.odps.yaml'], { cwd: root }).code).toBe(0);
  });

  it('reports YAML errors with positions and goes on with the other products', () => {
    const r = dp(['validate', 'bad-yaml', 'mesh/player'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/bad-yaml\/dataproduct.odps.yaml\n\s+2:1\s+error\s+Flow sequence.*yaml-syntax\n\s+3:1\s+error\s+tab used for indentation/);
    expect(r.stdout).toMatch(/in 2 products/);
    expectNoStack(r);
  });

  it('exits 2 for a directory with no product or a missing path, after checking the rest', () => {
    const r = dp(['validate', 'empty', 'nope', 'mesh/player'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/empty: no data product or contract found/);
    expect(r.stderr).toMatch(/nope: no such file or directory/);
    expect(r.stdout).toMatch(/no problems \(1 product/);
  });

  it('exits 2 with a positioned message for a broken policy file, and no stack trace', () => {
    const policy = join(root, 'broken-policy.yaml');
    writeFileSync(policy, 'rules:\n  support-chanel: error\n');
    const r = dp(['validate', 'mesh', '--policies', policy], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken-policy.yaml:2:3: invalid policy file: unknown key `support-chanel`/);
    expectNoStack(r);
  });

  it('finds dp.config.yaml upward and applies its policy', () => {
    const { dir, cleanup: done } = tempDir();
    try {
      const p = validProduct();
      delete p.descriptor.support;
      writeProduct(join(dir, 'products/a'), p);
      writeFileSync(join(dir, 'dp.config.yaml'), 'policies:\n  rules:\n    support-channel: off\n');
      expect(dp(['validate'], { cwd: join(dir, 'products/a') }).code).toBe(0);
    } finally {
      done();
    }
  });

  it('rejects bad flags with exit 2 and says what is allowed', () => {
    const cases: Array<[string[], RegExp]> = [
      [['validate', 'mesh', '--format', 'xml'], /argument 'xml' is invalid. Allowed choices are stylish, json, junit, sarif, github/],
      [['validate', 'mesh', '-f', 'json', '-f', 'xml'], /argument 'xml' is invalid/],
      [['validate', 'mesh', '--fail-severity', 'fatal'], /argument 'fatal' is invalid. Allowed choices are error, warning, info/],
      [['validate', 'mesh', '-o', 'a', '-o', 'b'], /2 --output given for 1 --format/],
      [['validate', 'mesh', '--jobs', '0'], /--jobs must be an integer from 1 to 64/],
      [['validate', '--nope'], /unknown option '--nope'/],
      [['frobnicate'], /unknown command 'frobnicate'/],
    ];
    for (const [args, message] of cases) {
      const r = dp(args, { cwd: root });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr).not.toMatch(/internal error/);
    }
  });

  it('prints --version and help with examples', () => {
    expect(dp(['--version'], { cwd: root }).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(dp(['validate', '--help'], { cwd: root }).stdout).toMatch(/Examples:/);
  });
});
