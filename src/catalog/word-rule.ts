/**
 * The word rule a catalog's search index was made with, and its rebuild when dp's rule
 * (src/catalog/words.ts) changes. The index is derived data: a product's search words are
 * recomputed from the documents of its latest version, which stay as published.
 *
 * Each catalog records the rule in its metadata (`dp_meta`, key `word_rule`); catalogs written
 * before the row existed hold words of rule 1. Opening a catalog that dp may write rebuilds an
 * older index in one transaction (see each backend's connect.ts). One dp may not write is read as
 * it is, and refuses searches rather than miss products (`checkSearchable`).
 */
import { DpError } from '../errors.js';
import { searchTextOf, searchTitleOf } from './record.js';
import { toDocuments, type Row } from './rows.js';
import { WORD_RULE } from './words.js';

export { WORD_RULE };

export const WORD_RULE_KEY = 'word_rule';

/** Products whose words are recomputed per batch of a rebuild: their documents are in memory at once. */
export const REBUILD_BATCH = 250;

/** The rule of a catalog's words from its metadata value (absent: written before the rule was recorded). */
export function storedWordRule(value: string | undefined): number {
  return value === undefined ? 1 : Number(value);
}

/** Writing words of this rule into an index of a newer one would hide products from its searches. */
export function refuseNewerWords(rule: number, location: string): void {
  if (rule > WORD_RULE) {
    throw new DpError('input', `the catalog ${location} holds search words of a newer dp (word rule ${rule}; this dp knows ${WORD_RULE})`, {
      hint: "upgrade dp: this one would add words that the catalog's searches no longer find",
    });
  }
}

/** Searches need words of this dp's rule: words of another would miss products without a sign. */
export function checkSearchable(rule: number, location: string): void {
  refuseNewerWords(rule, location);
  if (rule < WORD_RULE) {
    throw new DpError(
      'input',
      `the search index of the catalog ${location} holds words made by an older dp's rule (word rule ${rule}; this dp's is ${WORD_RULE}), and this dp may not write the catalog to rebuild it`,
      {
        hint: 'run any dp catalog command once with write access to the catalog (for example `dp catalog list`): it rebuilds the index; other reads work as they are',
      },
    );
  }
}

/** A version row's search words under this dp's rule, from its documents (columns descriptor_file, _text, _json, contracts_json). */
export function searchWordsOfRow(row: Row): { title: string; text: string } {
  const documents = toDocuments(row);
  return { title: searchTitleOf(documents), text: searchTextOf(documents) };
}
