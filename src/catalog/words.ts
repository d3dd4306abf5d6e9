/**
 * What a word is for the catalog's search, in one place. A text is folded, then split on anything
 * that is not a letter or a digit (`user_email` gives `user` and `email`):
 *
 * - compatibility decomposition (NFKD): `ﬁ` is `fi`, full-width `ＤＡＴＡ` is `data`, `m²` is `m2`,
 *   as a search box should see them (NFD would keep each apart from what users type);
 * - combining marks removed: `données` is `donnees`, `й` is `и`, `ά` is `α`;
 * - case folded: lower case of upper case, so that `ß` and `ẞ` are `ss` as `STRASSE` is, and a final
 *   `ς` is `σ` (a prefix ending in sigma finds the longer word).
 *
 * The search text stored with each version, the terms of a query, the databases' full-text indexes
 * (which keep these words as they are) and the server's search in memory all use these words, so
 * every way of searching finds the same products. What users are shown is never folded.
 *
 * `WORD_RULE` names this rule. Catalogs record the rule their stored words were made with, and
 * rebuild those words when it changes (src/catalog/word-rule.ts): raise it with any change here.
 */
const WORD = /[\p{L}\p{N}]+/gu;
const MARKS = /\p{M}+/gu;
const NON_ASCII = /\P{ASCII}/u;

/** The version of the word rule: 1 was lower case only (accents kept); 2 folds as above. */
export const WORD_RULE = 2;

/** A text folded as described above (white space stays a separator; some symbols become letters: `㎏` is `kg`). */
export function foldText(text: string): string {
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  return text
    .normalize('NFKD')
    .replace(MARKS, '')
    .toUpperCase()
    .toLowerCase()
    .replace(/[ßς]/g, (c) => (c === 'ß' ? 'ss' : 'σ'));
}

/**
 * The words of a text, folded, each once, in order of first appearance. Folded piece by piece
 * between white space (which folds to separators, so no word spans two pieces): a piece repeated
 * is folded once, and most pieces are ASCII, whose folding is lower case.
 */
export function searchWords(text: string): string[] {
  const words = new Set<string>();
  for (const piece of new Set(text.split(/\s+/))) {
    for (const word of foldText(piece).match(WORD) ?? []) words.add(word);
  }
  return [...words];
}
