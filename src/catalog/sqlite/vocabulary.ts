/**
 * The words of the search index, kept in memory to answer prefix searches
 * fast. FTS5 answers a prefix term (`"product"*`) by merging the lists of
 * every word with that prefix before anything else: when a word occurs in
 * every product that alone costs most of a millisecond, even if the other
 * words of the search match one product. Written as the exact words it stands
 * for (`("product" OR "products")`), the term is walked alongside the others
 * and the search takes a tenth of the time.
 *
 * The rewrite is exact only if the set holds every word of the index. It is
 * read from the index itself (the stored text is dp's words joined by
 * spaces), synchronised before each search with the products whose latest
 * version is newer than the last one read; words of replaced versions stay,
 * which only adds terms that match nothing. Only ASCII words are rewritten:
 * FTS5 folds other letters (diacritics, case) by its own tables, so as soon as
 * the index holds a word with another character, prefixes stay prefixes.
 */
import type { Statement } from 'better-sqlite3';

/** Above this many words, a prefix stays a prefix (the words are rare enough to merge quickly). */
const MAX_EXPANSION = 4;
const ASCII_WORD = /^[a-z0-9]+$/;

export class Vocabulary {
  private readonly known = new Set<string>();
  private sorted: string[] = [];
  /** Words read but not yet in `sorted`. */
  private fresh: string[] = [];
  private cursor = 0;
  private ascii = true;

  /** Reads the words of every product published since the last call. */
  sync(changedSince: Statement): void {
    const rows = changedSince.all(this.cursor) as Array<{ seq: number; title: string; body: string }>;
    for (const row of rows) {
      if (row.seq > this.cursor) this.cursor = row.seq;
      for (const text of [row.title, row.body]) {
        for (const word of text.split(' ')) {
          if (word === '' || this.known.has(word)) continue;
          this.known.add(word);
          this.fresh.push(word);
          if (!ASCII_WORD.test(word)) this.ascii = false;
        }
      }
    }
  }

  /**
   * The exact words starting with `prefix` (empty: nothing can match), or
   * undefined when the prefix should stay a prefix query.
   */
  expand(prefix: string): string[] | undefined {
    if (!this.ascii || !ASCII_WORD.test(prefix)) return undefined;
    this.merge();
    const low = this.position(prefix);
    const words: string[] = [];
    for (let i = low; i < this.sorted.length && this.sorted[i].startsWith(prefix); i += 1) {
      if (words.length === MAX_EXPANSION) return undefined;
      words.push(this.sorted[i]);
    }
    return words;
  }

  /** A few new words are inserted in place; many (the first read) sorted at once. */
  private merge(): void {
    if (this.fresh.length === 0) return;
    if (this.fresh.length > 256) this.sorted = [...this.known].sort();
    else for (const word of this.fresh) this.sorted.splice(this.position(word), 0, word);
    this.fresh = [];
  }

  /** Index of the first word not below `word`. */
  private position(word: string): number {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.sorted[mid] < word) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
