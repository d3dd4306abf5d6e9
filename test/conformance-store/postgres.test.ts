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
import { readModelConformance } from './read-model.js';
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
  const harness = async (): Promise<StoreHarness> => {
    const url = await server.newDatabase();
    const store = await openPostgresStore(url, {});
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
      reopen: () => openPostgresStore(url, {}),
      cleanup: () => store.close(),
    };
  };
  storeConformance('PostgreSQL', harness);
  readModelConformance('PostgreSQL', harness);
  controlConformance('PostgreSQL', harness);
}
