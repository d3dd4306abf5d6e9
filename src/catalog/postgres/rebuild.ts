/**
 * Rebuilding PostgreSQL's search columns with this dp's word rule (src/catalog/word-rule.ts): every
 * product's words recomputed from the documents of its latest version, a batch of products at a
 * time (their documents only are in memory), inside the caller's transaction. The tsvectors are
 * generated columns of the words: they follow.
 */
import type { PoolClient } from 'pg';
import type { Row } from '../rows.js';
import { REBUILD_BATCH, searchWordsOfRow } from '../word-rule.js';

const LATEST_DOCUMENTS = `SELECT p.id, v.descriptor_file, v.descriptor_text, v.descriptor_json, v.contracts_json
  FROM products p JOIN versions v ON v.seq = p.latest_seq WHERE p.id > $1 ORDER BY p.id LIMIT ${REBUILD_BATCH}`;

const SET_WORDS = `UPDATE products p SET search_title = x.title, search_text = x.text
  FROM json_to_recordset($1::json) AS x(id text, title text, text text) WHERE p.id = x.id`;

/** Rewrites the words of every product; returns the number of products. Call inside a write transaction. */
export async function rebuildSearchWords(client: PoolClient): Promise<number> {
  let after = '';
  let count = 0;
  for (;;) {
    const rows = (await client.query(LATEST_DOCUMENTS, [after])).rows as Row[];
    if (rows.length > 0) await client.query(SET_WORDS, [JSON.stringify(rows.map((row) => ({ id: row.id, ...searchWordsOfRow(row) })))]);
    count += rows.length;
    if (rows.length < REBUILD_BATCH) return count;
    after = String(rows[rows.length - 1].id);
  }
}
