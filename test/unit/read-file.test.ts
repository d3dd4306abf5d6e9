/**
 * Reading files a repository controls: only regular files, never more than the limit + 1
 * bytes, never outside the repository unless allowed. Real FIFOs, sockets, devices and links.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBounded } from '../../src/descriptor/read-file.js';
import { repositoryRoot } from '../../src/descriptor/discover.js';
import { tempDir } from '../support/product.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  const t = tempDir();
  dir = realpathSync(t.dir);
  cleanup = t.cleanup;
});
afterEach(() => cleanup());

const problemOf = (path: string, scope = {}, limit = 1024) => {
  const r = readBounded(path, 'x.yaml', limit, scope);
  return 'problem' in r ? r.problem : undefined;
};

describe('readBounded', () => {
  it('reads a regular file', () => {
    writeFileSync(join(dir, 'a.yaml'), 'a: 1\n');
    expect(readBounded(join(dir, 'a.yaml'), 'a.yaml', 1024, { root: dir })).toEqual({ bytes: Buffer.from('a: 1\n') });
  });

  it('never opens a FIFO (it would block forever)', { timeout: 5000 }, () => {
    execFileSync('mkfifo', [join(dir, 'fifo.yaml')]);
    expect(problemOf(join(dir, 'fifo.yaml'))).toMatchObject({
      ruleId: 'file-not-regular',
      message: 'x.yaml is a FIFO (named pipe), not a regular file: dp does not read it',
    });
  });

  it('refuses a socket and a device, also through a link', async () => {
    const socket = join(dir, 's.yaml');
    const server = createServer().listen(socket);
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      expect(problemOf(socket)).toMatchObject({ ruleId: 'file-not-regular', message: expect.stringContaining('is a socket') });
    } finally {
      server.close();
    }
    symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
    expect(problemOf(join(dir, 'zero.yaml'), { root: dir, followExternalLinks: true })).toMatchObject({
      ruleId: 'file-not-regular',
      message: 'x.yaml is a character device (through a symbolic link), not a regular file: dp does not read it',
    });
  });

  it('refuses a link leading out of the repository, naming where, unless allowed', () => {
    mkdirSync(join(dir, 'repo/contracts'), { recursive: true });
    writeFileSync(join(dir, 'outside.yaml'), 'secret: 1\n');
    symlinkSync(join(dir, 'outside.yaml'), join(dir, 'repo/contracts/a.odcs.yaml'));
    const root = join(dir, 'repo');
    const problem = problemOf(join(root, 'contracts/a.odcs.yaml'), { root });
    expect(problem).toMatchObject({
      ruleId: 'link-outside-repository',
      message: `x.yaml leads outside the repository (to ${join(dir, 'outside.yaml')}) through a symbolic link: dp does not read it`,
    });
    expect(problem!.message).not.toContain('secret');
    expect(problemOf(join(root, 'contracts/a.odcs.yaml'), { root, followExternalLinks: true })).toBeUndefined();
    // A link to a file inside the repository, or a directory link that stays inside, is fine.
    symlinkSync(join(root, 'contracts/a.odcs.yaml'), join(root, 'b.yaml'));
    writeFileSync(join(root, 'inside.yaml'), 'a: 1\n');
    symlinkSync(join(root, 'inside.yaml'), join(root, 'c.yaml'));
    expect(problemOf(join(root, 'c.yaml'), { root })).toBeUndefined();
    expect(problemOf(join(root, 'b.yaml'), { root })?.ruleId).toBe('link-outside-repository');
  });

  it('says what is wrong with a dangling link', () => {
    symlinkSync(join(dir, 'nowhere'), join(dir, 'd.yaml'));
    expect(problemOf(join(dir, 'd.yaml'))).toMatchObject({ ruleId: 'file-unreadable', message: 'x.yaml is a symbolic link to a file that does not exist' });
  });

  it('enforces the size limit while reading, even when the file claims to be empty', () => {
    writeFileSync(join(dir, 'big.yaml'), Buffer.alloc(2048, 'a'));
    expect(problemOf(join(dir, 'big.yaml'))).toMatchObject({ ruleId: 'file-too-large', message: 'file is 0.0 MB, over the 0.0009765625 MB limit' });
    // /proc files report a size of 0 and have content: only reading tells.
    expect(problemOf('/proc/self/maps', {}, 64)).toMatchObject({ ruleId: 'file-too-large', message: expect.stringContaining('over the') });
  });
});

describe('repositoryRoot', () => {
  it('is the top of the git work tree, else the directory itself', () => {
    mkdirSync(join(dir, 'repo/.git'), { recursive: true });
    mkdirSync(join(dir, 'repo/products/a'), { recursive: true });
    mkdirSync(join(dir, 'plain/b'), { recursive: true });
    expect(repositoryRoot(join(dir, 'repo/products/a'))).toBe(join(dir, 'repo'));
    expect(repositoryRoot(join(dir, 'plain/b'))).toBe(join(dir, 'plain/b'));
  });
});
