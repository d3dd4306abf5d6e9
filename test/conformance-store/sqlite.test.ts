/** The store conformance suite on SQLite (a file per test in a temp directory). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { playerProduct, toCandidate, withVersion, publishLocally } from '../support/catalog.js';
import { openSqliteStore } from '../../src/catalog/sqlite/store.js';
import { FtsTokens, SEARCH_TOKENIZER } from '../../src/catalog/sqlite/tokens.js';
import { controlConformance } from './control.js';
import { storeReadsConformance } from './reads.js';
import { storeConformance, type StoreHarness } from './suite.js';

const harness = (longLived = false) => async (): Promise<StoreHarness> => {
  const dir = mkdtempSync(join(tmpdir(), 'dp-store-'));
  const path = join(dir, 'catalog.db');
  const store = await openSqliteStore(path, { mode: 'write', longLived });
  return {
    store,
    raw: async (sql) => {
      const db = new Database(path);
      try {
        return db.prepare(sql).run();
      } finally {
        db.close();
      }
    },
    reopen: () => openSqliteStore(path, { mode: 'write', longLived }),
    oneShot: () => openSqliteStore(path, { mode: 'read' }),
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

storeConformance('SQLite', harness());
// Searches with and without the vocabulary a server keeps must find the same products in the same order.
storeReadsConformance('SQLite, one-shot', harness());
storeReadsConformance('SQLite, long-lived (server)', harness(true));
// A server's store takes the write lock without stopping its process while another writer holds it.
storeConformance('SQLite, long-lived (server)', harness(true));
controlConformance('SQLite', harness());
controlConformance('SQLite, long-lived (server)', harness(true));

describe('SQLite publishing in a server', () => {
  it('waits for another writer without blocking the event loop, then appends', async () => {
    const h = await harness(true)();
    try {
      await publishLocally(h.store, [toCandidate(playerProduct())], { publisher: 'ana' });
      const other = new Database((h.store as unknown as { location: string }).location);
      other.exec('BEGIN IMMEDIATE');
      let ticks = 0;
      const timer = setInterval(() => (ticks += 1), 2);
      const publishing = publishLocally(h.store, [toCandidate(withVersion(playerProduct(), '1.0.1'))], { publisher: 'ana' });
      await new Promise((r) => setTimeout(r, 100));
      // The lock is still taken: nothing appended yet, and the event loop kept running.
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

describe('SQLite search tokens of a server', () => {
  it('folds words with the tokenizer of the search table', async () => {
    const h = await harness(true)();
    try {
      const db = new Database((h.store as unknown as { location: string }).location, { readonly: true });
      try {
        const { sql: table } = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'products_search'").get() as { sql: string };
        expect(table).toContain(`tokenize = '${SEARCH_TOKENIZER}'`);
        const tokens = new FtsTokens(db);
        tokens.learn(['données', 'straße', 'plain', 'ǅemal']);
        expect(tokens.of(['données', 'straße', 'plain', 'données'])).toEqual(['donnees', 'straße', 'plain']);
      } finally {
        db.close();
      }
    } finally {
      await h.cleanup();
    }
  });
});
