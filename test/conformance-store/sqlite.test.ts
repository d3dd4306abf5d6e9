/** The store conformance suite on SQLite (a file per test in a temp directory). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/catalog/sqlite/store.js';
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
    reopen: () => openSqliteStore(path, { mode: 'read', longLived }),
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
