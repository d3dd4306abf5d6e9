/** The SQLite search vocabulary: which prefixes become exact words, and when a prefix must stay a prefix. */
import type { Statement } from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Vocabulary } from '../../src/catalog/sqlite/vocabulary.js';

/** A stand-in for the statement reading the search text of products newer than a seq. */
function rows(list: Array<{ seq: number; title: string; body: string }>): Statement {
  return { all: (since: number) => list.filter((r) => r.seq > since) } as unknown as Statement;
}

describe('search vocabulary', () => {
  it('expands a prefix into the exact words of the index, in order', () => {
    const v = new Vocabulary();
    v.sync(rows([{ seq: 1, title: 'product 1', body: 'products production user email' }]));
    expect(v.expand('product')).toEqual(['product', 'production', 'products']);
    expect(v.expand('email')).toEqual(['email']);
    expect(v.expand('zebra')).toEqual([]);
  });

  it('reads only products newer than the last sync, and keeps words of replaced versions', () => {
    const v = new Vocabulary();
    const list = [{ seq: 1, title: 'alpha', body: 'beta' }];
    v.sync(rows(list));
    list.push({ seq: 2, title: 'alpha', body: 'gamma' });
    v.sync(rows(list));
    expect(v.expand('gam')).toEqual(['gamma']);
    expect(v.expand('beta')).toEqual(['beta']);
  });

  it('leaves a prefix of many words, and every prefix once a non-ASCII word is indexed, as a prefix', () => {
    const v = new Vocabulary();
    v.sync(rows([{ seq: 1, title: 'p1 p10 p11 p12 p13', body: 'plain' }]));
    expect(v.expand('p1')).toBeUndefined();
    expect(v.expand('plain')).toEqual(['plain']);
    expect(v.expand('straße')).toBeUndefined();
    v.sync(rows([{ seq: 2, title: 'café', body: '' }]));
    expect(v.expand('plain')).toBeUndefined();
  });
});
