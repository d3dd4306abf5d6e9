/**
 * The server's search, in memory: the latest version of every product with
 * its words, so that a search costs no query. It gives what the stores'
 * search queries give (src/catalog/sqlite/list.ts, src/catalog/postgres/search.ts):
 * every term a prefix of some word of the product, products with every term
 * in their title (id and name) first, then the others, each group in order of
 * first appearance; the filters of a list (domain, team, status, freshness).
 * Its words are the search text the store keeps with each product, which the
 * databases' full-text indexes hold as they are (src/catalog/words.ts): the
 * same words, the same matches. A differential test compares both on both
 * backends (test/conformance-store/read-model.ts).
 */
import { pageBounds } from '../../catalog/rows.js';
import type { ProductFilter, ProductPage, ProductSummary } from '../../catalog/store.js';

export interface IndexedProduct {
  /** Order of first appearance (`ProductHead.order`). */
  order: number;
  summary: ProductSummary;
  /** The words of its title: its id and name. */
  title: readonly string[];
  /** Every word of its search text, those of the title included. */
  words: readonly string[];
}

/** A term standing for more words than this is checked against each product's words instead of their lists. */
const FEW_WORDS = 8;

const byOrder = (a: IndexedProduct, b: IndexedProduct) => a.order - b.order;

/**
 * The first place at or after `from` in a list in order whose order is not below `order`: galloping
 * ahead, then halving, so that walking a short list of candidates along a long one costs little.
 */
function seek(list: readonly IndexedProduct[], order: number, from = 0): number {
  let low = from;
  let high = from;
  for (let step = 1; high < list.length && list[high].order < order; step *= 2) {
    low = high + 1;
    high += step;
  }
  high = Math.min(high, list.length);
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (list[mid].order < order) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Index of the first string not below `word` in a sorted list. */
export function position(sorted: readonly string[], word: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] < word) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Every word held, sorted: the words a prefix stands for. New words are merged in when next asked. */
class WordList {
  private sorted: string[] = [];
  private fresh: string[] = [];

  add(word: string): void {
    this.fresh.push(word);
  }

  *startingWith(prefix: string): Generator<string> {
    this.merge();
    for (let i = position(this.sorted, prefix); i < this.sorted.length && this.sorted[i].startsWith(prefix); i += 1) yield this.sorted[i];
  }

  /** A few new words are inserted in place; many (the first read) sorted at once. */
  private merge(): void {
    if (this.fresh.length === 0) return;
    if (this.fresh.length > 256) this.sorted = [...new Set([...this.sorted, ...this.fresh])].sort();
    else for (const word of this.fresh) if (this.sorted[position(this.sorted, word)] !== word) this.sorted.splice(position(this.sorted, word), 0, word);
    this.fresh = [];
  }
}

type Check = (p: IndexedProduct) => boolean;

export class SearchIndex {
  private readonly products = new Map<string, IndexedProduct>();
  /** The products holding each word, in order of first appearance. */
  private readonly postings = new Map<string, IndexedProduct[]>();
  /** Words whose lists emptied stay: they match no product, which costs a lookup. */
  private readonly words = new WordList();

  /** Adds a product's latest version, or puts it in place of the one held before. */
  upsert(product: IndexedProduct): void {
    const before = this.products.get(product.summary.id);
    if (before) this.remove(before);
    Object.freeze(product.summary.tags);
    Object.freeze(product.summary);
    this.products.set(product.summary.id, product);
    for (const word of product.words) {
      const list = this.postings.get(word);
      if (!list) {
        this.postings.set(word, [product]);
        this.words.add(word);
      }
      // New products come last (orders grow with first appearance): most adds are appends.
      else if (list.length === 0 || list[list.length - 1].order < product.order) list.push(product);
      else list.splice(seek(list, product.order), 0, product);
    }
  }

  private remove(product: IndexedProduct): void {
    for (const word of product.words) {
      const list = this.postings.get(word);
      if (!list) continue;
      const at = seek(list, product.order);
      if (list[at] === product) list.splice(at, 1);
    }
  }

  get size(): number {
    return this.products.size;
  }

  /** The page the stores' search query gives for these terms (at least one) and filter, of the products `also` keeps. */
  search(terms: string[], filter: ProductFilter, also: (p: ProductSummary) => boolean = () => true): ProductPage {
    const titled: IndexedProduct[] = [];
    const rest: IndexedProduct[] = [];
    const since = filter.publishedSince === undefined ? undefined : Date.parse(filter.publishedSince);
    for (const product of this.matches(terms)) {
      if (!kept(product.summary, filter, since) || !also(product.summary)) continue;
      (terms.every((t) => product.title.some((w) => w.startsWith(t))) ? titled : rest).push(product);
    }
    const { limit, offset } = pageBounds(filter);
    const first = titled.slice(offset, offset + limit);
    const start = Math.max(0, offset - titled.length);
    const items = [...first, ...rest.slice(start, start + limit - first.length)];
    return { total: titled.length + rest.length, items: items.map((p) => p.summary) };
  }

  /** The products holding a word starting with each term, in order of first appearance. */
  private matches(terms: string[]): IndexedProduct[] {
    const words = terms.map((t) => [...this.words.startingWith(t)]);
    const sizes = words.map((list) => list.reduce((n, w) => n + (this.postings.get(w)?.length ?? 0), 0));
    // Candidates from the term whose products are fewest; each other term is checked on them, in order.
    const rarest = sizes.indexOf(Math.min(...sizes));
    const checks = terms.flatMap((t, i) => (i === rarest ? [] : [this.check(t, words[i])]));
    return this.holders(words[rarest]).filter((p) => checks.every((check) => check(p)));
  }

  /** Products holding any of these words, once each, in order. */
  private holders(words: string[]): IndexedProduct[] {
    if (words.length === 1) return this.postings.get(words[0]) ?? [];
    return [...new Set(words.flatMap((w) => this.postings.get(w) ?? []))].sort(byOrder);
  }

  /**
   * Whether a product holds a word starting with `term` (`words`: those the index holds), asked of
   * products in order: a few words by walking their lists along, many by the product's words.
   */
  private check(term: string, words: string[]): Check {
    if (words.length > FEW_WORDS) return (p) => p.words.some((w) => w.startsWith(term));
    const lists = words.map((w) => this.postings.get(w) ?? []);
    const at = lists.map(() => 0);
    // Places behind a product's order stay behind the next one's: each list is walked once.
    return (p) =>
      lists.some((list, i) => {
        at[i] = seek(list, p.order, at[i]);
        return list[at[i]] === p;
      });
  }
}

/** The filters of a list, as the stores' queries apply them (times compared as instants). */
export function kept(p: ProductSummary, filter: ProductFilter, since?: number): boolean {
  return (
    (filter.domain === undefined || p.domain === filter.domain) &&
    (filter.team === undefined || p.team === filter.team) &&
    (filter.status === undefined || p.status === filter.status) &&
    (since === undefined || Number.isNaN(since) || Date.parse(p.publishedAt) >= since)
  );
}
