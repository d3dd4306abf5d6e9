/**
 * The store conformance suite on PostgreSQL: a throwaway cluster (or
 * DP_TEST_PG_URL), a fresh database per test. Fails under CI when PostgreSQL
 * is missing; skips loudly otherwise.
 */
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/catalog/postgres/store.js';
import { pgSuiteMode, startPostgres, type TestPostgres } from '../support/postgres.js';
import { controlConformance } from './control.js';
import { readModelConformance } from './read-model.js';
import { storeConformance } from './suite.js';
import { wordRuleConformance, type WordRuleHarness } from './word-rule.js';
import { accentedProducts, legacyRows } from '../support/legacy-words.js';
import { MIGRATION_LOCK } from '../../src/catalog/postgres/migrations.js';
import type { CatalogStore } from '../../src/catalog/store.js';
import { WORD_RULE } from '../../src/catalog/words.js';
import { publishLocally, streamingMesh, toCandidate } from '../support/catalog.js';
import { runsConformance } from './runs.js';

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
  const query = async (url: string, sql: string, params: unknown[] = []) => {
    const client = new pg.Client({ connectionString: url, options: '-c search_path=dp_catalog' });
    await client.connect();
    try {
      return await client.query(sql, params);
    } finally {
      await client.end();
    }
  };
  const harnessAt = async (url: string): Promise<WordRuleHarness> => {
    const store = await openPostgresStore(url, {});
    return {
      store,
      raw: (sql) => query(url, sql),
      reopen: (mode = 'write') => openPostgresStore(url, { mode }),
      writeLegacy: async (rows) => {
        await query(
          url,
          `UPDATE products p SET search_title = x.title, search_text = x.text
          FROM json_to_recordset($1::json) AS x(id text, title text, text text) WHERE p.id = x.id`,
          [JSON.stringify(rows)],
        );
        await query(url, "DELETE FROM dp_meta WHERE key = 'word_rule'");
      },
      storedWords: async () =>
        new Map((await query(url, 'SELECT id, search_title, search_text FROM products')).rows.map((r) => [r.id, `${r.search_title} ${r.search_text}`])),
      recordedRule: async () => (await query(url, "SELECT value FROM dp_meta WHERE key = 'word_rule'")).rows[0]?.value,
      cleanup: () => store.close(),
    };
  };
  const harness = async () => harnessAt(await server.newDatabase());
  storeConformance('PostgreSQL', harness);
  readModelConformance('PostgreSQL', harness);
  controlConformance('PostgreSQL', harness);
  wordRuleConformance('PostgreSQL', harness);

  describe('PostgreSQL catalogs of an earlier word rule, opened by several processes or by readers', () => {
    let h: WordRuleHarness;
    let url: string;
    beforeEach(async () => {
      url = await server.newDatabase();
      h = await harnessAt(url);
      await publishLocally(h.store, [...streamingMesh(), ...accentedProducts()].map(toCandidate), { publisher: 'ana@example.com' });
      await h.writeLegacy(
        await legacyRows(
          h.store,
          (await h.store.listProducts({})).items.map((p) => p.id),
        ),
      );
    });
    afterEach(async () => {
      await h.cleanup();
    });
    const ids = async (store: CatalogStore, text: string) => (await store.listProducts({ text })).items.map((p) => p.id);

    it('rebuilds once: an opener waits for the one rebuilding, then finds the words rebuilt', async () => {
      // Another dp rebuilding: it holds the migration lock, and has rewritten the words (with a mark of its own).
      const other = new pg.Client({ connectionString: url, options: '-c search_path=dp_catalog' });
      await other.connect();
      try {
        await other.query('BEGIN');
        await other.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
        const rows = (await legacyRows(h.store, ['donnees-brutes'])).map((r) => ({ ...r, text: `donnees rebuiltelsewhere ${r.text}` }));
        await other.query(`UPDATE products p SET search_text = x.text FROM json_to_recordset($1::json) AS x(id text, text text) WHERE p.id = x.id`, [
          JSON.stringify(rows),
        ]);
        await other.query("INSERT INTO dp_meta (key, value) VALUES ('word_rule', $1)", [String(WORD_RULE)]);
        let opened = false;
        const opening = h.reopen().then((store) => {
          opened = true;
          return store;
        });
        await new Promise((resolve) => setTimeout(resolve, 400));
        expect(opened).toBe(false);
        await other.query('COMMIT');
        const store = await opening;
        try {
          // Not rebuilt a second time: the other's words are there as it wrote them.
          expect(await ids(store, 'rebuiltelsewhere')).toEqual(['donnees-brutes']);
        } finally {
          await store.close();
        }
      } finally {
        await other.end();
      }
    });

    it('rebuilds when several open at once, each finding the words of this rule', async () => {
      const stores = await Promise.all([h.reopen(), h.reopen('read'), h.reopen()]);
      try {
        for (const store of stores) expect(await ids(store, 'donnees')).toEqual(['donnees-brutes']);
        expect(await h.recordedRule()).toBe(String(WORD_RULE));
        expect(await stores[0].checkIntegrity()).toEqual([]);
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    });

    it('reads as it is for a role that may not write the catalog, and refuses its searches, naming what rebuilds it', async () => {
      await h.raw('CREATE ROLE dp_word_reader LOGIN');
      await h.raw('GRANT USAGE ON SCHEMA dp_catalog TO dp_word_reader');
      await h.raw('GRANT SELECT ON ALL TABLES IN SCHEMA dp_catalog TO dp_word_reader');
      const as = new URL(url);
      as.username = 'dp_word_reader';
      for (const mode of ['read', 'write'] as const) {
        const reader = await openPostgresStore(as.toString(), { mode });
        try {
          expect((await reader.listProducts({})).total).toBe(7);
          expect((await reader.getVersion('donnees-brutes'))!.name).toBe('Données brutes');
          await expect(reader.listProducts({ text: 'donnees' })).rejects.toThrow(/older dp's rule \(word rule 1; this dp's is 2\)/);
          await expect(reader.listProducts({ text: 'donnees' })).rejects.toMatchObject({ hint: expect.stringContaining('dp catalog list') });
        } finally {
          await reader.close();
        }
      }
      expect(await h.recordedRule()).toBeUndefined();
      // A role that may write rebuilds it (the owner here).
      const writer = await h.reopen('read');
      try {
        expect(await ids(writer, 'donnees')).toEqual(['donnees-brutes']);
      } finally {
        await writer.close();
      }
    });
  });
  runsConformance('PostgreSQL', harness);
}
