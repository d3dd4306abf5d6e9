/**
 * The store conformance suite on PostgreSQL: a throwaway cluster (or
 * DP_TEST_PG_URL), a fresh database per test. Fails under CI when PostgreSQL
 * is missing; skips loudly otherwise.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openPostgresStore } from '../../src/catalog/postgres/store.js';
import { pgSuiteMode, startPostgres, type TestPostgres } from '../support/postgres.js';
import { controlConformance } from './control.js';
import { storeReadsConformance } from './reads.js';
import { storeConformance, type StoreHarness } from './suite.js';

const mode = pgSuiteMode();

if (mode.failReason) {
  describe('catalog store conformance: PostgreSQL', () => {
    it('needs PostgreSQL', () => {
      throw new Error(mode.failReason);
    });
  });
} else if (mode.run) {
  let server: TestPostgres;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });
  const harness = (longLived = false) => async (): Promise<StoreHarness> => {
    const url = await server.newDatabase();
    const store = await openPostgresStore(url, { longLived });
    return {
      store,
      raw: async (sql) => {
        const client = new pg.Client({ connectionString: url, options: '-c search_path=dp_catalog' });
        await client.connect();
        try {
          return await client.query(sql);
        } finally {
          await client.end();
        }
      },
      reopen: () => openPostgresStore(url, { longLived }),
      oneShot: () => openPostgresStore(url, {}),
      cleanup: () => store.close(),
    };
  };
  storeConformance('PostgreSQL', harness());
  // Searches with and without the vocabulary a server keeps must find the same products in the same order.
  storeReadsConformance('PostgreSQL, one-shot', harness());
  storeReadsConformance('PostgreSQL, long-lived (server)', harness(true));
  // A server's store searches in memory: the whole suite's searches, lists and publishing through it.
  storeConformance('PostgreSQL, long-lived (server)', harness(true));
  controlConformance('PostgreSQL', harness());
}
