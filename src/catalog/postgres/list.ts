/** Lists on PostgreSQL: without words, products by id (search is in search.ts); shared query helpers. */
import { pageBounds, toSummary, type Row } from '../rows.js';
import type { ProductFilter, ProductPage } from '../store.js';
import { SUMMARY_COLUMNS } from './queries.js';

export type Query = (sql: string, params: unknown[], prepared?: boolean) => Promise<Row[]>;

/** The newest product head, as `dp_head`: a FROM item every list query joins (here and in search.ts). */
export const HEAD = '(SELECT coalesce(max(latest_seq), 0) AS dp_head FROM products) h';

/**
 * The queries of one list, each of which also reads the catalog's head: the newest product head,
 * which is its change stamp (every version appended becomes its product's head). The head is read
 * in the query's own snapshot, at no extra round trip. `first` is the head the first query read.
 */
export function headed(query: Query): { run: (sql: string, params: unknown[], prepared?: boolean) => Promise<{ head: number; rows: Row[] }>; first: () => number | undefined } {
  let first: number | undefined;
  const run = async (sql: string, params: unknown[], prepared?: boolean) => {
    const rows = await query(`SELECT h.dp_head, x.* FROM ${HEAD} LEFT JOIN LATERAL (${sql}) x ON true`, params, prepared);
    const head = Number(rows[0].dp_head);
    first ??= head;
    // Without a match, the head still comes, on a row of nulls.
    return { head, rows: rows.length === 1 && Object.entries(rows[0]).every(([k, v]) => k === 'dp_head' || v === null) ? [] : rows };
  };
  return { run, first: () => first };
}

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
  return { where: sql.length > 0 ? ` WHERE ${sql.join(' AND ')}` : '', params };
}

export async function count(query: Query, where: string, params: unknown[]): Promise<number> {
  return Number((await query(`SELECT count(*) AS n FROM products p${where}`, params))[0].n);
}

/** Products without search words (see search.ts for those), with the stamp of the state they were read in. */
export async function listProducts(query: Query, filter: ProductFilter): Promise<ProductPage> {
  const { limit, offset } = pageBounds(filter);
  const { where, params } = conditions(filter, []);
  const { run, first } = headed(query);
  const rows = (await run(`SELECT ${SUMMARY_COLUMNS} FROM products p${where} ORDER BY p.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [...params, limit, offset])).rows;
  const total = rows.length < limit && offset === 0 ? rows.length : await count(query, where, params);
  return { total, items: rows.map(toSummary), stamp: first()?.toString() };
}
