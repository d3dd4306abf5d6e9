/**
 * Files a repository controls cannot hang, exhaust or mislead dp: a FIFO, a symbolic link to
 * /dev/zero, links out of the repository, unreadable directories and files. Each is a finding
 * (or exit 2 for a directory) naming the path and what it is, and the good products of the same
 * run are still validated and published. Real FIFOs and links, through the built bin, with a
 * timeout: a hang fails the test instead of stalling the suite.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dp, dpUnprivileged, expectNoStack } from '../support/cli.js';
import { clone, playerProduct } from '../support/catalog.js';
import { tempDir, writeProduct } from '../support/product.js';

const TIMEOUT = 20_000;
let root: string;
let cleanup: () => void;

function product(dir: string, id: string): void {
  const p = clone(playerProduct());
  p.descriptor.id = id;
  writeProduct(join(root, dir), p);
}

beforeAll(() => {
  ({ dir: root, cleanup } = tempDir('dp-e2e-special-'));
  mkdirSync(join(root, 'repo/.git'), { recursive: true });
  product('repo/mesh/good', 'good');
  mkdirSync(join(root, 'repo/mesh/fifo'));
  execFileSync('mkfifo', [join(root, 'repo/mesh/fifo/dataproduct.odps.yaml')]);
  mkdirSync(join(root, 'repo/mesh/zero'));
  symlinkSync('/dev/zero', join(root, 'repo/mesh/zero/dataproduct.odps.yaml'));
  product('repo/mesh/fifo-contract', 'fifo-contract');
  execFileSync('mkfifo', [join(root, 'repo/mesh/fifo-contract/contracts/extra.odcs.yaml')]);
  product('repo/mesh/leak', 'leak');
  writeFileSync(join(root, 'secret.yaml'), 'aws_secret_access_key: AKIA-not-for-findings\n');
  symlinkSync(join(root, 'secret.yaml'), join(root, 'repo/mesh/leak/contracts/secret.odcs.yaml'));
});
afterAll(() => cleanup());

const ruleOf = (findings: Array<{ file: string; ruleId: string }>, file: string) => findings.filter((f) => f.file === file).map((f) => f.ruleId);

describe('special files', () => {
  it('dp validate reports each with what it is, checks the good product, and never hangs', { timeout: TIMEOUT }, () => {
    const r = dp(['validate', 'mesh', '--json'], { cwd: join(root, 'repo'), timeout: TIMEOUT - 2000 });
    expect(r.code).toBe(1);
    expectNoStack(r);
    const { findings } = JSON.parse(r.stdout);
    expect(ruleOf(findings, 'mesh/fifo/dataproduct.odps.yaml')).toEqual(['file-not-regular']);
    expect(ruleOf(findings, 'mesh/zero/dataproduct.odps.yaml')).toEqual(['link-outside-repository']);
    expect(ruleOf(findings, 'mesh/fifo-contract/contracts/extra.odcs.yaml')).toEqual(['file-not-regular']);
    expect(ruleOf(findings, 'mesh/leak/contracts/secret.odcs.yaml')).toEqual(['link-outside-repository']);
    expect(findings.filter((f: { file: string }) => f.file.startsWith('mesh/good/'))).toEqual([]);
    expect(r.stdout).not.toContain('aws_secret_access_key');
    expect(findings.find((f: { file: string }) => f.file === 'mesh/fifo/dataproduct.odps.yaml').message).toContain('is a FIFO (named pipe)');
  });

  it('--follow-external-links reads links out of the repository, but still no device', { timeout: TIMEOUT }, () => {
    const r = dp(['validate', 'mesh/zero', 'mesh/leak', '--follow-external-links', '--json'], { cwd: join(root, 'repo'), timeout: TIMEOUT - 2000 });
    const { findings } = JSON.parse(r.stdout);
    expect(ruleOf(findings, 'mesh/zero/dataproduct.odps.yaml')).toEqual(['file-not-regular']);
    expect(findings.find((f: { file: string }) => f.file === 'mesh/zero/dataproduct.odps.yaml').message).toContain(
      'is a character device (through a symbolic link)',
    );
    expect(ruleOf(findings, 'mesh/leak/contracts/secret.odcs.yaml')).not.toContain('link-outside-repository');
  });

  it('dp publish publishes the good product and refuses the others by name', { timeout: TIMEOUT }, () => {
    const catalog = join(root, 'catalog.db');
    const r = dp(['publish', 'mesh', '--catalog', catalog], { cwd: join(root, 'repo'), timeout: TIMEOUT - 2000 });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^published good@1\.0\.0/m);
    expect(r.stdout).toMatch(/^refused mesh\/fifo\n\s+✖ mesh\/fifo\/dataproduct\.odps\.yaml is a FIFO/m);
    expect(r.stdout).toMatch(/^refused mesh\/zero\n\s+✖ mesh\/zero\/dataproduct\.odps\.yaml leads outside the repository \(to \/dev\/zero\)/m);
    expect(r.stdout).toMatch(/^refused fifo-contract {2}mesh\/fifo-contract/m);
    expect(r.stdout).toMatch(/^refused leak {2}mesh\/leak/m);
    expect(r.stdout).toContain('1 published, 0 unchanged, 4 refused');
    const list = dp(['catalog', 'list', '--json', '--catalog', catalog], { cwd: root });
    expect(JSON.parse(list.stdout).items.map((p: { id: string }) => p.id)).toEqual(['good']);
  });
});

describe('unreadable directories and files (run as an unprivileged user)', () => {
  it('are a finding or exit 2, never silence', { timeout: TIMEOUT }, () => {
    const { dir, cleanup: done } = tempDir('dp-e2e-unreadable-');
    try {
      chmodSync(dir, 0o755);
      writeProduct(join(dir, 'mesh/good'), playerProduct());
      const hidden = clone(playerProduct());
      hidden.descriptor.id = 'hidden';
      writeProduct(join(dir, 'mesh/team-b/hidden'), hidden);
      chmodSync(join(dir, 'mesh/team-b'), 0o000);
      const locked = clone(playerProduct());
      locked.descriptor.id = 'locked';
      writeProduct(join(dir, 'mesh/locked'), locked);
      chmodSync(join(dir, 'mesh/locked/contracts'), 0o000);
      const r = dpUnprivileged(['validate', 'mesh'], { cwd: dir });
      expect(r.stderr).toContain('dp: mesh/team-b: directory cannot be read (permission denied); products under it were not checked');
      expect(r.stdout).toContain('mesh/locked/contracts/ cannot be listed: permission denied');
      expect(r.stdout).toContain('file-unreadable');
      expect(r.code).toBe(2);
      const json = JSON.parse(dpUnprivileged(['validate', 'mesh', '--json'], { cwd: dir }).stdout);
      expect(json.unreadable).toEqual([{ path: 'mesh/team-b', reason: 'permission denied' }]);
      const publish = dpUnprivileged(['publish', 'mesh', '--dry-run', '--catalog', join(dir, 'c.db')], { cwd: dir });
      expect(publish.code).toBe(2);
      expect(publish.stderr).toContain('mesh/team-b: directory cannot be read (permission denied)');
    } finally {
      chmodSync(join(dir, 'mesh/team-b'), 0o755);
      chmodSync(join(dir, 'mesh/locked/contracts'), 0o755);
      done();
    }
  });
});
