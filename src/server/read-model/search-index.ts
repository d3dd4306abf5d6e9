/**
 * Search in memory, for a store that answers many searches (`dp catalog
 * serve`): the latest version of every product with the words of its search
 * text, so that a search costs no query beyond the read of the catalog's
 * stamp. It gives what the store's own search query gives (src/catalog/sqlite/list.ts,
 * src/catalog/postgres/search.ts): every term a prefix of some word of the
 * product, products with every term in their title (id and name) first, then
 * the others, each group in order of first appearance.
 *
 * The words are the database index's own: on PostgreSQL the lexemes of the
 * product's tsvectors, on SQLite the tokens FTS5 makes of its search text
 * (src/catalog/sqlite/tokens.ts). The index answers searches of ASCII words
 * (a prefix of the same letters in every database) without a freshness filter
 * (a comparison of times each database makes its own way); the store's query
 * answers the rest.
 *
 * The store feeds it in the same reads as its vocabulary (products whose
 * latest version is newer than the last one read), in the snapshot of the
 * search, so an answer is of the state its stamp names.
 */
import { pageBounds } from './rows.js';
import type { ProductFilter, ProductPage, ProductSummary } from './store.js';
import { Vocabulary } from './vocabulary.js';

export interface IndexedProduct {
  /** Order of first appearance (SQLite: the product's rowid; PostgreSQL: the seq of its first version). */
  key: number;
  summary: ProductSummary;
  /** The words of its title: its id and name. */
  title: readonly string[];
  /** Every word of its search text, those of the title included. */
  words: readonly string[];
}

const ASCII_TERM = /^[a-z0-9]+$/;
/** A term standing for more words than this is checked against each product's words instead of their lists. */
const FEW_WORDS = 8;

const byKey = (a: IndexedProduct, b: IndexedProduct) => a.key - b.key;

/**
 * The first place at or after `from` in a list in key order whose key is not below `key`: galloping
 * ahead, then halving, so that walking a short list of candidates along a long one costs little.
 */
function seek(list: readonly IndexedProduct[], key: number, from = 0): number {
  let low = from;
  let high = from;
  for (let step = 1; high < list.length && list[high].key < key; step *= 2) {
    low = high + 1;
    high += step;
  }
  high = Math.min(high, list.length);
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (list[mid].key < key) low = mid + 1;
    else high = mid;
  }
  return low;
}

type Check = (p: IndexedProduct) => boolean;

export class SearchIndex {
  private readonly products = new Map<string, IndexedProduct>();
  /** The products holding each word, in key order. */
  private readonly postings = new Map<string, IndexedProduct[]>();

  /** Every word held, sorted: the words a prefix stands for. */
  private readonly vocabulary = new Vocabulary(false);

  /** Adds a product's latest version, or puts it in place of the one read before. */
  upsert(product: IndexedProduct): void {
    const before = this.products.get(product.summary.id);
    if (before) this.remove(before);
    Object.freeze(product.summary.tags);
    Object.freeze(product.summary);
    this.products.set(product.summary.id, product);
    for (const word of product.words) {
      const list = this.postings.get(word);
      if (!list) this.postings.set(word, [product]);
      // New products come last (keys grow with first appearance): most adds are appends.
      else if (list[list.length - 1].key < product.key) list.push(product);
      else list.splice(seek(list, product.key), 0, product);
      this.vocabulary.add(word);
    }
  }

  private remove(product: IndexedProduct): void {
    for (const word of product.words) {
      const list = this.postings.get(word);
      if (!list) continue;
      const at = seek(list, product.key);
      if (list[at] === product) list.splice(at, 1);
      if (list.length === 0) this.postings.delete(word);
    }
  }

  get size(): number {
    return this.products.size;
  }

  /** Whether `search` can answer these terms and filter exactly. */
  answers(terms: string[], filter: ProductFilter): boolean {
    return terms.length > 0 && filter.publishedSince === undefined && terms.every((t) => ASCII_TERM.test(t));
  }

  /** The page the store's query would give, or undefined when it cannot tell exactly (see `answers`). */
  search(terms: string[], filter: ProductFilter): ProductPage | undefined {
    if (!this.answers(terms, filter)) return undefined;
    const titled: IndexedProduct[] = [];
    const rest: IndexedProduct[] = [];
    for (const product of this.matches(terms)) {
      if (!kept(product.summary, filter)) continue;
      (terms.every((t) => product.title.some((w) => w.startsWith(t))) ? titled : rest).push(product);
    }
    const { limit, offset } = pageBounds(filter);
    const first = titled.slice(offset, offset + limit);
    const start = Math.max(0, offset - titled.length);
    const items = [...first, ...rest.slice(start, start + limit - first.length)];
    return { total: titled.length + rest.length, items: items.map((p) => p.summary) };
  }

  /** The products holding a word starting with each term, in key order. */
  private matches(terms: string[]): IndexedProduct[] {
    const words = terms.map((t) => [...this.vocabulary.startingWith(t)]);
    const sizes = words.map((list) => list.reduce((n, w) => n + (this.postings.get(w)?.length ?? 0), 0));
    // Candidates from the term whose products are fewest; each other term is checked on them, in key order.
    const rarest = sizes.indexOf(Math.min(...sizes));
    const checks = terms.flatMap((t, i) => (i === rarest ? [] : [this.check(t, words[i])]));
    return this.holders(words[rarest]).filter((p) => checks.every((check) => check(p)));
  }

  /** Products holding any of these words, once each, in key order. */
  private holders(words: string[]): IndexedProduct[] {
    if (words.length === 1) return this.postings.get(words[0]) ?? [];
    return [...new Set(words.flatMap((w) => this.postings.get(w) ?? []))].sort(byKey);
  }

  /**
   * Whether a product holds a word starting with `term` (`words`: those the index holds), asked of
   * products in key order: a few words by walking their lists along, many by the product's words.
   */
  private check(term: string, words: string[]): Check {
    if (words.length > FEW_WORDS) return (p) => p.words.some((w) => w.startsWith(term));
    const lists = words.map((w) => this.postings.get(w) ?? []);
    const at = lists.map(() => 0);
    // Places behind a product's key stay behind the next one's: each list is walked once.
    return (p) =>
      lists.some((list, i) => {
        at[i] = seek(list, p.key, at[i]);
        return list[at[i]] === p;
      });
  }
}

/** The equality filters of a list, as the store's query applies them. */
function kept(p: ProductSummary, filter: ProductFilter): boolean {
  return (filter.domain === undefined || p.domain === filter.domain) && (filter.team === undefined || p.team === filter.team) && (filter.status === undefined || p.status === filter.status);
}
