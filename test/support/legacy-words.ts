/**
 * Catalogs as an earlier dp wrote them, whose search words kept accents (word rule 1: lower case,
 * split on anything that is not a letter or digit), and products whose words fold.
 */
import Database from 'better-sqlite3';
import { searchTextOf, searchTitleOf } from '../../src/catalog/record.js';
import type { CatalogStore } from '../../src/catalog/store.js';
import { clone, playerProduct } from './catalog.js';

/** The word rule of dp before it folded accents (word rule 1). */
export const legacyWords = (text: string): string[] => [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])];

export interface LegacyRow {
  id: string;
  title: string;
  text: string;
}

/** The index rows an earlier dp would have written for the latest versions of these products. */
export async function legacyRows(store: CatalogStore, ids: string[]): Promise<LegacyRow[]> {
  const latest = await store.latestVersions(ids);
  return ids.map((id) => {
    const { documents } = latest.get(id)!;
    return { id, title: searchTitleOf(documents, legacyWords), text: searchTextOf(documents, legacyWords) };
  });
}

/** Products with words that fold: accents, capitals, other scripts, ligatures and full-width letters. */
export function accentedProducts() {
  const describe = (id: string, name: string, purpose: string) => {
    const p = clone(playerProduct());
    p.descriptor.id = id;
    p.descriptor.name = name;
    p.descriptor.description = { ...p.descriptor.description, purpose };
    return p;
  };
  return [
    describe('donnees-brutes', 'Données brutes', 'Les DONNÉES du café, naïves.'),
    describe('moskva', 'Йогурт Москва', 'Продажи йогурта.'),
    describe('athina', 'Αθήνα', 'Πωλήσεις στην Αθήνα, λόγος.'),
    describe('ligatures', 'Ｆｕｌｌ ﬁles', 'Straße und ÉTÉ.'),
  ];
}

/** Makes a SQLite catalog one an earlier dp wrote: these words in its search index, no word rule recorded. */
export function writeSqliteLegacy(path: string, rows: LegacyRow[]): void {
  const db = new Database(path);
  try {
    db.transaction(() => {
      for (const row of rows) {
        const { pk } = db.prepare('SELECT pk FROM products WHERE id = ?').get(row.id) as { pk: number };
        db.prepare('DELETE FROM products_search WHERE rowid = ?').run(pk);
        db.prepare('INSERT INTO products_search (rowid, title, body) VALUES (?, ?, ?)').run(pk, row.title, row.text);
      }
      db.prepare("DELETE FROM dp_meta WHERE key = 'word_rule'").run();
    })();
  } finally {
    db.close();
  }
}
