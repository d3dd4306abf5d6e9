/**
 * Every kind of bad input in one monorepo: each product gets a clear finding
 * (with a position where one exists), no stack trace, and the good product is
 * still checked.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dp, expectNoStack } from '../support/cli.js';
import { tempDir, validProduct, writeProduct } from '../support/product.js';

let root: string;
let cleanup: () => void;
let findings: Array<{ ruleId: string; file: string; line: number; column: number; message: string; hint?: string }>;
let code: number;

const descriptorText = stringify(validProduct().descriptor);

const BAD: Record<string, string | Buffer> = {
  malformed: 'id: [unclosed\nkind: DataProduct\n',
  tabs: 'kind: DataProduct\nteam:\n\tname: x\n',
  'duplicate-keys': descriptorText.replace('status: active\n', 'status: active\nstatus: draft\n'),
  'alias-bomb': `a: &a [x, x, x, x, x, x, x, x, x]\n${Array.from(
    { length: 7 },
    (_, i) =>
      `l${i}: &l${i} [${Array(9)
        .fill(i === 0 ? '*a' : `*l${i - 1}`)
        .join(', ')}]`,
  ).join('\n')}\n`,
  deep: `kind: DataProduct\nx: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
  binary: Buffer.from([0x6b, 0x3a, 0x20, 0x00, 0xff, 0x10]),
  empty: '',
  'not-a-map': '- just\n- a list\n',
  'bom-crlf': `\ufeff${descriptorText.replace(/\n/g, '\r\n').replace('kind: DataProduct', 'kind: DataProduct\r\ncontractID: x')}`,
  proto: `__proto__:\n  polluted: true\n${descriptorText}`,
  latin1: Buffer.concat([Buffer.from('kind: DataProduct\nname: Caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
  huge: `kind: DataProduct\ndescription:\n  purpose: "${'x'.repeat(5 * 1024 * 1024)}"\n`,
};

beforeAll(() => {
  ({ dir: root, cleanup } = tempDir('dp-e2e-bad-'));
  writeProduct(join(root, 'mesh/good'), validProduct());
  for (const [name, content] of Object.entries(BAD)) {
    const dir = join(root, 'mesh', name);
    writeProduct(dir, validProduct());
    writeFileSync(join(dir, 'dataproduct.odps.yaml'), content);
  }
  // An unreadable descriptor: a directory where the file should be.
  mkdirSync(join(root, 'mesh/unreadable/dataproduct.odps.yaml'), { recursive: true });
  const r = dp(['validate', 'mesh', '--json'], { cwd: root });
  code = r.code;
  expectNoStack(r);
  findings = JSON.parse(r.stdout).findings;
});
afterAll(() => cleanup());

const of = (product: string) => findings.filter((f) => f.file === `mesh/${product}/dataproduct.odps.yaml`);

describe('dp validate on bad input', () => {
  it('fails with exit 1 and still checks the good product', () => {
    expect(code).toBe(1);
    expect(findings.filter((f) => f.file.startsWith('mesh/good/'))).toEqual([]);
  });

  it.each([
    ['malformed', 'yaml-syntax', 2],
    ['tabs', 'yaml-syntax', 3],
    ['duplicate-keys', 'duplicate-keys', undefined],
    ['alias-bomb', 'yaml-aliases', 1],
    ['deep', 'too-deep', 1],
    ['binary', 'binary-file', 1],
    ['empty', 'empty-file', 1],
    ['not-a-map', 'root-not-mapping', 1],
    ['latin1', 'invalid-encoding', 2],
    ['huge', 'file-too-large', 1],
    ['unreadable', 'file-unreadable', 1],
  ])('%s: %s', (product, ruleId, line) => {
    const found = of(product).find((f) => f.ruleId === ruleId);
    expect(found, JSON.stringify(of(product))).toBeDefined();
    if (line !== undefined) expect(found!.line).toBe(line);
    expect(found!.message.length).toBeGreaterThan(5);
  });

  it('reads a BOM and CRLF line endings, with positions on the right line', () => {
    const unknown = of('bom-crlf').find((f) => f.ruleId === 'schema-unknown-key');
    expect(unknown).toMatchObject({ line: 3, column: 1 });
  });

  it('treats __proto__ as an unknown key, not as a prototype', () => {
    expect(of('proto').map((f) => f.ruleId)).toEqual(['schema-unknown-key']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('gives the tab a hint', () => {
    expect(of('tabs').find((f) => f.message.includes('tab'))?.hint).toMatch(/spaces/);
  });
});

describe('dp validate on bad paths', () => {
  it('reports a file it cannot read when not running as root', () => {
    if (process.getuid?.() === 0) return; // root reads everything
    const { dir, cleanup: done } = tempDir();
    try {
      writeProduct(dir, validProduct());
      chmodSync(join(dir, 'dataproduct.odps.yaml'), 0o000);
      const r = dp(['validate', '.'], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/permission denied.*file-unreadable/);
    } finally {
      done();
    }
  });
});
