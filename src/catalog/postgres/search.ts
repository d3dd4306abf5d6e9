/**
 * Search on PostgreSQL, with the same order as on SQLite: every word a prefix
 * match, products matching in their id or name first, then the others, each
 * group in order of first appearance (an index the planner can walk to stop
 * after a page). Prefixes that stand for a few words of the index are written
 * as those exact words (src/catalog/vocabulary.ts): GIN then skips through a
 * frequent word's list instead of gathering it whole.
 *
 * Every query that relies on the vocabulary also returns the newest product
 * head of the snapshot it read: when that is newer than the vocabulary, the
 * answer is thrown away, the vocabulary read and the search run again. A
 * search thus costs one round trip, not a check and a query.
 */
import { pageBounds, toSummary, type Row } from '../rows.js';
import type { ProductFilter, ProductPage } from '../store.js';
import type { Vocabulary } from '../vocabulary.js';
import { conditions, type Query } from './list.js';
import { SUMMARY_COLUMNS } from './queries.js';

type Conditions = { where: string; params: unknown[] };

/** Queries of one search: `prepared` for narrow searches (a bitmap plan suits them whatever the words). */
type Run = (sql: string, params: unknown[], prepared: boolean) => Promise<Row[]>;

/** At most this many products: the search is narrow. */
const NARROW = 500;

/** A query read a snapshot holding products the vocabulary has not read yet (up to `head`). */
export class StaleVocabulary extends Error {
  constructor(readonly head: number) {
    super('the search vocabulary is older than the catalog');
  }
}

/** The tsquery of the search: exact lexemes as a tsquery literal where it can, `to_tsquery` prefixes otherwise. */
function tsqueryOf(terms: string[], vocabulary: Vocabulary | undefined): { text: string; cast: (value: string) => string; narrow: boolean } {
  if (!vocabulary || !terms.every((t) => /^[a-z0-9]+$/.test(t))) return { text: terms.map((t) => `${t}:*`).join(' & '), cast: (v) => `to_tsquery('simple', ${v})`, narrow: false };
  const expansions = terms.map((t) => vocabulary.expand(t));
  const operand = (t: string, i: number) => {
    const words = expansions[i]?.words;
    // No word known: still asked as a prefix, as the vocabulary may be older than the snapshot (the guard tells).
    if (!words || words.length === 0) return `'${t}':*`;
    return words.length === 1 ? `'${words[0]}'` : `(${words.map((w) => `'${w}'`).join(' | ')})`;
  };
  const narrow = expansions.some((e) => e !== undefined && e.docs > 0 && e.docs <= NARROW);
  return { text: terms.map(operand).join(' & '), cast: (v) => `${v}::tsquery`, narrow };
}

/** A query that fails with StaleVocabulary when its snapshot holds products the vocabulary has not read. */
function guarded(query: Query, vocabulary: Vocabulary | undefined): Run {
  if (!vocabulary) return query;
  return async (sql, params, prepared) => {
    const rows = await query(`SELECT h.head, x.* FROM (SELECT coalesce(max(latest_seq), 0) AS head FROM products) h LEFT JOIN LATERAL (${sql}) x ON true`, params, prepared);
    const head = Number(rows[0].head);
    if (head > vocabulary.cursor) throw new StaleVocabulary(head);
    return rows;
  };
}

/** One search; with a vocabulary, it may fail with StaleVocabulary (read the vocabulary, then search again). */
export async function searchProducts(query: Query, filter: ProductFilter, terms: string[], vocabulary?: Vocabulary): Promise<ProductPage> {
  const tsquery = tsqueryOf(terms, vocabulary);
  const run = guarded(query, vocabulary);
  const { limit, offset } = pageBounds(filter);
  const { narrow } = tsquery;
  const titled = matching(filter, tsquery, (q) => `p.title_search @@ ${q}`);
  const rest = matching(filter, tsquery, (q) => `p.search @@ ${q} AND NOT p.title_search @@ ${q}`);
  // Bitmap and sort for narrow searches (first_seq + 0 keeps the planner off the ordered walk, which suits broad ones).
  const order = narrow ? 'p.first_seq + 0' : 'p.first_seq';
  let rows: Row[];
  if (offset === 0) {
    // The first page (the usual one) in one round trip: a page of each group, the title group first.
    const both = await firstPages(run, titled, rest, limit, order, narrow);
    const first = both.filter((r) => r.titled);
    rows = [...first, ...both.filter((r) => !r.titled).slice(0, limit - first.length)];
  } else {
    const first = await page(run, titled, order, limit, offset, narrow);
    const titleCount = first.length < limit && first.length > 0 ? offset + first.length : await count(run, titled, narrow);
    rows = [...first, ...(await page(run, rest, order, limit - first.length, Math.max(0, offset - titleCount), narrow))];
  }
  // Products matching in the title also match the whole text: one count gives the total.
  const total = rows.length < limit && offset === 0 ? rows.length : await count(run, matching(filter, tsquery, (q) => `p.search @@ ${q}`), narrow);
  return { total, items: rows.map(toSummary) };
}

/**
 * The conditions of a group. Connections plan prepared statements once, generically (plan_cache_mode,
 * src/catalog/postgres/connect.ts): a narrow search passes its tsquery as a parameter, and a bitmap
 * plan suits it whatever the words; a broad one writes it into the SQL, so that the planner sees how
 * many products it matches and walks the order of first appearance instead.
 */
function matching(filter: ProductFilter, tsquery: ReturnType<typeof tsqueryOf>, condition: (q: string) => string): Conditions {
  if (tsquery.narrow) return conditions(filter, [[condition(tsquery.cast('$1')).replace('$1', '?'), tsquery.text]]);
  const filters = conditions(filter, []);
  const literal = tsquery.cast(`'${tsquery.text.replace(/'/g, "''")}'`);
  return { where: ` WHERE ${condition(literal)}${filters.where.replace(' WHERE ', ' AND ')}`, params: filters.params };
}

async function page(run: Run, c: Conditions, order: string, limit: number, offset: number, prepared: boolean): Promise<Row[]> {
  if (limit <= 0) return [];
  const n = c.params.length;
  const rows = await run(`SELECT ${SUMMARY_COLUMNS} FROM products p${c.where} ORDER BY ${order} LIMIT $${n + 1} OFFSET $${n + 2}`, [...c.params, limit, offset], prepared);
  // A guarded query without matches still returns its head, with a null product.
  return rows.filter((r) => r.id !== null);
}

async function count(run: Run, c: Conditions, prepared: boolean): Promise<number> {
  return Number((await run(`SELECT count(*) AS n FROM products p${c.where}`, c.params, prepared))[0].n);
}

async function firstPages(run: Run, titled: Conditions, rest: Conditions, limit: number, order: string, prepared: boolean): Promise<Row[]> {
  const n = titled.params.length;
  const shift = (where: string) => where.replace(/\$(\d+)/g, (_, i: string) => `$${Number(i) + n}`);
  const columns = `${SUMMARY_COLUMNS}, p.first_seq`;
  const rows = await run(
    `(SELECT ${columns}, true AS titled FROM products p${titled.where} ORDER BY ${order} LIMIT $${2 * n + 1})
     UNION ALL (SELECT ${columns}, false FROM products p${shift(rest.where)} ORDER BY ${order} LIMIT $${2 * n + 1})`,
    [...titled.params, ...rest.params, limit],
    prepared,
  );
  return rows.filter((r) => r.id !== null).sort((a, b) => Number(a.first_seq) - Number(b.first_seq));
}
