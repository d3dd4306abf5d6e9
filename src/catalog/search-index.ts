/**
 * Search in memory, for a store that answers many searches (`dp catalog
 * serve`): the latest version of every product with the words of its search
 * text, so that a search costs no query beyond the read of the catalog's
 * stamp. It gives what the store's own search query gives (src/catalog/sqlite/list.ts,
 * src/catalog/postgres/search.ts): every term a prefix of some word of the
 * product, products with every term in their title (id and name) first, then
 * the others, each group in order of first appearance.
 *
 * The words are the index's own: on PostgreSQL the lexemes of the product's
 * tsvectors, on SQLite the words of its search text, which FTS5 keeps as they
 * are while they are ASCII. The index answers only when that makes it exact
 * (ASCII terms, a vocabulary whose words are the index's letter for letter) and
 * without a freshness filter (a comparison of times each database makes its
 * own way); the store's query answers the rest.
 *
 * The store feeds it in the same reads as its vocabulary (products whose
 * latest version is newer than the last one read), in the snapshot of the
 * search, so an answer is of the state its stamp names.
 */
import { pageBounds } from './rows.js';
import type { ProductFilter, ProductPage, ProductSummary } from './store.js';
import type { Vocabulary } from './vocabulary.js';

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
/** A term standing for at most this many words is checked against their products; more, against the product's words. */
const FEW_WORDS = 8;

type Check = (p: IndexedProduct) => boolean;

const byKey = (a: IndexedProduct, b: IndexedProduct) => a.key - b.key;

export class SearchIndex {
  private readonly products = new Map<string, IndexedProduct>();
  /** The products holding each word. */
  private readonly postings = new Map<string, Set<IndexedProduct>>();

  constructor(private readonly vocabulary: Vocabulary) {}

  /** Adds a product's latest version, or puts it in place of the one read before. */
  upsert(product: IndexedProduct): void {
    const before = this.products.get(product.summary.id);
    if (before) this.remove(before);
    Object.freeze(product.summary.tags);
    Object.freeze(product.summary);
    this.products.set(product.summary.id, product);
    for (const word of product.words) {
      const holders = this.postings.get(word);
      if (holders) holders.add(product);
      else this.postings.set(word, new Set([product]));
      this.vocabulary.add(word);
    }
  }

  private remove(product: IndexedProduct): void {
    for (const word of product.words) {
      const holders = this.postings.get(word);
      holders?.delete(product);
      if (holders?.size === 0) this.postings.delete(word);
    }
  }

  get size(): number {
    return this.products.size;
  }

  /** Whether `search` can answer these terms and filter exactly. */
  answers(terms: string[], filter: ProductFilter): boolean {
    return terms.length > 0 && filter.publishedSince === undefined && this.vocabulary.literal && terms.every((t) => ASCII_TERM.test(t));
  }

  /** The page the store's query would give, or undefined when it cannot tell exactly (see `answers`). */
  search(terms: string[], filter: ProductFilter): ProductPage | undefined {
    if (!this.answers(terms, filter)) return undefined;
    const words = terms.map((t) => [...this.vocabulary.startingWith(t)]);
    const sizes = words.map((list) => list.reduce((n, w) => n + (this.postings.get(w)?.size ?? 0), 0));
    // Candidates from the rarest term; every other term is checked on them.
    const rarest = sizes.indexOf(Math.min(...sizes));
    const checks = terms.map((t, i) => (i === rarest ? undefined : this.check(t, words[i]))).filter((c): c is Check => c !== undefined);
    const titled: IndexedProduct[] = [];
    const rest: IndexedProduct[] = [];
    for (const product of this.holders(words[rarest])) {
      if (!checks.every((check) => check(product)) || !kept(product.summary, filter)) continue;
      (terms.every((t) => product.title.some((w) => w.startsWith(t))) ? titled : rest).push(product);
    }
    titled.sort(byKey);
    rest.sort(byKey);
    const { limit, offset } = pageBounds(filter);
    const first = titled.slice(offset, offset + limit);
    const start = Math.max(0, offset - titled.length);
    const items = [...first, ...rest.slice(start, start + limit - first.length)];
    return { total: titled.length + rest.length, items: items.map((p) => p.summary) };
  }

  /** Products holding any of these words, once each. */
  private holders(words: string[]): Iterable<IndexedProduct> {
    if (words.length === 1) return this.postings.get(words[0]) ?? [];
    const all = new Set<IndexedProduct>();
    for (const word of words) for (const p of this.postings.get(word) ?? []) all.add(p);
    return all;
  }

  /** Whether a product holds a word starting with `term` (`words`: those the index holds). */
  private check(term: string, words: string[]): Check {
    if (words.length > FEW_WORDS) return (p) => p.words.some((w) => w.startsWith(term));
    const sets = words.map((w) => this.postings.get(w)).filter((s): s is Set<IndexedProduct> => s !== undefined);
    return (p) => sets.some((s) => s.has(p));
  }
}

/** The equality filters of a list, as the store's query applies them. */
function kept(p: ProductSummary, filter: ProductFilter): boolean {
  return (filter.domain === undefined || p.domain === filter.domain) && (filter.team === undefined || p.team === filter.team) && (filter.status === undefined || p.status === filter.status);
}
