/**
 * Rebuilding SQLite's search index with this dp's word rule (src/catalog/word-rule.ts): every
 * product's words recomputed from the documents of its latest version, a batch of products at a
 * time (their documents only are in memory), inside the caller's write transaction.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Row } from '../rows.js';
import { REBUILD_BATCH, searchWordsOfRow } from '../word-rule.js';
import { SQL } from './queries.js';

const LATEST_DOCUMENTS = `SELECT p.pk, v.descriptor_file, v.descriptor_text, v.descriptor_json, v.contracts_json
  FROM products p JOIN versions v ON v.seq = p.latest_seq WHERE p.pk > ? ORDER BY p.pk LIMIT ${REBUILD_BATCH}`;

/** Replaces every row of the index; returns the number of products. Call inside a write transaction. */
export function rebuildSearchIndex(db: BetterSqlite3.Database): number {
  db.exec('DELETE FROM products_search');
  const read = db.prepare(LATEST_DOCUMENTS);
  const insert = db.prepare(SQL.insertSearch);
  let after = 0;
  let count = 0;
  for (;;) {
    const rows = read.all(after) as Row[];
    for (const row of rows) {
      const { title, text } = searchWordsOfRow(row);
      insert.run(row.pk, title, text);
    }
    count += rows.length;
    if (rows.length < REBUILD_BATCH) break;
    after = Number(rows[rows.length - 1].pk);
  }
  // One segment, as after a bulk publish (src/catalog/sqlite/store.ts, optimizeSearch).
  db.exec("INSERT INTO products_search (products_search) VALUES ('optimize')");
  return count;
}
