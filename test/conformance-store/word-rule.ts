/**
 * Catalogs whose search index holds words of an earlier word rule (lower case only, accents kept:
 * what dp stored before src/catalog/words.ts folded them), on every backend: reopened by a dp that
 * may write them, the index is rebuilt from the published documents, the versions stay as they
 * were, and searches fold accents on SQL and in memory alike.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogStore, ProductHead } from '../../src/catalog/store.js';
import { WORD_RULE } from '../../src/catalog/words.js';
import { CatalogModel } from '../../src/server/read-model/catalog-model.js';
import { publishLocally, streamingMesh, toCandidate } from '../support/catalog.js';
import { accentedProducts, legacyRows, type LegacyRow } from '../support/legacy-words.js';
import type { StoreHarness } from './suite.js';

/** What a backend's test gives to build and inspect a catalog of an earlier word rule. */
export interface WordRuleHarness extends StoreHarness {
  /** Makes the catalog one an earlier dp wrote: these words in its search index, no word rule recorded. */
  writeLegacy(rows: LegacyRow[]): Promise<void>;
  /** Every product's stored search text (title and body), by product id. */
  storedWords(): Promise<Map<string, string>>;
  /** The word rule recorded in the catalog's metadata (undefined: none). */
  recordedRule(): Promise<string | undefined>;
}

export function wordRuleConformance(name: string, makeHarness: () => Promise<WordRuleHarness>): void {
  describe(`catalogs of an earlier word rule: ${name}`, () => {
    let h: WordRuleHarness;
    beforeEach(async () => {
      h = await makeHarness();
      await publishLocally(h.store, [...streamingMesh(), ...accentedProducts()].map(toCandidate), { publisher: 'ana@example.com' });
    });
    afterEach(async () => {
      await h.cleanup();
    });

    const ids = async (store: CatalogStore, text: string) => (await store.listProducts({ text })).items.map((p) => p.id);

    it('records the word rule of a new catalog', async () => {
      expect(await h.recordedRule()).toBe(String(WORD_RULE));
    });

    it('rebuilds the index from the published documents when reopened, versions untouched', async () => {
      const all = (await h.store.listProducts({ limit: 1000 })).items.map((p) => p.id);
      const fresh = await h.store.productsSince('0');
      const records = await h.store.latestVersions(all);
      await h.writeLegacy(await legacyRows(h.store, all));
      const legacy = await h.storedWords();
      expect(legacy.get('donnees-brutes')!.split(' ')).toEqual(expect.arrayContaining(['données', 'café', 'naïves']));
      expect(legacy.get('donnees-brutes')!.split(' ')).not.toContain('cafe');
      expect(await h.recordedRule()).toBeUndefined();

      const store = await h.reopen();
      try {
        expect(await h.recordedRule()).toBe(String(WORD_RULE));
        // The words a publish of today stores, for every product; the versions as published.
        const words = (heads: ProductHead[]) => heads.map((p) => [p.summary.id, p.searchTitle, p.searchText]);
        expect(words((await store.productsSince('0')).products)).toEqual(words(fresh.products));
        expect(await store.latestVersions(all)).toEqual(records);
        expect(await store.checkIntegrity()).toEqual([]);
        await expect(h.raw("UPDATE versions SET name = 'changed'")).rejects.toThrow(/immutable/);
        const model = await new CatalogModel(store).current();
        const expected: Array<[string, string[]]> = [
          ['donnees-brutes', ['donnees', 'données', 'DONNÉES', 'donne', 'cafe', 'CAFÉ', 'naive', 'naïv']],
          ['moskva', ['йогурт', 'иогурт', 'ЙОГ', 'москва', 'МОСК']],
          ['athina', ['αθηνα', 'Αθή', 'ΑΘΗΝΑ', 'λογοσ', 'λόγος', 'πωλ']],
          ['ligatures', ['full', 'ｆｕｌｌ', 'files', 'ﬁl', 'strasse', 'STRAßE', 'straße', 'ete', 'ÉTÉ']],
        ];
        for (const [id, texts] of expected) {
          for (const text of texts) {
            const found = await ids(store, text);
            expect(found, text).toContain(id);
            expect(
              model.listProducts({ text }).items.map((p) => p.id),
              text,
            ).toEqual(found);
          }
        }
        // Shown as published: only the search words are folded.
        expect((await store.listProducts({ text: 'donnees' })).items[0]).toMatchObject({ name: 'Données brutes', purpose: 'Les DONNÉES du café, naïves.' });
      } finally {
        await store.close();
      }
    });

    it('leaves a current index as it is when reopened', async () => {
      const before = await h.storedWords();
      const store = await h.reopen();
      try {
        expect(await h.storedWords()).toEqual(before);
        expect(await ids(store, 'donnees')).toEqual(['donnees-brutes']);
      } finally {
        await store.close();
      }
    });

    it('refuses a catalog whose words a newer dp made, for writing; reads it, but not its searches', async () => {
      await h.raw(`UPDATE dp_meta SET value = '${WORD_RULE + 1}' WHERE key = 'word_rule'`);
      await expect(h.reopen()).rejects.toThrow(`newer dp (word rule ${WORD_RULE + 1}; this dp knows ${WORD_RULE})`);
      const reader = await h.reopen('read');
      try {
        expect((await reader.listProducts({})).total).toBe(7);
        await expect(reader.listProducts({ text: 'play' })).rejects.toThrow(/upgrade dp|newer dp/);
      } finally {
        await reader.close();
      }
    });
  });
}
