/**
 * dp publish end to end on SQLite: the built bin in temp directories, CI=true,
 * no stdin. Exit codes, messages, and what the catalog holds afterwards.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dp, expectNoStack } from '../support/cli.js';
import { clone, listenerProduct, playerProduct, playlistProduct, writeProduct } from '../support/catalog.js';
import { tempDir } from '../support/product.js';

let root: string;
let cleanup: () => void;
let n = 0;

/** A fresh catalog path for one test. */
const newCatalog = () => join(root, `catalog-${++n}.db`);
const env = (catalog: string) => ({ DP_CATALOG: catalog, DP_PUBLISHER: 'ci@example.com' });

beforeAll(() => {
  ({ dir: root, cleanup } = tempDir('dp-e2e-publish-'));
  writeProduct(join(root, 'mesh/player/play-events'), playerProduct());
  writeProduct(join(root, 'mesh/listener/listener-sessions'), listenerProduct());
  writeProduct(join(root, 'mesh/playlist/playlist-features'), playlistProduct());
});
afterAll(() => cleanup());

function variant(name: string, mutate: (p: ReturnType<typeof playerProduct>) => void): string {
  const p = clone(playerProduct());
  mutate(p);
  return writeProduct(join(root, 'variants', name), p);
}

describe('dp publish (end to end)', () => {
  it('publishes every product of a mesh in one command, then is idempotent', () => {
    const catalog = newCatalog();
    const first = dp(['publish', 'mesh'], { cwd: root, env: env(catalog) });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('published play-events@1.0.0 (new product)');
    expect(first.stdout).toContain('published listener-sessions@1.0.0 (new product)');
    expect(first.stdout).toMatch(/3 published, 0 unchanged, 0 refused \(catalog .*catalog-\d+\.db\)/);
    const again = dp(['publish', 'mesh'], { cwd: root, env: env(catalog) });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('unchanged play-events@1.0.0: already published with the same content, nothing to do');
    expect(again.stdout).toContain('0 published, 3 unchanged, 0 refused');
    const db = new Database(catalog, { readonly: true });
    try {
      expect(db.prepare('SELECT product_id, version, publisher FROM versions ORDER BY product_id').all()).toEqual([
        { product_id: 'listener-sessions', version: '1.0.0', publisher: 'ci@example.com' },
        { product_id: 'play-events', version: '1.0.0', publisher: 'ci@example.com' },
        { product_id: 'playlist-features', version: '1.0.0', publisher: 'ci@example.com' },
      ]);
      const text = (db.prepare("SELECT descriptor_text FROM versions WHERE product_id = 'play-events'").get() as { descriptor_text: string }).descriptor_text;
      expect(text).toBe(readFileSync(join(root, 'mesh/player/play-events/dataproduct.odps.yaml'), 'utf8'));
    } finally {
      db.close();
    }
  });

  it('refuses a breaking change without a major version, naming the breaking changes and the affected consumers', () => {
    const catalog = newCatalog();
    expect(dp(['publish', 'mesh'], { cwd: root, env: env(catalog) }).code).toBe(0);
    const dir = variant('breaking', (p) => {
      p.descriptor.version = '1.1.0';
      p.contracts.events.schema[0].properties = p.contracts.events.schema[0].properties.filter((f: { name: string }) => f.name !== 'played_at');
      p.contracts.events.slaProperties[0] = { property: 'retention', value: 30, unit: 'd' };
    });
    const r = dp(['publish', dir], { cwd: root, env: env(catalog) });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('refused play-events@1.1.0');
    expect(r.stdout).toContain('2 breaking changes against 1.0.0 need a new major version (2.0.0)');
    expect(r.stdout).toMatch(/breaking\s+play-events-events: field play_events\.played_at was removed \(port events\)\s+field-removed/);
    expect(r.stdout).toMatch(/SLA retention weakened: 1 year -> 30 days/);
    expect(r.stdout).toContain('listener-sessions (input port upstream) consumes play-events:events (contract play-events-events)');
    expect(r.stdout).not.toContain('playlist-features (input port');
    const json = dp(['publish', dir, '--json'], { cwd: root, env: env(catalog) });
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.stdout);
    expect(doc.summary).toEqual({ published: 0, unchanged: 0, refused: 1, wouldPublish: 0 });
    expect(doc.products[0].refusals[0].code).toBe('breaking-needs-major');
    expect(doc.products[0].affectedConsumers.map((e: { to: { product: string } }) => e.to.product)).toEqual(['listener-sessions']);
    const major = variant('major', (p) => {
      p.descriptor.version = '2.0.0';
      p.contracts.events.schema[0].properties = p.contracts.events.schema[0].properties.filter((f: { name: string }) => f.name !== 'played_at');
    });
    const ok = dp(['publish', major], { cwd: root, env: env(catalog) });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('published play-events@2.0.0 (from 1.0.0: 1 breaking change)');
  });

  it('refuses other content under a published version, and a lower version', () => {
    const catalog = newCatalog();
    expect(dp(['publish', 'mesh/player'], { cwd: root, env: env(catalog) }).code).toBe(0);
    const same = variant('same-version', (p) => (p.descriptor.description.purpose = 'A different purpose.'));
    const r = dp(['publish', same], { cwd: root, env: env(catalog) });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/play-events@1\.0\.0 is already published with different content \(by ci@example\.com on \d{4}-\d\d-\d\d\)/);
    const higher = variant('higher', (p) => (p.descriptor.version = '1.5.0'));
    expect(dp(['publish', higher], { cwd: root, env: env(catalog) }).code).toBe(0);
    const lower = variant('lower', (p) => (p.descriptor.version = '1.2.0'));
    const low = dp(['publish', lower], { cwd: root, env: env(catalog) });
    expect(low.code).toBe(1);
    expect(low.stdout).toContain('version 1.2.0 is not greater than the latest published version 1.5.0');
  });

  it('shows a dry run and writes nothing, not even a new catalog file', () => {
    const catalog = newCatalog();
    const r = dp(['publish', 'mesh', '--dry-run'], { cwd: root, env: env(catalog) });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('would publish play-events@1.0.0 (new product)');
    expect(r.stdout).toContain('dry run, nothing written: 3 would be published');
    expect(existsSync(catalog)).toBe(false);
    expect(dp(['publish', 'mesh'], { cwd: root, env: env(catalog) }).code).toBe(0);
    const next = variant('dry-minor', (p) => {
      p.descriptor.version = '1.1.0';
      p.contracts.events.schema[0].properties.push({ name: 'country', logicalType: 'string', physicalType: 'varchar(2)', description: 'Country of the play.' });
    });
    const dry = dp(['publish', next, '--dry-run', '--json'], { cwd: root, env: env(catalog) });
    expect(dry.code).toBe(0);
    const doc = JSON.parse(dry.stdout);
    expect(doc.dryRun).toBe(true);
    expect(doc.products[0]).toMatchObject({ status: 'would-publish', previousVersion: '1.0.0' });
    expect(doc.products[0].changes.map((c: { ruleId: string }) => c.ruleId)).toEqual(['field-added']);
    const list = JSON.parse(dp(['catalog', 'versions', 'play-events', '--json'], { cwd: root, env: env(catalog) }).stdout);
    expect(list.versions.map((v: { version: string }) => v.version)).toEqual(['1.0.0']);
  });

  it('refuses to publish when validation fails, printing the findings and writing nothing', () => {
    const catalog = newCatalog();
    const bad = variant('invalid', (p) => {
      delete p.descriptor.outputPorts[0].contractId;
      p.descriptor.outputPorts[0].contractID = 'play-events-events';
    });
    const r = dp(['publish', bad, 'mesh/listener'], { cwd: root, env: env(catalog) });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/dataproduct\.odps\.yaml/);
    expect(r.stdout).toMatch(/error/);
    expect(r.stderr).toMatch(/publish refused: \d+ errors? in 1 product; nothing was published/);
    expect(existsSync(catalog)).toBe(false);
    const json = dp(['publish', bad, '--json'], { cwd: root, env: env(catalog) });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ refused: 'validation' });
  });

  it('takes the catalog from dp.config.yaml, relative to it', () => {
    const project = join(root, 'configured');
    writeProduct(join(project, 'products/play-events'), playerProduct());
    writeFileSync(join(project, 'dp.config.yaml'), 'catalog: .catalog/mesh.db\n');
    const r = dp(['publish', 'products'], { cwd: project, env: { DP_PUBLISHER: 'x' } });
    expect(r.code).toBe(0);
    expect(existsSync(join(project, '.catalog/mesh.db'))).toBe(true);
  });

  it('gives clear errors without stack traces: no product, corrupt or foreign catalog files, unreachable PostgreSQL', () => {
    mkdirSync(join(root, 'nothing'), { recursive: true });
    const none = dp(['publish', 'nothing'], { cwd: root, env: env(newCatalog()) });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no data product found');

    const corrupt = join(root, 'corrupt.db');
    writeFileSync(corrupt, Buffer.from('this is not a database at all, just some bytes '.repeat(200)));
    const c = dp(['publish', 'mesh/player'], { cwd: root, env: env(corrupt) });
    expect(c.code).toBe(2);
    expect(c.stderr).toContain(`${corrupt} is not a SQLite database, so not a dp catalog`);
    expectNoStack(c);

    const foreign = join(root, 'foreign.db');
    const db = new Database(foreign);
    db.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)');
    db.close();
    const f = dp(['catalog', 'list'], { cwd: root, env: env(foreign) });
    expect(f.code).toBe(2);
    expect(f.stderr).toContain('is a SQLite database of another application, not a dp catalog (it holds customers)');
    expectNoStack(f);

    const pg = dp(['publish', 'mesh/player', '--catalog', 'postgres://dp:secret@127.0.0.1:1/catalog'], { cwd: root, env: { DP_PUBLISHER: 'x' } });
    expect(pg.code).toBe(2);
    expect(pg.stderr).toMatch(/cannot reach the PostgreSQL catalog at postgres:\/\/dp:\*\*\*@127\.0\.0\.1:1\/catalog/);
    expect(pg.stderr).not.toContain('secret');
    expectNoStack(pg);

    const dir = join(root, 'a-directory.db');
    mkdirSync(dir, { recursive: true });
    const d = dp(['publish', 'mesh/player', '--catalog', dir], { cwd: root, env: { DP_PUBLISHER: 'x' } });
    expect(d.code).toBe(2);
    expectNoStack(d);
  });

  it('never loads a database driver for dp validate', () => {
    const hooks = join(root, 'hooks.mjs');
    writeFileSync(
      hooks,
      "export async function resolve(specifier, context, next) { if (/^(better-sqlite3|pg|@duckdb.node-api)$/.test(specifier)) throw new Error('validate loaded ' + specifier); return next(specifier, context); }\n",
    );
    const register = join(root, 'register.mjs');
    writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${hooks}`)});\n`);
    const r = dp(['validate', 'mesh'], { cwd: root, env: { NODE_OPTIONS: `--import=${register}` } });
    expect(r.stderr).not.toContain('loaded');
    expect(r.code).toBe(0);
    const p = dp(['publish', 'mesh', '--dry-run'], {
      cwd: root,
      env: { NODE_OPTIONS: `--import=${register}`, DP_CATALOG: newCatalog() },
      internalErrorExpected: true,
    });
    expect(p.code).toBe(2); // the hook works: publishing does need a driver
    expect(p.stderr).toContain('loaded better-sqlite3');
  });
});
