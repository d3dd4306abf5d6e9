/**
 * dp catalog doctor tells damage to the database (exit 1) from published content it finds odd
 * (a warning, exit 0), says 2 only when the catalog cannot be used at all; and every read
 * command works on a read-only catalog in a directory it may not write (run as an
 * unprivileged user: root may write anything).
 */
import { chmodSync, copyFileSync, mkdirSync, openSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dp, dpUnprivileged, expectNoStack } from '../support/cli.js';
import { clone, listenerProduct, playerProduct, writeProduct } from '../support/catalog.js';
import { tempDir } from '../support/product.js';

let root: string;
let cleanup: () => void;
let catalog: string;
const run = (args: string[], at = catalog) => dp([...args, '--catalog', at], { cwd: root });

/** A copy of the catalog, changed with raw SQL (triggers dropped first: dp's own guard against this). */
function tampered(name: string, sql: string): string {
  const path = join(root, name);
  copyFileSync(catalog, path);
  const db = new Database(path);
  for (const { name: trigger } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as Array<{ name: string }>)
    db.exec(`DROP TRIGGER "${trigger}"`);
  db.exec(sql);
  db.close();
  return path;
}

beforeAll(() => {
  ({ dir: root, cleanup } = tempDir('dp-e2e-doctor-'));
  catalog = join(root, 'catalog.db');
  writeProduct(join(root, 'mesh/play-events'), playerProduct());
  writeProduct(join(root, 'mesh/listener-sessions'), listenerProduct());
  // An organisation that switched schema-type off let a version with a non-mapping port entry in.
  const odd = clone(playerProduct());
  odd.descriptor.id = 'odd-events';
  odd.descriptor.outputPorts.push('not a port');
  writeProduct(join(root, 'lenient/odd-events'), odd);
  writeFileSync(join(root, 'lenient/dp.config.yaml'), 'policies:\n  rules:\n    schema-type: off\n');
  expect(dp(['publish', 'mesh', 'lenient', '--catalog', catalog], { cwd: root }).code).toBe(0);
});
afterAll(() => cleanup());

describe('dp catalog doctor', () => {
  it('reports odd published content as a warning, with what is odd, and exits 0', () => {
    const r = run(['catalog', 'doctor']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('warning: version odd-events@1.0.0: outputPorts[1] is a string, not a mapping: dp ignores it');
    expect(r.stdout).toContain('is sound: 3 products, 3 versions, every check passed');
    expect(r.stdout).not.toMatch(/problem|restore/);
    const json = JSON.parse(run(['catalog', 'doctor', '--json']).stdout);
    expect(json).toMatchObject({ sound: true, products: 3, versions: 3, problems: [], warnings: [expect.stringContaining('outputPorts[1]')] });
  });

  it('reports documents that no longer match their digest, and missing port rows, as damage (exit 1)', () => {
    const changed = tampered(
      'changed.db',
      "UPDATE versions SET descriptor_json = json_set(descriptor_json, '$.name', 'Hijacked') WHERE product_id = 'play-events'",
    );
    let r = run(['catalog', 'doctor'], changed);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/problem: version play-events@1\.0\.0: its documents do not match its digest/);
    const portless = tampered('portless.db', "DELETE FROM ports WHERE product_id = 'listener-sessions' AND direction = 'input'");
    r = run(['catalog', 'doctor'], portless);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('problem: version listener-sessions@1.0.0: 1 port rows, but its descriptor declares 2 ports');
  });

  it('exits 1, not 2, for a corrupt file other commands still read', () => {
    const corrupt = join(root, 'corrupt.db');
    copyFileSync(catalog, corrupt);
    const db = new Database(corrupt, { readonly: true });
    const { rootpage } = db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'versions_history'").get() as { rootpage: number };
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.close();
    const fd = openSync(corrupt, 'r+');
    writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (rootpage - 1) * pageSize);
    closeSync(fd);
    expect(run(['catalog', 'list'], corrupt).code).toBe(0);
    const r = run(['catalog', 'doctor'], corrupt);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^problem: sqlite quick_check: /m);
    expectNoStack(r);
  });

  it('exits 2 for a catalog it cannot use', () => {
    const junk = join(root, 'junk.db');
    writeFileSync(junk, 'not a database at all, and long enough to look like a file with a header'.repeat(100));
    const r = run(['catalog', 'doctor'], junk);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not a SQLite database');
  });
});

describe('a read-only catalog in a directory that is not writable', () => {
  it('serves every read command, the doctor included', () => {
    const dir = join(root, 'readonly');
    mkdirSync(dir);
    const copy = join(dir, 'catalog.db');
    copyFileSync(catalog, copy);
    chmodSync(root, 0o755);
    chmodSync(copy, 0o444);
    chmodSync(dir, 0o555);
    try {
      for (const args of [
        ['list'],
        ['show', 'play-events'],
        ['versions', 'play-events'],
        ['search', 'play'],
        ['graph'],
        ['consumers', 'play-events'],
        ['doctor'],
      ]) {
        const r = dpUnprivileged(['catalog', ...args, '--catalog', copy], { cwd: root });
        expect(r.code, `dp catalog ${args.join(' ')}: ${r.stderr}`).toBe(0);
        expect(r.stdout.length).toBeGreaterThan(0);
      }
      const publish = dpUnprivileged(['publish', 'mesh', '--catalog', copy], { cwd: root });
      expect(publish.code).toBe(2);
      expectNoStack(publish);
    } finally {
      chmodSync(dir, 0o755);
    }
  });
});
