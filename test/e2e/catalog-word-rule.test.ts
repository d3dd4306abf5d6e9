/**
 * A SQLite catalog whose search index an earlier dp wrote (accents kept), used by the built `dp`:
 * the first command that may write it rebuilds the index, once, while other processes opening it
 * wait and then find it done; a command that may not write it reads it as it is and refuses its
 * searches, naming what rebuilds it.
 */
import { chmodSync, copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/catalog/sqlite/store.js';
import { WORD_RULE } from '../../src/catalog/words.js';
import { clone, playerProduct, publishLocally, startDp, streamingMesh, toCandidate } from '../support/catalog.js';
import { dp, dpUnprivileged, expectNoStack } from '../support/cli.js';
import { accentedProducts, legacyRows, writeSqliteLegacy } from '../support/legacy-words.js';
import { tempDir } from '../support/product.js';

let root: string;
let cleanup: () => void;
/** The catalog as an earlier dp left it; each test works on a copy. */
let legacy: string;

/** Many products, so that a rebuild takes a moment. */
function bulk(n: number) {
  return Array.from({ length: n }, (_, i) => {
    const p = clone(playerProduct());
    p.descriptor.id = `bulk-${i}`;
    p.descriptor.name = `Écoute ${i}`;
    return p;
  });
}

beforeAll(async () => {
  ({ dir: root, cleanup } = tempDir('dp-e2e-word-rule-'));
  legacy = join(root, 'legacy.db');
  const store = await openSqliteStore(legacy, { mode: 'write' });
  try {
    await publishLocally(store, [...streamingMesh(), ...accentedProducts(), ...bulk(600)].map(toCandidate), { publisher: 'ana@example.com' });
    const ids: string[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await store.listProducts({ limit: 1000, offset });
      ids.push(...page.items.map((p) => p.id));
      if (page.items.length < 1000) break;
    }
    writeSqliteLegacy(legacy, await legacyRows(store, ids));
  } finally {
    await store.close();
  }
});
afterAll(() => cleanup());

function copyOf(name: string, dir = root): string {
  const path = join(dir, name);
  copyFileSync(legacy, path);
  return path;
}

function recordedRule(path: string): string | undefined {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare("SELECT value FROM dp_meta WHERE key = 'word_rule'").get() as { value: string } | undefined)?.value;
  } finally {
    db.close();
  }
}

const searchIds = (stdout: string) => (JSON.parse(stdout) as { items: Array<{ id: string }> }).items.map((p) => p.id);

describe('a catalog whose search index an earlier dp wrote', () => {
  it('is rebuilt by the first command that may write it: accents fold from then on', () => {
    const catalog = copyOf('writable.db');
    expect(recordedRule(catalog)).toBeUndefined();
    const r = dp(['catalog', 'search', 'donnees', '--json', '--catalog', catalog], { cwd: root });
    expect(r.code, r.stderr).toBe(0);
    expect(searchIds(r.stdout)).toEqual(['donnees-brutes']);
    expect(recordedRule(catalog)).toBe(String(WORD_RULE));
    const again = dp(['catalog', 'search', 'ecoute', '599', '--json', '--catalog', catalog], { cwd: root });
    expect(searchIds(again.stdout)).toEqual(['bulk-599']);
  });

  it('is rebuilt once when two processes open it at once: the other waits, then finds it done', async () => {
    const catalog = copyOf('concurrent.db');
    const runs = [0, 1, 2].map(() => startDp(['catalog', 'search', 'ÉCOUTE', '599', '--json', '--catalog', catalog], { cwd: root }).done);
    for (const r of await Promise.all(runs)) {
      expect(r.code, r.stderr).toBe(0);
      expect(searchIds(r.stdout)).toEqual(['bulk-599']);
    }
    const db = new Database(catalog, { readonly: true });
    try {
      expect(db.prepare('SELECT (SELECT count(*) FROM products_search) AS search, (SELECT count(*) FROM products) AS products').get()).toEqual({
        search: 607,
        products: 607,
      });
    } finally {
      db.close();
    }
  });

  it('waits for a process holding the write lock, and leaves alone the words it finds rebuilt', async () => {
    const catalog = copyOf('locked.db');
    // Another dp rebuilding: it holds the write lock, and has rewritten the words (with a mark of its own).
    const other = new Database(catalog);
    other.exec('BEGIN IMMEDIATE');
    other
      .prepare("UPDATE products_search SET body = body || ' donnees rebuiltelsewhere' WHERE rowid = (SELECT pk FROM products WHERE id = 'donnees-brutes')")
      .run();
    other.prepare("INSERT INTO dp_meta (key, value) VALUES ('word_rule', ?)").run(String(WORD_RULE));
    const search = startDp(['catalog', 'search', 'rebuiltelsewhere', '--json', '--catalog', catalog], { cwd: root });
    let exited = false;
    void search.done.then(() => (exited = true));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(exited).toBe(false);
    other.exec('COMMIT');
    other.close();
    const r = await search.done;
    expect(r.code, r.stderr).toBe(0);
    expect(searchIds(r.stdout)).toEqual(['donnees-brutes']);
  });

  it('is read as it is where dp may not write it: every read works, searches are refused with what rebuilds the index', () => {
    const dir = join(root, 'readonly');
    mkdirSync(dir);
    const catalog = copyOf('catalog.db', dir);
    chmodSync(root, 0o755);
    chmodSync(catalog, 0o444);
    chmodSync(dir, 0o555);
    try {
      for (const args of [['list'], ['show', 'donnees-brutes'], ['versions', 'play-events'], ['graph'], ['consumers', 'play-events'], ['doctor']]) {
        const r = dpUnprivileged(['catalog', ...args, '--catalog', catalog], { cwd: root });
        expect(r.code, `dp catalog ${args.join(' ')}: ${r.stderr}`).toBe(0);
      }
      const r = dpUnprivileged(['catalog', 'search', 'donnees', '--catalog', catalog], { cwd: root });
      expect(r.code).toBe(2);
      expectNoStack(r);
      expect(r.stderr).toContain(`the search index of the catalog ${catalog} holds words made by an older dp's rule (word rule 1; this dp's is ${WORD_RULE})`);
      expect(r.stderr).toContain('run any dp catalog command once with write access to the catalog (for example `dp catalog list`)');
      expect(recordedRule(catalog)).toBeUndefined();
    } finally {
      chmodSync(dir, 0o755);
    }
  });
});
