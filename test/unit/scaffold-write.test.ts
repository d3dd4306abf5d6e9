/** The write plan and the atomic writer: nothing partial, nothing deleted, nothing outside the target. */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planWrite } from '../../src/scaffold/plan.js';
import { applyPlan } from '../../src/scaffold/write.js';

let root: string;
beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'dp-scaffold-write-')));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const files = (): Map<string, string> =>
  new Map([
    ['dataproduct.odps.yaml', 'id: x\n'],
    ['contracts/events.odcs.yaml', 'id: x.events\n'],
    ['ports/output/events/README.md', '# events\n'],
  ]);

function listAll(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe('planWrite', () => {
  it('plans creations for a new or empty directory', () => {
    expect(planWrite(root, 'new', files(), { force: false })).toMatchObject({ exists: false, merge: false, target: join(root, 'new') });
    mkdirSync(join(root, 'empty'));
    const plan = planWrite(root, 'empty', files(), { force: false });
    expect(plan).toMatchObject({ exists: true, merge: false });
    expect(plan.entries.map((e) => e.action)).toEqual(['create', 'create', 'create']);
  });

  it('refuses a non-empty directory without --force', () => {
    mkdirSync(join(root, 'full'));
    writeFileSync(join(root, 'full', 'x'), '');
    expect(() => planWrite(root, 'full', files(), { force: false })).toThrow(/full is not empty/);
  });

  it('with --force: overwrite when different, skip when identical, create the rest', () => {
    mkdirSync(join(root, 'p/contracts'), { recursive: true });
    writeFileSync(join(root, 'p/dataproduct.odps.yaml'), 'id: x\n');
    writeFileSync(join(root, 'p/contracts/events.odcs.yaml'), 'id: changed\n');
    const plan = planWrite(root, 'p', files(), { force: true });
    expect(plan.merge).toBe(true);
    expect(plan.entries.map((e) => [e.path, e.action])).toEqual([
      ['dataproduct.odps.yaml', 'skip'],
      ['contracts/events.odcs.yaml', 'overwrite'],
      ['ports/output/events/README.md', 'create'],
    ]);
  });

  it('refuses a symbolic link that leads outside the target, allows one that stays inside', () => {
    const outside = join(root, 'outside');
    mkdirSync(outside);
    mkdirSync(join(root, 'p'));
    symlinkSync(outside, join(root, 'p', 'ports'));
    expect(() => planWrite(root, 'p', files(), { force: true })).toThrow(/ports in the target is a symbolic link to .*outside, outside the target/);
    rmSync(join(root, 'p', 'ports'));
    mkdirSync(join(root, 'p', 'real-ports'));
    symlinkSync(join(root, 'p', 'real-ports'), join(root, 'p', 'ports'));
    expect(planWrite(root, 'p', files(), { force: true }).entries.at(-1)).toMatchObject({ action: 'create' });
  });

  it('refuses a file where a directory is needed, and a link to a file outside', () => {
    mkdirSync(join(root, 'p'));
    writeFileSync(join(root, 'p', 'contracts'), 'a file');
    expect(() => planWrite(root, 'p', files(), { force: true })).toThrow(/contracts is a file, not a directory/);
    rmSync(join(root, 'p', 'contracts'));
    writeFileSync(join(root, 'secret'), 'secret');
    symlinkSync(join(root, 'secret'), join(root, 'p', 'dataproduct.odps.yaml'));
    expect(() => planWrite(root, 'p', files(), { force: true })).toThrow(/symbolic link/);
  });
});

describe('applyPlan', () => {
  it('moves a complete new directory into place and leaves no staging directory', async () => {
    await applyPlan(planWrite(root, 'nested/new', files(), { force: false }));
    expect(listAll(join(root, 'nested/new'))).toEqual(['contracts/events.odcs.yaml', 'dataproduct.odps.yaml', 'ports/output/events/README.md']);
    expect(readdirSync(join(root, 'nested'))).toEqual(['new']);
    expect(statSync(join(root, 'nested/new')).mode & 0o077).not.toBe(0);
  });

  it('fills an existing empty directory in place (a shell sitting in it, as with `dp init .`, keeps its directory)', async () => {
    mkdirSync(join(root, 'empty'));
    const inode = statSync(join(root, 'empty')).ino;
    await applyPlan(planWrite(join(root, 'empty'), '.', files(), { force: false }));
    expect(listAll(join(root, 'empty'))).toHaveLength(3);
    expect(statSync(join(root, 'empty')).ino).toBe(inode);
    expect(readdirSync(root)).toEqual(['empty']);
  });

  it('a failing check leaves nothing: no target, no created parents, no staging', async () => {
    const plan = planWrite(root, 'a/b/new', files(), { force: false });
    let staged: string[] = [];
    await expect(
      applyPlan(plan, {
        check: async (stage) => {
          staged = listAll(stage);
          throw new Error('findings');
        },
      }),
    ).rejects.toThrow('findings');
    expect(staged).toHaveLength(3);
    expect(readdirSync(root)).toEqual([]);
  });

  it('Ctrl-C before the move removes the staging directory and writes nothing (exit 130)', async () => {
    const plan = planWrite(root, 'new', files(), { force: false });
    const run = applyPlan(plan, {
      check: async () => {
        process.emit('SIGINT');
      },
    });
    await expect(run).rejects.toMatchObject({ type: 'interrupted', exitCode: 130 });
    expect(readdirSync(root)).toEqual([]);
  });

  it('--force merges: overwrites and creates, keeps every other file', async () => {
    mkdirSync(join(root, 'p/contracts'), { recursive: true });
    writeFileSync(join(root, 'p/contracts/events.odcs.yaml'), 'old\n');
    writeFileSync(join(root, 'p/mine.txt'), 'keep');
    await applyPlan(planWrite(root, 'p', files(), { force: true }));
    expect(readFileSync(join(root, 'p/contracts/events.odcs.yaml'), 'utf8')).toBe('id: x.events\n');
    expect(readFileSync(join(root, 'p/mine.txt'), 'utf8')).toBe('keep');
    expect(readdirSync(root)).toEqual(['p']);
  });

  it('a failure in the middle of a merge restores every overwritten file', async () => {
    mkdirSync(join(root, 'p/contracts'), { recursive: true });
    writeFileSync(join(root, 'p/dataproduct.odps.yaml'), 'old descriptor\n');
    writeFileSync(join(root, 'p/contracts/events.odcs.yaml'), 'old contract\n');
    const plan = planWrite(root, 'p', files(), { force: true });
    // After planning, make the last move impossible: its directory cannot be created.
    writeFileSync(join(root, 'p/ports'), 'now a file');
    await expect(applyPlan(plan)).rejects.toThrow();
    expect(readFileSync(join(root, 'p/dataproduct.odps.yaml'), 'utf8')).toBe('old descriptor\n');
    expect(readFileSync(join(root, 'p/contracts/events.odcs.yaml'), 'utf8')).toBe('old contract\n');
    expect(readdirSync(root)).toEqual(['p']);
    expect(listAll(join(root, 'p'))).toEqual(['contracts/events.odcs.yaml', 'dataproduct.odps.yaml', 'ports']);
  });

  it('a target that cannot be written to fails cleanly', async () => {
    if (process.getuid?.() === 0) return; // root ignores permissions
    mkdirSync(join(root, 'locked'));
    chmodSync(join(root, 'locked'), 0o500);
    await expect(applyPlan(planWrite(root, 'locked/new', files(), { force: false }))).rejects.toThrow();
    expect(existsSync(join(root, 'locked/new'))).toBe(false);
  });
});
