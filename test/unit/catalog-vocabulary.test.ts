/** The search vocabulary: which prefixes become exact words, how many products they match, and when a prefix must stay a prefix. */
import { describe, expect, it } from 'vitest';
import { Vocabulary } from '../../src/catalog/vocabulary.js';

const addWords = (v: Vocabulary, text: string) => text.split(' ').forEach((w) => v.add(w));

describe('search vocabulary', () => {
  it('expands a prefix into the exact words of the index, in order, with their documents', () => {
    const v = new Vocabulary(true);
    addWords(v, 'product 1');
    addWords(v, 'products production user email product');
    expect(v.expand('product')).toEqual({ words: ['product', 'production', 'products'], docs: 4 });
    expect(v.expand('email')).toEqual({ words: ['email'], docs: 1 });
    expect(v.expand('zebra')).toEqual({ words: [], docs: 0 });
    expect([...v.startingWith('pro')]).toEqual(['product', 'production', 'products']);
    expect([...v.startingWith('z')]).toEqual([]);
  });

  it('takes words added later, in order', () => {
    const v = new Vocabulary(true);
    addWords(v, 'alpha beta');
    expect(v.expand('a')).toEqual({ words: ['alpha'], docs: 1 });
    v.add('gamma', 3);
    v.add('abacus');
    expect(v.expand('a')).toEqual({ words: ['abacus', 'alpha'], docs: 2 });
    expect(v.expand('gam')).toEqual({ words: ['gamma'], docs: 3 });
  });

  it('counts a prefix of many words without listing them; leaves every prefix once a folded index holds a non-ASCII word', () => {
    const v = new Vocabulary(true);
    addWords(v, 'p1 p10 p11 p12 p13 plain');
    expect(v.expand('p1')).toEqual({ words: undefined, docs: 5 });
    expect(v.expand('plain')).toEqual({ words: ['plain'], docs: 1 });
    expect(v.expand('straße')).toBeUndefined();
    addWords(v, 'café');
    expect(v.expand('plain')).toBeUndefined();
    const pg = new Vocabulary(false);
    addWords(pg, 'café plain');
    expect(pg.expand('caf')).toEqual({ words: ['café'], docs: 1 });
  });
});
