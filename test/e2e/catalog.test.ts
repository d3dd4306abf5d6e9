/**
 * The catalog read commands and dp diff end to end, on a SQLite catalog
 * holding the streaming mesh (player -> listener -> playlist) and a second
 * version of the player product.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dp, expectNoStack } from '../support/cli.js';
import { clone, listenerProduct, playerProduct, playlistProduct, writeProduct } from '../support/catalog.js';
import { tempDir } from '../support/product.js';

let root: string;
let cleanup: () => void;
let catalog: string;
const run = (...args: string[]) => dp(args, { cwd: root, env: { DP_CATALOG: catalog, DP_PUBLISHER: 'ci@example.com' } });
const json = (...args: string[]) => {
  const r = run(...args, '--json');
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};

beforeAll(() => {
  ({ dir: root, cleanup } = tempDir('dp-e2e-catalog-'));
  catalog = join(root, 'catalog.db');
  writeProduct(join(root, 'mesh/player/play-events'), playerProduct());
  writeProduct(join(root, 'mesh/listener/listener-sessions'), listenerProduct());
  writeProduct(join(root, 'mesh/playlist/playlist-features'), playlistProduct());
  const next = clone(playerProduct());
  next.descriptor.version = '1.1.0';
  next.contracts.events.schema[0].properties.push({ name: 'country', logicalType: 'string', physicalType: 'varchar(2)', description: 'Country of the play.' });
  writeProduct(join(root, 'next/play-events'), next);
  const broken = clone(next);
  broken.descriptor.version = '1.2.0';
  broken.contracts.events.schema[0].properties.shift();
  writeProduct(join(root, 'broken/play-events'), broken);
  expect(run('publish', 'mesh').code).toBe(0);
  expect(run('publish', 'next').code).toBe(0);
});
afterAll(() => cleanup());

describe('dp catalog (end to end)', () => {
  it('lists products with filters', () => {
    const r = run('catalog', 'list');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ID\s+VERSION\s+DOMAIN\s+TEAM\s+STATUS\s+PUBLISHED\s+PURPOSE/);
    expect(r.stdout).toMatch(/play-events\s+1\.1\.0\s+player\s+player-team\s+active/);
    expect(r.stdout).toContain('3 products');
    expect(json('catalog', 'list', '--domain', 'listener').items.map((p: { id: string }) => p.id)).toEqual(['listener-sessions']);
    expect(json('catalog', 'list', '--team', 'nobody').total).toBe(0);
  });

  it('searches words in names, descriptions, tags and fields', () => {
    expect(json('catalog', 'search', 'country').items.map((p: { id: string }) => p.id)).toEqual(['play-events']);
    expect(json('catalog', 'search', 'recommendation', 'features').items.map((p: { id: string }) => p.id)).toEqual(['playlist-features']);
    const r = run('catalog', 'search', 'nothing-like-this');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('no matches\n');
    expect(run('catalog', 'search', '--', '---').code).toBe(2);
  });

  it('shows a product with ports, contracts and neighbours', () => {
    const r = run('catalog', 'show', 'listener-sessions');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('listener-sessions 1.0.0');
    expect(r.stdout).toContain('consumed by: playlist-features (upstream)');
    expect(r.stdout).toContain('upstream@1.0.0 from contract play-events-events (play-events:events)');
    const doc = json('catalog', 'show', 'play-events@1.0.0');
    expect(doc.version).toBe('1.0.0');
    expect(doc.versions).toEqual(['1.1.0', '1.0.0']);
    expect(doc.downstream.map((e: { to: { product: string } }) => e.to.product)).toEqual(['listener-sessions']);
    expect(doc.documents.descriptor.value.id).toBe('play-events');
    const missing = run('catalog', 'show', 'play-events@9.0.0');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('play-events@9.0.0 is not in the catalog');
    expectNoStack(missing);
  });

  it('lists versions newest first, with their changes', () => {
    const r = run('catalog', 'versions', 'play-events', '--changes');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1\.1\.0\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+ci@example\.com\s+sha256:\w+\s+1 non-breaking change since 1\.0\.0/);
    expect(r.stdout).toMatch(/1\.0\.0\s+.*first version/);
    expect(r.stdout).toContain('field play_events.country was added');
    expect(run('catalog', 'versions', 'unknown').code).toBe(2);
  });

  it('names the consumers of a product or one port', () => {
    const r = run('catalog', 'consumers', 'play-events');
    expect(r.stdout).toMatch(/listener-sessions\s+upstream\s+play-events:events\s+play-events-events/);
    expect(json('catalog', 'consumers', 'play-events:events').consumers).toHaveLength(1);
    expect(run('catalog', 'consumers', 'playlist-features').stdout).toContain('no product in the catalog consumes playlist-features');
    const wrong = run('catalog', 'consumers', 'play-events:nope');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('its output ports: events');
  });

  it('draws the mesh as Mermaid and DOT, whole or around one product', () => {
    const mermaid = run('catalog', 'graph');
    expect(mermaid.code).toBe(0);
    expect(mermaid.stdout).toMatch(/^flowchart LR/);
    expect(mermaid.stdout).toMatch(/p\d -- "events" --> p\d/);
    expect(mermaid.stdout).toMatch(/p\d -- "sessions" --> p\d/);
    const dot = run('catalog', 'graph', '--format', 'dot', '--around', 'playlist-features', '--depth', '1');
    expect(dot.stdout).toContain('"listener-sessions" -> "playlist-features" [label="sessions"];');
    expect(dot.stdout).not.toContain('"play-events"');
    const around = json('catalog', 'graph', '--around', 'listener-sessions');
    expect(around.nodes.map((n: { id: string }) => n.id).sort()).toEqual(['listener-sessions', 'play-events', 'playlist-features']);
    expect(around.edges).toHaveLength(2);
    expect(run('catalog', 'graph', '--format', 'svg').code).toBe(2);
    expect(run('catalog', 'graph', '--around', 'unknown').code).toBe(2);
  });

  it('fails clearly on a catalog that does not exist', () => {
    const r = dp(['catalog', 'list'], { cwd: root, env: { DP_CATALOG: join(root, 'none.db') } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('there is no catalog at');
    expectNoStack(r);
  });
});

describe('dp diff (end to end)', () => {
  it('compares two directories; exit 0 without breaking changes', () => {
    const r = run('diff', 'mesh/player/play-events', 'next/play-events');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('mesh/player/play-events -> next/play-events: 1 non-breaking change');
    expect(r.stdout).toMatch(/non-breaking\s+play-events-events: field play_events\.country was added/);
  });

  it('compares a catalog version with a directory; exit 1 on breaking changes', () => {
    const r = run('diff', 'play-events@1.1.0', 'broken/play-events');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/breaking\s+play-events-events: field play_events\.event_id was removed \(port events\)\s+field-removed/);
    const doc = JSON.parse(run('diff', 'play-events@1.0.0', 'play-events', '--json').stdout);
    expect(doc).toMatchObject({ from: { label: 'play-events@1.0.0' }, to: { label: 'play-events@1.1.0', version: '1.1.0' }, breaking: false });
    expect(doc.changes.map((c: { ruleId: string }) => c.ruleId)).toEqual(['field-added']);
  });

  it('explains bad references', () => {
    const r = run('diff', 'play-events@7.0.0', 'next/play-events');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('play-events@7.0.0 is not in the catalog');
    const junk = run('diff', 'no/such/dir', 'next/play-events');
    expect(junk.code).toBe(2);
    expectNoStack(junk);
  });
});

describe('dp catalog doctor (end to end)', () => {
  it('passes a sound catalog, names damage from outside with exit 1, refuses a server URL', () => {
    const sound = run('catalog', 'doctor');
    expect(sound.code, sound.stderr).toBe(0);
    expect(sound.stdout).toContain('is sound: 3 products');
    expect(json('catalog', 'doctor')).toMatchObject({ products: 3, problems: [], sound: true });
    const damaged = join(root, 'damaged.db');
    copyFileSync(catalog, damaged);
    const db = new Database(damaged);
    db.prepare('DELETE FROM products_search WHERE rowid = (SELECT min(rowid) FROM products_search)').run();
    db.close();
    const r = dp(['catalog', 'doctor', '--catalog', damaged], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('problem: search index has 2 rows for 3 products');
    const remote = dp(['catalog', 'doctor', '--catalog', 'http://127.0.0.1:9'], { cwd: root });
    expect(remote.code).toBe(2);
    expect(remote.stderr).toContain("checks run in the catalog's database");
    expect(dp(['catalog', 'doctor', '--catalog', join(root, 'missing.db')], { cwd: root }).code).toBe(2);
  });
});
