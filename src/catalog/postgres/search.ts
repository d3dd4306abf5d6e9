/**
 * Search on PostgreSQL, with the same order as on SQLite: every word a prefix
 * match, products matching in their id or name first, then the others, each
 * group in order of first appearance (an index the planner can walk to stop
 * after a page). Prefixes that stand for a few words of the index are written
 * as those exact words (src/catalog/vocabulary.ts): GIN then skips through a
 * frequent word's list instead of gathering it whole.
 *
 * Every query also returns the newest product head of the snapshot it read
 * (list.ts, `headed`): the first one's is the stamp of the answer, and when a
 * head is newer than the vocabulary, the answer is thrown away, the vocabulary
 * read and the search run again. A search thus costs one round trip, not a
 * check and a query.
 */
import { pageBounds, toSummary, type Row } from '../rows.js';
import type { ProductFilter, ProductPage } from '../store.js';
import type { Vocabulary } from '../vocabulary.js';
import { conditions, headed, type Query } from './list.js';
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

interface TsQuery {
  text: string;
  cast: (value: string) => string;
  /** The operands of the terms few products hold (a narrow search), as a tsquery; undefined when none is rare. */
  rare?: string;
}

/** The tsquery of the search: exact lexemes as a tsquery literal where it can, `to_tsquery` prefixes otherwise. */
function tsqueryOf(terms: string[], vocabulary: Vocabulary | undefined): TsQuery {
  if (!vocabulary || !terms.every((t) => /^[a-z0-9]+$/.test(t))) return { text: terms.map((t) => `${t}:*`).join(' & '), cast: (v) => `to_tsquery('simple', ${v})` };
  const expansions = terms.map((t) => vocabulary.expand(t));
  const operand = (t: string, i: number) => {
    const words = expansions[i]?.words;
    // No word known: still asked as a prefix, as the vocabulary may be older than the snapshot (the guard tells).
    if (!words || words.length === 0) return `'${t}':*`;
    return words.length === 1 ? `'${words[0]}'` : `(${words.map((w) => `'${w}'`).join(' | ')})`;
  };
  const rare = terms.map(operand).filter((_, i) => expansions[i] !== undefined && expansions[i]!.docs > 0 && expansions[i]!.docs <= NARROW);
  return { text: terms.map(operand).join(' & '), cast: (v) => `${v}::tsquery`, rare: rare.length > 0 ? rare.join(' & ') : undefined };
}

/** Queries that fail with StaleVocabulary when their snapshot holds products the vocabulary has not read. */
function guarded(query: Query, vocabulary: Vocabulary | undefined): { run: Run; first: () => number | undefined } {
  const { run, first } = headed(query);
  return {
    run: async (sql, params, prepared) => {
      const { head, rows } = await run(sql, params, prepared);
      if (vocabulary && head > vocabulary.cursor) throw new StaleVocabulary(head);
      return rows;
    },
    first,
  };
}

/** One search; with a vocabulary, it may fail with StaleVocabulary (read the vocabulary, then search again). */
export async function searchProducts(query: Query, filter: ProductFilter, terms: string[], vocabulary?: Vocabulary): Promise<ProductPage> {
  const tsquery = tsqueryOf(terms, vocabulary);
  const { run, first } = guarded(query, vocabulary);
  const { limit, offset } = pageBounds(filter);
  const narrow = tsquery.rare !== undefined;
  const titled = matching(filter, tsquery, (match) => match('p.title_search'));
  const rest = matching(filter, tsquery, (match) => `${match('p.search')} AND NOT ${match('p.title_search')}`);
  // Bitmap and sort for narrow searches (first_seq + 0 keeps the planner off the ordered walk, which suits broad ones).
  const order = narrow ? 'p.first_seq + 0' : 'p.first_seq';
  let rows: Row[];
  if (offset === 0 && narrow) {
    // The few candidates in one scan, the title group first: the first page as the two groups give it
    // (`matching` passes the rare words as $1 and the whole query as $2).
    const all = matching(filter, tsquery, (match) => match('p.search'));
    const n = all.params.length;
    rows = await run(
      `SELECT ${SUMMARY_COLUMNS} FROM products p${all.where} ORDER BY ts_match_vq(p.title_search, $2::tsquery) DESC, p.first_seq LIMIT $${n + 1}`,
      [...all.params, limit],
      true,
    );
  } else if (offset === 0) {
    // The first page (the usual one) in one round trip: a page of each group, the title group first.
    const both = await firstPages(run, titled, rest, limit);
    const first = both.filter((r) => r.titled);
    rows = [...first, ...both.filter((r) => !r.titled).slice(0, limit - first.length)];
  } else {
    const first = await page(run, titled, order, limit, offset, narrow);
    const titleCount = first.length < limit && first.length > 0 ? offset + first.length : await count(run, titled, narrow);
    rows = [...first, ...(await page(run, rest, order, limit - first.length, Math.max(0, offset - titleCount), narrow))];
  }
  // Products matching in the title also match the whole text: one count gives the total.
  const total = rows.length < limit && offset === 0 ? rows.length : await count(run, matching(filter, tsquery, (match) => match('p.search')), narrow);
  // The stamp of the answer: the head its first read saw.
  return { total, items: rows.map(toSummary), stamp: first()?.toString() };
}

/** A match of the search's tsquery against a tsvector column, as SQL. */
type Match = (column: string) => string;

/**
 * The conditions of a group. Connections plan prepared statements once, generically (plan_cache_mode,
 * src/catalog/postgres/connect.ts): a narrow search passes its tsqueries as parameters, and a bitmap
 * plan suits it whatever the words; a broad one writes it into the SQL, so that the planner sees how
 * many products it matches and walks the order of first appearance instead.
 *
 * A narrow search finds its products through the index by its rare words only, and checks the whole
 * query on those few: with a frequent prefix in the index condition ('product':* in "product 42"),
 * GIN would gather every product holding it first (1.7 ms against 0.1 ms on 10,000 products).
 * `ts_match_vq` is `@@` as a function, which the planner never takes to the index.
 */
function matching(filter: ProductFilter, tsquery: TsQuery, condition: (match: Match) => string): Conditions {
  if (tsquery.rare !== undefined) {
    const checked = condition((column) => `ts_match_vq(${column}, ?::tsquery)`);
    return conditions(filter, [['p.search @@ ?::tsquery', tsquery.rare], [checked, tsquery.text]]);
  }
  const filters = conditions(filter, []);
  const literal = tsquery.cast(`'${tsquery.text.replace(/'/g, "''")}'`);
  return { where: ` WHERE ${condition((column) => `${column} @@ ${literal}`)}${filters.where.replace(' WHERE ', ' AND ')}`, params: filters.params };
}

async function page(run: Run, c: Conditions, order: string, limit: number, offset: number, prepared: boolean): Promise<Row[]> {
  if (limit <= 0) return [];
  const n = c.params.length;
  return run(`SELECT ${SUMMARY_COLUMNS} FROM products p${c.where} ORDER BY ${order} LIMIT $${n + 1} OFFSET $${n + 2}`, [...c.params, limit, offset], prepared);
}

async function count(run: Run, c: Conditions, prepared: boolean): Promise<number> {
  return Number((await run(`SELECT count(*) AS n FROM products p${c.where}`, c.params, prepared))[0].n);
}

/** The first page of a broad search (narrow ones read theirs in one scan): planned with its words, walking the order of first appearance. */
async function firstPages(run: Run, titled: Conditions, rest: Conditions, limit: number): Promise<Row[]> {
  const n = titled.params.length;
  const shift = (where: string) => where.replace(/\$(\d+)/g, (_, i: string) => `$${Number(i) + n}`);
  const columns = `${SUMMARY_COLUMNS}, p.first_seq`;
  const rows = await run(
    `(SELECT ${columns}, true AS titled FROM products p${titled.where} ORDER BY p.first_seq LIMIT $${2 * n + 1})
     UNION ALL (SELECT ${columns}, false FROM products p${shift(rest.where)} ORDER BY p.first_seq LIMIT $${2 * n + 1})`,
    [...titled.params, ...rest.params, limit],
    false,
  );
  return rows.sort((a, b) => Number(a.first_seq) - Number(b.first_seq));
}
