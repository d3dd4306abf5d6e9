/** The store conformance suite on SQLite (a file per test in a temp directory). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../src/catalog/sqlite/store.js';
import { storeReadsConformance } from './reads.js';
import { storeConformance, type StoreHarness } from './suite.js';

const harness = async (): Promise<StoreHarness> => {
  const dir = mkdtempSync(join(tmpdir(), 'dp-store-'));
  const path = join(dir, 'catalog.db');
  const store = await openSqliteStore(path, { mode: 'write' });
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
    reopen: () => openSqliteStore(path, { mode: 'read' }),
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

storeConformance('SQLite', harness);
storeReadsConformance('SQLite', harness);
