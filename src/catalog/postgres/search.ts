/**
 * Search on PostgreSQL, with the same order as on SQLite: every term a prefix
 * of a word (src/catalog/words.ts), products matching in their id or name
 * first, then the others, each group in order of first appearance (an index
 * the planner can walk to stop after a page). The tsquery is written into the
 * SQL rather than bound, so that the planner sees how many products its words
 * match and chooses between that walk and the GIN index.
 */
import { pageBounds, toSummary, type Row } from '../rows.js';
import type { ProductFilter, ProductPage } from '../store.js';
import { conditions, type Query } from './list.js';
import { SUMMARY_COLUMNS } from './queries.js';

type Conditions = { where: string; params: unknown[] };

/** A match of the search's tsquery against a tsvector column, as SQL. */
type Match = (column: string) => string;

/** The tsquery of the terms as a literal: each a prefix (terms are letters and digits only, quoted anyway). */
function tsqueryOf(terms: string[]): string {
  const text = terms.map((t) => `${t}:*`).join(' & ');
  return `to_tsquery('simple', '${text.replace(/'/g, "''")}')`;
}

function matching(filter: ProductFilter, tsquery: string, condition: (match: Match) => string): Conditions {
  const filters = conditions(filter, []);
  return { where: ` WHERE ${condition((column) => `${column} @@ ${tsquery}`)}${filters.where.replace(' WHERE ', ' AND ')}`, params: filters.params };
}

async function page(query: Query, c: Conditions, limit: number, offset: number): Promise<Row[]> {
  if (limit <= 0) return [];
  const n = c.params.length;
  return query(
    `SELECT ${SUMMARY_COLUMNS} FROM products p${c.where} ORDER BY p.first_seq LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...c.params, limit, offset],
    false,
  );
}

async function count(query: Query, c: Conditions): Promise<number> {
  return Number((await query(`SELECT count(*) AS n FROM products p${c.where}`, c.params, false))[0].n);
}

/** The first page (the usual one) in one round trip: a page of each group, the title group first. */
async function firstPage(query: Query, titled: Conditions, rest: Conditions, limit: number): Promise<Row[]> {
  const n = titled.params.length;
  const shift = (where: string) => where.replace(/\$(\d+)/g, (_, i: string) => `$${Number(i) + n}`);
  const columns = `${SUMMARY_COLUMNS}, p.first_seq`;
  const rows = await query(
    `(SELECT ${columns}, true AS titled FROM products p${titled.where} ORDER BY p.first_seq LIMIT $${2 * n + 1})
     UNION ALL (SELECT ${columns}, false FROM products p${shift(rest.where)} ORDER BY p.first_seq LIMIT $${2 * n + 1})`,
    [...titled.params, ...rest.params, limit],
    false,
  );
  rows.sort((a, b) => Number(a.first_seq) - Number(b.first_seq));
  const first = rows.filter((r) => r.titled);
  return [...first, ...rows.filter((r) => !r.titled).slice(0, limit - first.length)];
}

export async function searchProducts(query: Query, filter: ProductFilter, terms: string[]): Promise<ProductPage> {
  const tsquery = tsqueryOf(terms);
  const { limit, offset } = pageBounds(filter);
  const titled = matching(filter, tsquery, (match) => match('p.title_search'));
  const rest = matching(filter, tsquery, (match) => `${match('p.search')} AND NOT ${match('p.title_search')}`);
  let rows: Row[];
  if (offset === 0) rows = await firstPage(query, titled, rest, limit);
  else {
    const first = await page(query, titled, limit, offset);
    const titleCount = first.length < limit && first.length > 0 ? offset + first.length : await count(query, titled);
    rows = [...first, ...(await page(query, rest, limit - first.length, Math.max(0, offset - titleCount)))];
  }
  // Products matching in the title also match the whole text: one count gives the total.
  const total =
    rows.length < limit && offset === 0
      ? rows.length
      : await count(
          query,
          matching(filter, tsquery, (match) => match('p.search')),
        );
  return { total, items: rows.map(toSummary) };
}
