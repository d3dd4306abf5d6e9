/** The store conformance suite on SQLite (a file per test in a temp directory). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { playerProduct, toCandidate, withVersion, publishLocally } from '../support/catalog.js';
import { openSqliteStore } from '../../src/catalog/sqlite/store.js';
import { APPLICATION_ID, SQLITE_MIGRATIONS } from '../../src/catalog/sqlite/migrations.js';
import { WORD_RULE } from '../../src/catalog/words.js';
import { readModelConformance } from './read-model.js';
import { controlConformance } from './control.js';
import { storeConformance } from './suite.js';
import { wordRuleConformance, type WordRuleHarness } from './word-rule.js';
import { legacyRows, writeSqliteLegacy } from '../support/legacy-words.js';
import { runsConformance } from './runs.js';

const harness = async (): Promise<WordRuleHarness> => {
  const dir = mkdtempSync(join(tmpdir(), 'dp-store-'));
  const path = join(dir, 'catalog.db');
  const store = await openSqliteStore(path, { mode: 'write' });
  const withDb = <T>(work: (db: Database.Database) => T): T => {
    const db = new Database(path);
    try {
      return work(db);
    } finally {
      db.close();
    }
  };
  return {
    store,
    raw: async (sql) => withDb((db) => db.prepare(sql).run()),
    reopen: (mode = 'write') => openSqliteStore(path, { mode }),
    writeLegacy: async (rows) => writeSqliteLegacy(path, rows),
    storedWords: async () =>
      withDb((db) => {
        const rows = db.prepare('SELECT p.id, s.title, s.body FROM products p JOIN products_search s ON s.rowid = p.pk').all() as Array<{
          id: string;
          title: string;
          body: string;
        }>;
        return new Map(rows.map((r) => [r.id, `${r.title} ${r.body}`]));
      }),
    recordedRule: async () => withDb((db) => (db.prepare("SELECT value FROM dp_meta WHERE key = 'word_rule'").get() as { value: string } | undefined)?.value),
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

storeConformance('SQLite', harness);
readModelConformance('SQLite', harness);
controlConformance('SQLite', harness);
wordRuleConformance('SQLite', harness);
runsConformance('SQLite', harness);

describe('SQLite publishing', () => {
  it('waits for another writer without blocking the event loop, then appends', async () => {
    const h = await harness();
    try {
      await publishLocally(h.store, [toCandidate(playerProduct())], { publisher: 'ana' });
      const other = new Database((h.store as unknown as { location: string }).location);
      other.exec('BEGIN IMMEDIATE');
      let ticks = 0;
      const timer = setInterval(() => (ticks += 1), 2);
      const publishing = publishLocally(h.store, [toCandidate(withVersion(playerProduct(), '1.0.1'))], { publisher: 'ana' });
      await new Promise((r) => setTimeout(r, 300));
      // The lock is still taken: nothing appended yet, and the event loop kept running (on a loaded machine too).
      expect(ticks).toBeGreaterThan(5);
      expect((await h.store.listVersions('play-events')).map((v) => v.version)).toEqual(['1.0.0']);
      other.exec('COMMIT');
      other.close();
      const [outcome] = await publishing;
      clearInterval(timer);
      expect(outcome.status).toBe('published');
      expect((await h.store.listVersions('play-events')).map((v) => v.version)).toEqual(['1.0.1', '1.0.0']);
    } finally {
      await h.cleanup();
    }
  });
});

describe('SQLite catalogs of an earlier dp', () => {
  it('lose their stored page bodies, and their search index is rebuilt with folded words, versions untouched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dp-store-'));
    const path = join(dir, 'catalog.db');
    try {
      // A catalog as dp wrote it at schema 5: page bodies with their triggers, a search index folding accents.
      const first = await openSqliteStore(path, { mode: 'write' });
      const product = playerProduct();
      product.descriptor.description.usage = 'Données brutes.';
      await publishLocally(first, [toCandidate(product)], { publisher: 'ana' });
      const [legacy] = await legacyRows(first, ['play-events']);
      await first.close();
      const old = new Database(path);
      for (const m of SQLITE_MIGRATIONS.filter((x) => x.version === 2 || x.version === 3)) old.exec(m.sql);
      // Nor had it the tables of later migrations.
      old.exec('DROP TRIGGER runs_are_immutable; DROP TRIGGER runs_are_permanent; DROP TABLE runs;');
      old.exec(`DROP TABLE products_search;
        CREATE VIRTUAL TABLE products_search USING fts5 (title, body, tokenize = 'unicode61 remove_diacritics 2');
        DELETE FROM dp_meta WHERE key = 'word_rule';`);
      old.prepare('INSERT INTO products_search (rowid, title, body) VALUES (1, ?, ?)').run(legacy.title, legacy.text);
      old.prepare('INSERT INTO version_bodies (version_seq, format, body) VALUES (1, ?, ?)').run('f', '<p>old</p>');
      // Nor the control plane's tables (migration 8).
      old.exec(`DROP TABLE control_events; DROP TABLE erasure_subjects; DROP TABLE version_columns; DROP TABLE control_cursors; DROP TABLE control_audience; DROP TABLE web_sessions;
        ALTER TABLE tokens DROP COLUMN privacy;`);
      old.prepare("UPDATE dp_meta SET value = '5' WHERE key = 'schema_version' AND ? <> ''").run(APPLICATION_ID);
      expect((old.prepare("SELECT count(*) AS n FROM products_search WHERE products_search MATCH 'donnees'").get() as { n: number }).n).toBe(1);
      old.close();
      // Reopened by this dp: migrated.
      const store = await openSqliteStore(path, { mode: 'write' });
      try {
        expect(await store.checkIntegrity()).toEqual([]);
        expect((await store.getVersion('play-events'))!.version).toBe('1.0.0');
        expect((await store.listProducts({ text: 'play' })).items.map((p) => p.id)).toEqual(['play-events']);
        for (const text of ['donné', 'donnees', 'DONNÉES']) expect((await store.listProducts({ text })).items.map((p) => p.id)).toEqual(['play-events']);
        // The control plane's index of columns learns the versions published before it.
        expect(await store.indexColumns()).toBe(1);
        expect(await store.controlEvents({})).toEqual([]);
      } finally {
        await store.close();
      }
      const db = new Database(path, { readonly: true });
      try {
        const names = (db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'version_bodies%'").all() as Array<{ name: string }>).map((r) => r.name);
        expect(names).toEqual([]);
        const { sql } = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'products_search'").get() as { sql: string };
        expect(sql).toContain('remove_diacritics 0');
        expect((db.prepare('SELECT count(*) AS n FROM products_search').get() as { n: number }).n).toBe(1);
        expect(db.prepare("SELECT value FROM dp_meta WHERE key = 'word_rule'").get()).toEqual({ value: String(WORD_RULE) });
        expect((db.prepare('SELECT body FROM products_search').get() as { body: string }).body.split(' ')).toContain('donnees');
      } finally {
        db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
