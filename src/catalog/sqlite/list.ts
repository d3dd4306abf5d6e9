/**
 * Lists and search on SQLite. Without words: products by id. With words:
 * every word must match as a prefix (FTS5); products matching in their id or
 * name come first, then the others, each group in the order the products
 * first entered the catalog. That order is the index's own (rowid), so a page
 * is read without sorting every match: fast even when a word matches
 * thousands of products.
 */
import type { Statement } from 'better-sqlite3';
import { pageBounds, searchTerms, toSummary, type Row } from '../rows.js';
import type { ProductFilter, ProductPage } from '../store.js';
import { SUMMARY_COLUMNS } from './queries.js';
import { QUALITY_SQL } from '../runs-sql.js';

type Prepare = (sql: string) => Statement;

/**
 * A row limit written into the SQL instead of bound: SQLite reads the first rows of an FTS5 match
 * in about half the time when the limit is a literal (40 µs against 90 µs for a narrow search of
 * the bench's catalog). Limits are bounded integers (pageBounds), so the statements stay few.
 */
function literalLimit(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`not a row limit: ${n}`);
  return `LIMIT ${n}`;
}

function filterConditions(filter: ProductFilter): { sql: string[]; params: unknown[] } {
  const sql: string[] = [];
  const params: unknown[] = [];
  for (const [column, value] of [
    ['domain', filter.domain],
    ['team', filter.team],
    ['status', filter.status],
  ] as const) {
    if (value !== undefined) {
      sql.push(`p.${column} = ?`);
      params.push(value);
    }
  }
  if (filter.quality !== undefined) {
    sql.push(`${QUALITY_SQL} = ?`);
    params.push(filter.quality);
  }
  if (filter.publishedSince !== undefined) {
    // Times are stored as ISO 8601 in UTC, compared as text: the bound in the same form.
    const since = new Date(filter.publishedSince);
    sql.push('p.published_at >= ?');
    params.push(Number.isNaN(since.getTime()) ? filter.publishedSince : since.toISOString());
  }
  return { sql, params };
}

function plainList(prepare: Prepare, filter: ProductFilter): ProductPage {
  const { sql, params } = filterConditions(filter);
  const where = sql.length > 0 ? ` WHERE ${sql.join(' AND ')}` : '';
  const { limit, offset } = pageBounds(filter);
  const rows = prepare(`SELECT ${SUMMARY_COLUMNS} FROM products p${where} ORDER BY p.id LIMIT ? OFFSET ?`).all(...params, limit, offset) as Row[];
  const total = rows.length < limit && offset === 0 ? rows.length : (prepare(`SELECT count(*) AS n FROM products p${where}`).get(...params) as { n: number }).n;
  return { total, items: rows.map(toSummary) };
}

/** Counts and pages of one FTS5 match expression, with the product filters. */
function group(prepare: Prepare, match: string, filter: ProductFilter) {
  const { sql, params } = filterConditions(filter);
  const from = 'products_search JOIN products p ON p.pk = products_search.rowid';
  const where = ` WHERE products_search MATCH ?${sql.map((c) => ` AND ${c}`).join('')}`;
  return {
    count: (): number =>
      sql.length === 0
        ? (prepare('SELECT count(*) AS n FROM products_search WHERE products_search MATCH ?').get(match) as { n: number }).n
        : (prepare(`SELECT count(*) AS n FROM ${from}${where}`).get(match, ...params) as { n: number }).n,
    page: (limit: number, offset: number): Row[] =>
      limit <= 0
        ? []
        : (prepare(`SELECT ${SUMMARY_COLUMNS} FROM ${from}${where} ORDER BY products_search.rowid ${literalLimit(limit)} OFFSET ?`).all(
            match,
            ...params,
            offset,
          ) as Row[]),
  };
}

/** Every term a prefix of a word: the FTS5 index keeps the words of src/catalog/words.ts as they are. */
function search(prepare: Prepare, filter: ProductFilter, terms: string[]): ProductPage {
  const all = terms.map((t) => `"${t}"*`).join(' AND ');
  const inTitle = `title : (${all})`;
  const titled = group(prepare, inTitle, filter);
  const rest = group(prepare, `(${all}) NOT (${inTitle})`, filter);
  const { limit, offset } = pageBounds(filter);
  // Products matching in the title come first. Their count is needed only when the page does not tell it.
  const first = titled.page(limit, offset);
  const titleCount = first.length < limit && (first.length > 0 || offset === 0) ? offset + first.length : titled.count();
  const second = rest.page(limit - first.length, Math.max(0, offset - titleCount));
  const rows = [...first, ...second];
  const total = rows.length < limit && offset === 0 ? rows.length : titleCount + rest.count();
  return { total, items: rows.map(toSummary) };
}

/** `searchable` throws when the index cannot answer searches (src/catalog/word-rule.ts). */
export function listProducts(prepare: Prepare, filter: ProductFilter, searchable: () => void): ProductPage {
  const terms = searchTerms(filter.text ?? '');
  if (terms.length === 0) return plainList(prepare, filter);
  searchable();
  return search(prepare, filter, terms);
}
