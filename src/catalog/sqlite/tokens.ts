/**
 * Words of the search text as FTS5 indexes them, for a server's search index
 * (src/catalog/search-index.ts). The store keeps search text as lower-case
 * words; FTS5's tokenizer keeps ASCII words as they are and folds the others
 * by its own tables (`données` is `donnees`, `straße` stays `straße`). Rather
 * than copy those tables, words other than ASCII go through the tokenizer
 * itself: a temporary FTS5 table with the same tokenizer, read back through
 * fts5vocab. Known words are remembered, so a word is folded once per process.
 */
import type { Db } from './connect.js';

/** The tokenizer of `products_search` (the first migration): a test compares them. */
export const SEARCH_TOKENIZER = 'unicode61 remove_diacritics 2';

const ASCII_WORD = /^[a-z0-9]+$/;

export class FtsTokens {
  private readonly known = new Map<string, readonly string[]>();
  private made = false;

  constructor(private readonly db: Db) {}

  /** Folds the words not known yet, all in one pass through the tokenizer. */
  learn(words: Iterable<string>): void {
    const fresh = [...new Set([...words].filter((w) => !ASCII_WORD.test(w) && !this.known.has(w)))];
    if (fresh.length === 0) return;
    this.make();
    this.db.prepare('DELETE FROM temp.dp_fold').run();
    const insert = this.db.prepare('INSERT INTO temp.dp_fold (rowid, word) VALUES (?, ?)');
    fresh.forEach((word, i) => insert.run(i + 1, word));
    const tokens = fresh.map((): string[] => []);
    for (const row of this.db.prepare('SELECT doc, term FROM temp.dp_fold_tokens ORDER BY doc, offset').all() as Array<{ doc: number; term: string }>) {
      tokens[row.doc - 1].push(row.term);
    }
    fresh.forEach((word, i) => this.known.set(word, tokens[i]));
  }

  /** The tokens of these words (those other than ASCII learnt before), in order, once each. */
  of(words: readonly string[]): string[] {
    return [...new Set(words.flatMap((w) => (ASCII_WORD.test(w) ? [w] : this.known.get(w) ?? [w])))];
  }

  /** The temporary tables, private to this connection. */
  private make(): void {
    if (this.made) return;
    this.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.dp_fold USING fts5 (word, tokenize = '${SEARCH_TOKENIZER}');
      CREATE VIRTUAL TABLE IF NOT EXISTS temp.dp_fold_tokens USING fts5vocab (temp, dp_fold, instance);`);
    this.made = true;
  }
}
