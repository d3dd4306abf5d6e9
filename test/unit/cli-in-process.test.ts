/**
 * Commands run in the test process with an injected Context (src/cli.ts, `run`):
 * what they print on each stream and the exit codes of the one exit point,
 * without a build or a child process.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInProcess } from '../support/in-process.js';
import { tempDir, validProduct, writeProduct } from '../support/product.js';

let root: string;
let cleanup: () => void;

beforeEach(() => {
  ({ dir: root, cleanup } = tempDir('dp-in-process-'));
});
afterEach(() => cleanup());

describe('dp in-process', () => {
  it('validates a sound product: the stylish summary on stdout, exit 0', async () => {
    writeProduct(join(root, 'play-events'), validProduct());
    const r = await runInProcess(['validate', 'play-events'], { cwd: root });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/no problems \(1 product, 2 files checked\)/);
    expect(r.code).toBe(0);
  });

  it('reports findings with positions and exits 1; --json prints one document', async () => {
    const product = validProduct();
    delete product.descriptor.team;
    product.descriptor.outputPorts[0].contractID = 'typo';
    writeProduct(join(root, 'play-events'), product);
    const text = await runInProcess(['validate', 'play-events'], { cwd: root });
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/play-events\/dataproduct\.odps\.yaml/);
    expect(text.stdout).toMatch(/\d+:\d+\s+error\s+unknown key `contractID`/);
    const json = await runInProcess(['--json', 'validate', 'play-events'], { cwd: root });
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.stdout);
    expect(doc.summary.errors).toBeGreaterThan(0);
    expect(doc.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('schema-unknown-key');
  });

  it('writes each reporter where it is sent: SARIF and GitHub annotations', async () => {
    const product = validProduct();
    product.descriptor.outputPorts[0].contractID = 'typo';
    writeProduct(join(root, 'play-events'), product);
    const r = await runInProcess(['validate', 'play-events', '-f', 'sarif', '-f', 'github', '-o', 'dp.sarif', '-o', '-'], { cwd: root });
    expect(r.code).toBe(1);
    expect(JSON.parse(readFileSync(join(root, 'dp.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(r.stdout).toMatch(/^::error file=play-events\/dataproduct\.odps\.yaml,line=\d+/m);
  });

  it('exits 2 with a message and a hint for usage errors, never a stack trace; --debug shows it', async () => {
    const missing = await runInProcess(['validate', 'nowhere'], { cwd: root });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nowhere/);
    const bad = await runInProcess(['catalog', 'list', '--catalog', join(root, 'absent.db')], { cwd: root });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^dp: /);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const json = await runInProcess(['--json', 'catalog', 'list', '--catalog', join(root, 'absent.db')], { cwd: root });
    expect(JSON.parse(json.stdout).error.type).toBeDefined();
    const debug = await runInProcess(['--debug', 'catalog', 'list', '--catalog', join(root, 'absent.db')], { cwd: root });
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it('exits 2 for a command line commander refuses, 0 for --help and --version, on the given streams', async () => {
    const refused = await runInProcess(['validate', '--fail-severity', 'fatal'], { cwd: root });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/Allowed choices are error, warning, info/);
    const help = await runInProcess(['catalog', 'serve', '--help'], { cwd: root });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--max-connections <n>/);
    const version = await runInProcess(['--version'], { cwd: root });
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('publishes to a SQLite catalog and reads it back, exit codes and reports as a user sees them', async () => {
    writeProduct(join(root, 'play-events'), validProduct());
    const catalog = join(root, 'catalog.db');
    const env = { DP_CATALOG: catalog, DP_PUBLISHER: 'ana@example.com' };
    const published = await runInProcess(['publish', 'play-events'], { cwd: root, env });
    expect(published.code, published.stderr).toBe(0);
    expect(published.stdout).toMatch(/published\s+play-events@1\.0\.0/);
    const again = await runInProcess(['--json', 'publish', 'play-events'], { cwd: root, env });
    expect(JSON.parse(again.stdout).summary).toMatchObject({ published: 0, unchanged: 1 });
    const listed = await runInProcess(['--json', 'catalog', 'list'], { cwd: root, env });
    expect(JSON.parse(listed.stdout).items.map((p: { id: string }) => p.id)).toEqual(['play-events']);
  });
});
