/**
 * Lists and search on PostgreSQL, with the same order as on SQLite: without
 * words, products by id; with words (every one a prefix match), products
 * matching in their id or name first, then the others, each group in order
 * of first appearance (an index the planner can walk to stop after a page).
 */
import { pageBounds, searchTerms, toSummary, type Row } from '../rows.js';
import type { ProductFilter, ProductPage } from '../store.js';
import { SUMMARY_COLUMNS } from './queries.js';

type Query = (sql: string, params: unknown[]) => Promise<Row[]>;

/** WHERE conditions with numbered parameters, starting after `first` already used. */
function conditions(filter: ProductFilter, extra: Array<[string, unknown]>): { where: string; params: unknown[] } {
  const params: unknown[] = [];
  const sql: string[] = [];
  const add = (condition: string, value: unknown) => {
    params.push(value);
    sql.push(condition.replace('?', `$${params.length}`));
  };
  for (const [condition, value] of extra) add(condition, value);
  if (filter.domain !== undefined) add('p.domain = ?', filter.domain);
  if (filter.team !== undefined) add('p.team = ?', filter.team);
  if (filter.status !== undefined) add('p.status = ?', filter.status);
  if (filter.publishedSince !== undefined) add('p.published_at >= ?', filter.publishedSince);
  return { where: sql.length > 0 ? ` WHERE ${sql.join(' AND ')}` : '', params };
}

async function page(query: Query, where: string, params: unknown[], order: string, limit: number, offset: number): Promise<Row[]> {
  if (limit <= 0) return [];
  const n = params.length;
  return query(`SELECT ${SUMMARY_COLUMNS} FROM products p${where} ORDER BY ${order} LIMIT $${n + 1} OFFSET $${n + 2}`, [...params, limit, offset]);
}

async function count(query: Query, where: string, params: unknown[]): Promise<number> {
  return Number((await query(`SELECT count(*) AS n FROM products p${where}`, params))[0].n);
}

export async function listProducts(query: Query, filter: ProductFilter): Promise<ProductPage> {
  const terms = searchTerms(filter.text ?? '');
  const { limit, offset } = pageBounds(filter);
  if (terms.length === 0) {
    const { where, params } = conditions(filter, []);
    const rows = await page(query, where, params, 'p.id', limit, offset);
    const total = rows.length < limit && offset === 0 ? rows.length : await count(query, where, params);
    return { total, items: rows.map(toSummary) };
  }
  const tsquery = terms.map((t) => `${t}:*`).join(' & ');
  const titled = conditions(filter, [["p.title_search @@ to_tsquery('simple', ?)", tsquery]]);
  const rest = conditions(filter, [["p.search @@ to_tsquery('simple', ?) AND NOT p.title_search @@ to_tsquery('simple', $1)", tsquery]]);
  const titleCount = await count(query, titled.where, titled.params);
  const first = offset < titleCount ? await page(query, titled.where, titled.params, 'p.first_seq', limit, offset) : [];
  const second = await page(query, rest.where, rest.params, 'p.first_seq', limit - first.length, Math.max(0, offset - titleCount));
  const rows = [...first, ...second];
  const total = rows.length < limit && offset === 0 ? rows.length : titleCount + (await count(query, rest.where, rest.params));
  return { total, items: rows.map(toSummary) };
}
