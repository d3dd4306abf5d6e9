/** The server's search in memory (src/server/read-model/search-index.ts): what the stores' search queries give, from words kept in memory. */
import { describe, expect, it } from 'vitest';
import { SearchIndex, type IndexedProduct } from '../../src/server/read-model/search-index.js';
import type { ProductSummary } from '../../src/catalog/store.js';

function product(order: number, id: string, title: string, body: string, extra: Partial<ProductSummary> = {}): IndexedProduct {
  const titleWords = title.split(' ');
  return {
    order,
    summary: {
      id,
      name: title,
      version: '1.0.0',
      domain: 'd',
      team: 't',
      status: null,
      purpose: null,
      tags: [],
      publisher: 'p',
      publishedAt: '2026-01-01T00:00:00.000Z',
      versionCount: 1,
      ...extra,
    },
    title: titleWords,
    words: [...new Set([...titleWords, ...body.split(' ')])],
  };
}

function index(...products: IndexedProduct[]): SearchIndex {
  const i = new SearchIndex();
  for (const p of products) i.upsert(p);
  return i;
}

const ids = (i: SearchIndex, text: string, filter = {}) => i.search(text.split(' '), { limit: 100, ...filter }).items.map((p) => p.id);

describe('SearchIndex', () => {
  const catalog = () =>
    index(
      product(3, 'c', 'sessions of listeners', 'daily sessions table'),
      product(1, 'a', 'play events', 'raw events of every play', { domain: 'player' }),
      product(2, 'b', 'playlist features', 'features from play events', { domain: 'playlist', team: 'x' }),
    );

  it('matches every term as a prefix of some word; title matches first, then the others, each by first appearance', () => {
    const i = catalog();
    expect(ids(i, 'play')).toEqual(['a', 'b']);
    expect(ids(i, 'events')).toEqual(['a', 'b']);
    expect(ids(i, 'features')).toEqual(['b']);
    expect(ids(i, 'ev pl')).toEqual(['a', 'b']);
    expect(ids(i, 'daily')).toEqual(['c']);
    expect(ids(i, 'of')).toEqual(['c', 'a']);
    expect(ids(i, 'zebra')).toEqual([]);
    expect(ids(i, 'play zebra')).toEqual([]);
  });

  it('applies equality filters and counts all matches, pages from both groups', () => {
    const i = catalog();
    expect(ids(i, 'play', { domain: 'playlist' })).toEqual(['b']);
    expect(ids(i, 'play', { team: 'x', domain: 'player' })).toEqual([]);
    expect(i.search(['e'], { limit: 1, offset: 1 })).toEqual({ total: 2, items: [expect.objectContaining({ id: 'b' })] });
    expect(i.search(['of'], { limit: 1, offset: 1 }).items.map((p) => p.id)).toEqual(['a']);
    expect(i.search(['of'], { limit: 5, offset: 2 })).toEqual({ total: 2, items: [] });
  });

  it('replaces a product read again: its old words no longer find it', () => {
    const i = catalog();
    i.upsert(product(1, 'a', 'play events', 'now about zebras'));
    expect(ids(i, 'raw')).toEqual([]);
    expect(ids(i, 'zebra')).toEqual(['a']);
    expect(ids(i, 'play')).toEqual(['a', 'b']);
    expect(i.size).toBe(3);
  });

  it('keeps products published at or after a time (freshness), compared as instants', () => {
    const i = index(
      product(1, 'a', 'play events', 'old', { publishedAt: '2026-01-01T00:00:00.000Z' }),
      product(2, 'b', 'play list', 'new', { publishedAt: '2026-03-01T12:00:00.000Z' }),
    );
    expect(ids(i, 'play', { publishedSince: '2026-02-01T00:00:00.000Z' })).toEqual(['b']);
    expect(ids(i, 'play', { publishedSince: '2026-03-01T13:00:00+01:00' })).toEqual(['b']);
    expect(ids(i, 'play', { publishedSince: '2026-03-01T12:00:01Z' })).toEqual([]);
  });

  it('matches words with other letters than ASCII as they are, as prefixes, as the databases do', () => {
    const i = index(product(1, 'a', 'straße daten', 'données für 東京'), product(2, 'b', 'strand', 'plain donnees'));
    expect(ids(i, 'stra')).toEqual(['a', 'b']);
    expect(ids(i, 'straß')).toEqual(['a']);
    expect(ids(i, 'donn')).toEqual(['a', 'b']);
    expect(ids(i, 'donné')).toEqual(['a']);
    expect(ids(i, 'donnees')).toEqual(['b']);
    expect(ids(i, '東')).toEqual(['a']);
    expect(ids(i, 'f')).toEqual(['a']);
  });

  it('walks a rare term along a frequent one, and a prefix of many words, as a scan of every product would', () => {
    const products = Array.from({ length: 1000 }, (_, n) => product(n + 1, `p-${n}`, `product ${n}`, `common w${n % 7} x${n}`));
    const i = index(...products);
    // Read again out of order (a new version of an early product): its lists stay in key order.
    i.upsert(product(5, 'p-4', 'product 4', 'common w4 x4 late'));
    const scan = (terms: string[]) =>
      products
        .map((p) => (p.summary.id === 'p-4' ? product(5, 'p-4', 'product 4', 'common w4 x4 late') : p))
        .filter((p) => terms.every((t) => p.words.some((w) => w.startsWith(t))))
        .sort(
          (a, b) =>
            Number(terms.every((t) => b.title.some((w) => w.startsWith(t)))) - Number(terms.every((t) => a.title.some((w) => w.startsWith(t)))) ||
            a.order - b.order,
        )
        .map((p) => p.summary.id);
    for (const text of ['product 42', 'x4', 'w3 x9', 'common w6', 'x99 common', 'late', 'late product', 'w1 w2', '9 w5', 'common', 'x1 w1 product']) {
      const terms = text.split(' ');
      expect(
        i.search(terms, { limit: 1000 }).items.map((p) => p.id),
        text,
      ).toEqual(scan(terms));
    }
  });

  it('gives summaries no caller can change', () => {
    const page = catalog().search(['play'], {});
    expect(Object.isFrozen(page.items[0])).toBe(true);
    expect(Object.isFrozen(page.items[0].tags)).toBe(true);
  });
});
