/** The link index: product links from one read of every edge, only for the catalog state it was read in. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/catalog/sqlite/store.js';
import type { Edge } from '../../src/catalog/store.js';
import { LinkIndex } from '../../src/server/link-index.js';
import { PageCache } from '../../src/server/page-cache.js';
import { sharedReads } from '../../src/server/respond.js';
import { listenerProduct, playerProduct, playlistProduct, toCandidate, withVersion, publishLocally } from '../support/catalog.js';

const edge = (from: string, to: string, port = 'out'): Edge => ({ from: { product: from, port, contractId: `${from}-${port}` }, to: { product: to, port: 'in' } });
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('LinkIndex', () => {
  it('answers only for the state it was built in, after building in the background', async () => {
    let reads = 0;
    let now = 0;
    const edges = [edge('a', 'b'), edge('a', 'c', 'other'), edge('b', 'c')];
    const index = new LinkIndex(async () => (reads += 1, edges), () => now);
    expect(index.linksOf('a', '1')).toBeUndefined();
    await settle();
    expect(reads).toBe(1);
    expect(index.linksOf('a', '1')).toEqual({ upstream: [], consumers: [edges[0], edges[1]] });
    expect(index.linksOf('c', '1')).toEqual({ upstream: [edges[1], edges[2]], consumers: [] });
    expect(index.linksOf('unknown', '1')).toEqual({ upstream: [], consumers: [] });
    // Another state: not answered, and not rebuilt before the interval.
    expect(index.linksOf('a', '2')).toBeUndefined();
    await settle();
    expect(reads).toBe(1);
    now += 2_000;
    expect(index.linksOf('a', '2')).toBeUndefined();
    await settle();
    expect(reads).toBe(2);
    expect(index.linksOf('a', '2')).toEqual({ upstream: [], consumers: [edges[0], edges[1]] });
    expect(index.linksOf('a', '1')).toBeUndefined();
  });

  it('waits ten times as long as a slow build took before the next, and survives a failed read', async () => {
    let now = 0;
    let fail = true;
    const index = new LinkIndex(async () => {
      now += 1_000; // the read takes a second
      if (fail) throw new Error('database gone');
      return [edge('a', 'b')];
    }, () => now);
    expect(index.linksOf('a', '1')).toBeUndefined();
    await settle();
    fail = false;
    now = 9_000; // ten seconds after the start of the failed build: not yet
    expect(index.linksOf('a', '1')).toBeUndefined();
    await settle();
    expect(index.linksOf('a', '1')).toBeUndefined();
    now = 10_000;
    index.linksOf('a', '1');
    await settle();
    expect(index.linksOf('a', '1')).toEqual({ upstream: [], consumers: [edge('a', 'b')] });
  });
});

describe('product pages through the server reads', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('give the links the store gives, from the index, and never links older than a finished publish', async () => {
    dir = mkdtempSync(join(tmpdir(), 'dp-links-'));
    const store = await openSqliteStore(join(dir, 'catalog.db'), { mode: 'write' });
    try {
      const publish = (products: ReturnType<typeof playerProduct>[]) => publishLocally(store, products.map(toCandidate), { publisher: 'ana' });
      await publish([playerProduct(), listenerProduct()]);
      const cache = PageCache.forStore(store)!;
      // The store, recording whether each page read its links.
      const linksRead: boolean[] = [];
      const recording = Object.create(store) as typeof store;
      recording.productPage = (id, version, format, options) => (linksRead.push(options?.links !== false), store.productPage(id, version, format, options));
      const reads = sharedReads(recording, cache);
      let request = 0;
      const page = (id: string) => cache.answer(`/products/${id}?${(request += 1)}`, async () => ({ status: 200, type: 'application/json', body: Buffer.from(JSON.stringify(await reads.productPage(id))) }));
      const direct = async (id: string) => JSON.parse(JSON.stringify(await store.productPage(id)));
      for (let round = 0; round < 2; round += 1) {
        for (const id of ['play-events', 'listener-sessions']) expect(JSON.parse((await page(id)).body.toString())).toEqual(await direct(id));
        await settle();
      }
      // The first page read its own links and started the index; the second round came from the index.
      expect(linksRead[0]).toBe(true);
      expect(linksRead.slice(2)).toEqual([false, false]);
      // A new consumer of listener-sessions: the next page shows it at once.
      expect((await direct('listener-sessions')).consumers).toEqual([]);
      await publish([playlistProduct(), withVersion(playerProduct(), '1.0.1')]);
      const after = JSON.parse((await page('listener-sessions')).body.toString());
      expect(after).toEqual(await direct('listener-sessions'));
      expect(after.consumers.map((e: Edge) => e.to.product)).toContain('playlist-features');
      expect(linksRead.at(-1)).toBe(true);
    } finally {
      await store.close();
    }
  });
});
