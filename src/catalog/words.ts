/**
 * What a word is for the catalog's search, in one place: lower case, split on
 * anything that is not a letter or a digit (`user_email` gives `user` and
 * `email`). The search text stored with each version, the terms of a query,
 * the databases' full-text indexes (which keep these words as they are) and
 * the server's search in memory all use these words, so every way of
 * searching finds the same products.
 */
const WORD = /[\p{L}\p{N}]+/gu;

/** The words of a text, lower case, each once, in order of first appearance. */
export function searchWords(text: string): string[] {
  return [...new Set(text.toLowerCase().match(WORD) ?? [])];
}
