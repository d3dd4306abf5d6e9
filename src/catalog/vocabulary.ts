/**
 * The words of the search index, kept in memory to answer prefix searches
 * fast. SQLite's FTS5 (and PostgreSQL's GIN index alike) answer a prefix term
 * (`"product"*`, `product:*`) by gathering every product holding a word with
 * that prefix before anything else: when a word occurs in every product, that
 * alone costs most of a millisecond, even if the other words of the search
 * match one product. Written as the exact words it stands for (`("product" OR
 * "products")`), the term is walked alongside the others, a tenth of the time.
 *
 * The rewrite is exact only if the set holds every word of the index. The
 * stores read it from the index itself, before each search, for the products
 * whose latest version is newer than the last one read (`cursor`); words of
 * replaced versions stay, which only adds terms that match nothing. Document
 * counts are approximate (they count versions), for choosing query plans only.
 */

/** Above this many words, a prefix stays a prefix (its words are rarer: gathering them is cheap). */
const MAX_EXPANSION = 4;
/** Words counted for the documents of a prefix before it is taken as matching everything. */
const MAX_COUNTED = 2000;
const ASCII_WORD = /^[a-z0-9]+$/;

export interface Expansion {
  /** The words with the prefix; undefined when there are too many (the prefix stays a prefix). */
  words?: string[];
  /** About how many products hold one of the words (Infinity: too many to count). */
  docs: number;
}

export class Vocabulary {
  /** The newest product head read so far (a version seq). */
  cursor = 0;
  private readonly docs = new Map<string, number>();
  private sorted: string[] = [];
  /** Words read but not yet in `sorted`. */
  private fresh: string[] = [];
  private ascii = true;

  /**
   * @param foldsLetters the index folds letters other than ASCII by its own tables (SQLite's
   *   `remove_diacritics`): once it holds such a word, no prefix can be rewritten safely.
   */
  constructor(private readonly foldsLetters: boolean) {}

  add(word: string, docs = 1): void {
    const known = this.docs.get(word);
    this.docs.set(word, (known ?? 0) + docs);
    if (known !== undefined) return;
    this.fresh.push(word);
    if (!ASCII_WORD.test(word)) this.ascii = false;
  }

  /**
   * The exact words starting with `prefix` (none: nothing can match) and how many products hold
   * them, or undefined when the vocabulary cannot tell (letters other than ASCII).
   */
  expand(prefix: string): Expansion | undefined {
    if (!this.literal || !ASCII_WORD.test(prefix)) return undefined;
    const words: string[] = [];
    let docs = 0;
    for (const word of this.startingWith(prefix)) {
      if (words.length === MAX_COUNTED) return { docs: Infinity };
      words.push(word);
      docs += this.docs.get(word)!;
    }
    return { words: words.length <= MAX_EXPANSION ? words : undefined, docs };
  }

  /**
   * Whether its words are the index's words letter for letter: false once an index that folds
   * letters (see the constructor) holds a word other than ASCII.
   */
  get literal(): boolean {
    return !(this.foldsLetters && !this.ascii);
  }

  /** Every word read that starts with `prefix`, in order. */
  *startingWith(prefix: string): Generator<string> {
    this.merge();
    for (let i = this.position(prefix); i < this.sorted.length && this.sorted[i].startsWith(prefix); i += 1) yield this.sorted[i];
  }

  /** A few new words are inserted in place; many (the first read) sorted at once. */
  private merge(): void {
    if (this.fresh.length === 0) return;
    if (this.fresh.length > 256) this.sorted = [...this.docs.keys()].sort();
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
