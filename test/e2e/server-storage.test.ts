/**
 * A full disk under a running `dp catalog serve`: the SQLite catalog lives on
 * a small tmpfs, the rest of the disk is filled, and a publish then answers
 * 503 with a storage error (never 500, never a half-stored version); a local
 * `dp publish` says the same with exit 2; once room is made, publishing works
 * and the catalog is sound. Mounting needs root: elsewhere the test is skipped
 * loudly, and test/unit/server-answers.test.ts still checks the same answer
 * with SQLite's own SQLITE_FULL.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dp, expectNoStack } from '../support/cli.js';
import { tempDir } from '../support/product.js';
import { api, createToken, dpWithToken, playerOffer, startServer, writeMesh, type RunningServer } from './server-harness.js';

// Mounted when the file is collected: whether the test runs depends on it.
const { dir: root, cleanup } = tempDir('dp-e2e-storage-');
const disk = join(root, 'disk');
mkdirSync(disk);
const mount = process.getuid?.() === 0 ? spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', disk], { encoding: 'utf8' }) : undefined;
const mounted = mount?.status === 0;
if (!mounted) process.stderr.write(`\n*** SKIPPING the full-disk test: cannot mount a tmpfs (${mount ? mount.stderr.trim() : 'not root'}) ***\n\n`);

afterAll(() => {
  if (mounted) spawnSync('umount', [disk]);
  cleanup();
});

/** Fills the rest of the disk with one file; gives its path. */
function fill(): string {
  const filler = join(disk, 'filler');
  const chunk = Buffer.alloc(64 * 1024, 1);
  let written = 0;
  try {
    for (;;) {
      writeFileSync(filler, chunk, { flag: 'a' });
      written += chunk.length;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  }
  // Then the last bytes a smaller write can still take.
  try {
    for (;;) writeFileSync(filler, Buffer.alloc(512, 1), { flag: 'a' });
  } catch {
    // full
  }
  expect(written).toBeGreaterThan(0);
  return filler;
}

describe('a full disk', () => {
  let server: RunningServer;
  let catalog: string;
  let admin: string;

  it.runIf(mounted)('answers 503 with a storage error, stores nothing, and publishing works again once there is room', async () => {
    catalog = join(disk, 'catalog.db');
    writeMesh(root);
    admin = createToken(catalog, root, { admin: true }).token;
    server = await startServer(catalog, root, ['--quiet']);
    try {
      expect(dpWithToken(['publish', 'mesh', '--catalog', server.url], root, admin).code).toBe(0);
      const filler = fill();
      const full = await api(server.url, '/api/publish', { token: admin, body: playerOffer((p) => (p.descriptor.version = '1.0.1')) });
      expect(full.status).toBe(503);
      expect(full.body.error).toMatchObject({ code: 'storage', message: expect.stringMatching(/disk is full or failing/) });
      const cli = dpWithToken(['publish', 'mesh', '--catalog', server.url], root, admin);
      expectNoStack(cli);
      const local = dp(['publish', 'mesh', '--catalog', catalog], { cwd: root });
      expect([cli.code, local.code]).toEqual([0, 0]);
      const moved = writeMeshVersion(root, '1.0.2');
      const viaServer = dpWithToken(['publish', moved, '--catalog', server.url], root, admin);
      expect(viaServer.code).toBe(2);
      expect(viaServer.stderr).toMatch(/could not store the versions: the catalog's storage cannot take the write/);
      expectNoStack(viaServer);
      const direct = dp(['publish', moved, '--catalog', catalog], { cwd: root });
      expect(direct.code).toBe(2);
      expect(direct.stderr).toMatch(/cannot write the catalog .*\n\s+hint: make room on its disk/);
      expectNoStack(direct);
      expect((await api(server.url, '/api/products/play-events')).body.version).toBe('1.0.0');
      rmSync(filler);
      expect(dpWithToken(['publish', moved, '--catalog', server.url], root, admin).code).toBe(0);
      expect((await api(server.url, '/api/products/play-events/versions')).body.items.map((v: { version: string }) => v.version)).toEqual(['1.0.2', '1.0.0']);
      const doctor = dp(['catalog', 'doctor', '--catalog', catalog], { cwd: root });
      expect(doctor.code, doctor.stdout + doctor.stderr).toBe(0);
    } finally {
      await server?.stop();
    }
  });
});

/** The player product at `version` in a directory of its own; gives the directory. */
function writeMeshVersion(at: string, version: string): string {
  const dir = join(at, `next-${version}`);
  writeMesh(dir);
  const file = join(dir, 'mesh', 'play-events', 'dataproduct.odps.yaml');
  const text = spawnSync('sed', ['-i', `s/^version: 1.0.0$/version: ${version}/`, file]);
  expect(text.status).toBe(0);
  return join(dir, 'mesh', 'play-events');
}
