/** Lists on PostgreSQL: without words, products by id (search is in search.ts); shared query helpers. */
import { pageBounds, toSummary, type Row } from '../rows.js';
import type { ProductFilter, ProductPage } from '../store.js';
import { SUMMARY_COLUMNS } from './queries.js';
import { QUALITY_SQL } from '../runs-sql.js';

export type Query = (sql: string, params: unknown[], prepared?: boolean) => Promise<Row[]>;

/** WHERE conditions with numbered parameters: every `?` of a condition is its value's parameter. */
export function conditions(filter: ProductFilter, extra: Array<[string, unknown]>): { where: string; params: unknown[] } {
  const params: unknown[] = [];
  const sql: string[] = [];
  const add = (condition: string, value: unknown) => {
    params.push(value);
    sql.push(condition.replaceAll('?', `$${params.length}`));
  };
  for (const [condition, value] of extra) add(condition, value);
  if (filter.domain !== undefined) add('p.domain = ?', filter.domain);
  if (filter.team !== undefined) add('p.team = ?', filter.team);
  if (filter.status !== undefined) add('p.status = ?', filter.status);
  if (filter.publishedSince !== undefined) add('p.published_at >= ?', filter.publishedSince);
  if (filter.quality !== undefined) add(`${QUALITY_SQL} = ?`, filter.quality);
  return { where: sql.length > 0 ? ` WHERE ${sql.join(' AND ')}` : '', params };
}

export async function count(query: Query, where: string, params: unknown[]): Promise<number> {
  return Number((await query(`SELECT count(*) AS n FROM products p${where}`, params))[0].n);
}

/** Products without search words (see search.ts for those). */
export async function listProducts(query: Query, filter: ProductFilter): Promise<ProductPage> {
  const { limit, offset } = pageBounds(filter);
  const { where, params } = conditions(filter, []);
  const rows = await query(`SELECT ${SUMMARY_COLUMNS} FROM products p${where} ORDER BY p.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [
    ...params,
    limit,
    offset,
  ]);
  const total = rows.length < limit && offset === 0 ? rows.length : await count(query, where, params);
  return { total, items: rows.map(toSummary) };
}
