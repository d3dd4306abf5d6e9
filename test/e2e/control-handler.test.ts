/**
 * The control port of a generated product: ports/control/policies.yaml names the subject keys with
 * their kind, the handler and the command, and ports/control/erasure_handler.py runs
 * `dp erase apply` on the servers of the ports holding personal data (run here with python3 and a
 * `dp` on the PATH that records what it is asked), raising when dp fails. Skipped, loudly, without
 * python3 (and failing under CI).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_ARGS, dp, readYaml, tempDir } from './init-support.js';

const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
const hasPython = python.status === 0;
if (!hasPython) process.stderr.write('\n*** SKIPPING the generated erasure handler run: python3 not found ***\n\n');

let root: string;
let cleanup: () => void;
let product: string;
beforeAll(() => {
  ({ dir: root, cleanup } = tempDir('dp-control-handler-'));
  const r = dp(['init', 'plays', ...BASE_ARGS, '--archetype', 'source-aligned', '--output', 'events:table', '--output', 'archive:files', '--yes'], root);
  expect(r.code).toBe(0);
  product = join(root, 'plays');
});
afterAll(() => cleanup());

/** A `dp` that records its arguments and directory, then answers as `dp erase apply --json` would (or fails). */
function fakeDp(fail: boolean): string {
  const bin = join(root, fail ? 'bin-failing' : 'bin');
  spawnSync('mkdir', ['-p', bin]);
  const script = join(bin, 'dp');
  writeFileSync(
    script,
    `#!/bin/sh\necho "$PWD $*" >> ${join(root, 'calls.log')}\n${fail ? 'echo "dp: the catalog is not reachable" >&2\nexit 2' : 'echo \'{"tasks": [], "recorded": 0}\''}\n`,
  );
  chmodSync(script, 0o755);
  return bin;
}

describe('the control port of a generated product', () => {
  it('policies.yaml names the subject keys with their kind, the handler and the command', () => {
    const policies = readYaml(join(product, 'ports/control/policies.yaml')) as { erasure: Record<string, unknown> };
    expect(policies.erasure).toMatchObject({
      handler: 'ports/control/erasure_handler.py',
      command: 'dp erase apply --server <server> --yes',
      subjects: expect.arrayContaining([expect.objectContaining({ port: 'events', subjectKeys: [{ field: 'customer_email', kind: 'customer' }] })]),
    });
    const handler = readFileSync(join(product, 'ports/control/erasure_handler.py'), 'utf8');
    expect(handler).toContain('"dp", "erase", "apply", "--server", server, "--yes", "--json"');
    expect(handler).not.toMatch(/NotImplementedError/);
  });

  it.runIf(hasPython || process.env.CI)('the handler runs dp erase apply on each server of the personal-data ports, in the product, and fails with dp', () => {
    const env = { ...process.env, PATH: `${fakeDp(false)}:${process.env.PATH}` };
    const run = spawnSync('python3', ['ports/control/erasure_handler.py'], { cwd: product, env, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(Object.keys(JSON.parse(run.stdout)).sort()).toEqual(['files-prod', 'table-prod']);
    const calls = readFileSync(join(root, 'calls.log'), 'utf8').trim().split('\n').sort();
    expect(calls).toEqual([`${product} erase apply --server files-prod --yes --json`, `${product} erase apply --server table-prod --yes --json`]);
    const failing = spawnSync('python3', ['ports/control/erasure_handler.py'], {
      cwd: product,
      env: { ...process.env, PATH: `${fakeDp(true)}:${process.env.PATH}` },
      encoding: 'utf8',
    });
    expect(failing.status).not.toBe(0);
    expect(failing.stderr).toMatch(/dp erase apply --server \S+ failed \(2\): dp: the catalog is not reachable/);
  });
});
