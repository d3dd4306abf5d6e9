/** The page cache: answers are reused only while the catalog's change stamp stays, never older than a finished publish. */
import { describe, expect, it } from 'vitest';
import type { CatalogChanges } from '../../src/catalog/changes.js';
import { CacheEntries, compact, ENTRY_OVERHEAD, entryCost } from '../../src/server/read-model/cache-entries.js';
import { isLater, PageCache } from '../../src/server/read-model/page-cache.js';
import { StampReader } from '../../src/server/read-model/stamp-reader.js';

const answer = (text: string) => ({ status: 200, type: 'text/plain', body: Buffer.from(text) });

function setup(maxBytes = 1 << 20) {
  let stamp = 1;
  let now = 0;
  let produced = 0;
  const cache = new PageCache(
    async () => String(stamp),
    maxBytes,
    60_000,
    () => now,
  );
  const get = (key: string) => cache.answer(key, async () => answer(`${key}#${++produced}@${stamp}`)).then((a) => a.body.toString());
  return { cache, get, bump: () => (stamp += 1), tick: (ms: number) => (now += ms) };
}

describe('PageCache', () => {
  it('reuses an answer while the stamp stays, and drops everything when it moves', async () => {
    const { get, bump } = setup();
    expect(await get('/a')).toBe('/a#1@1');
    expect(await get('/a')).toBe('/a#1@1');
    bump();
    expect(await get('/a')).toBe('/a#2@2');
  });

  it('expires entries after a minute (relative times on pages)', async () => {
    const { get, tick } = setup();
    await get('/a');
    tick(59_000);
    expect(await get('/a')).toBe('/a#1@1');
    tick(2_000);
    expect(await get('/a')).toBe('/a#2@1');
  });

  it('evicts the least recently used entries beyond its size', async () => {
    // Room for two answers like `/a#1@1` under keys like `/a`, each with its overhead.
    const { cache, get } = setup(2 * (ENTRY_OVERHEAD + 2 * 2 + 6) + 5);
    await get('/a');
    await get('/b');
    await get('/a');
    await get('/c');
    expect(cache.size).toBe(2);
    expect(await get('/a')).toBe('/a#1@1');
    expect(await get('/b')).toBe('/b#4@1');
  });

  it('keeps no error, no 404 and no answer marked as not worth keeping', async () => {
    const cache = new PageCache(async () => '1');
    for (const [status, cacheable] of [
      [500, undefined],
      [404, undefined],
      [200, false],
    ] as const) {
      let n = 0;
      const produce = async () => ({ status, type: 'text/plain', body: Buffer.from(String(++n)), cacheable });
      await cache.answer(`/x${status}`, produce);
      await cache.answer(`/x${status}`, produce);
      expect(n).toBe(2);
    }
    expect(cache.size).toBe(0);
  });

  it('counts what an entry holds: its key, its body, the ids it lists and a fixed overhead', async () => {
    const { cache, get } = setup();
    const key = `/k?${'j'.repeat(8192)}`;
    await get(key);
    const body = `${key}#1@1`;
    expect(cache.usage.bytes).toBe(ENTRY_OVERHEAD + 2 * key.length + Buffer.byteLength(body));
    expect(entryCost('/p', { body: Buffer.alloc(10), products: ['ab', 'c'] })).toBe(ENTRY_OVERHEAD + 4 + 10 + 2 * 96 + 6);
  });

  it("keeps small bodies in allocations of their own, not in slices of node's shared pool", () => {
    const pooled = Buffer.from('a small answer');
    expect(pooled.buffer.byteLength).toBeGreaterThan(pooled.length);
    const own = compact(pooled);
    expect(own.equals(pooled)).toBe(true);
    expect([own.byteOffset, own.buffer.byteLength]).toEqual([0, pooled.length]);
    const big = Buffer.alloc(10_000);
    expect(compact(big)).toBe(big);
  });

  it('sweeps the entries that expired, without waiting for them to be asked for', async () => {
    const { cache, get, tick } = setup();
    await get('/a');
    tick(30_000);
    await get('/b');
    tick(31_000);
    expect(cache.sweep()).toBe(1);
    expect(cache.size).toBe(1);
    expect(await get('/b')).toBe('/b#2@1');
    tick(30_000);
    expect(cache.sweep()).toBe(1);
    expect([cache.size, cache.usage.bytes]).toEqual([0, 0]);
    cache.close();
  });
});

describe('PageCache with stamped answers (read in one snapshot, like product pages)', () => {
  function stamped() {
    let stamp = 1;
    let stampReads = 0;
    let produced = 0;
    const cache = new PageCache(async () => ((stampReads += 1), String(stamp)));
    // `at` is the state the read sees; by default the current one.
    const get = (key: string, at = stamp) =>
      cache
        .answer(key, async () => ({ ...answer(`${key}#${++produced}@${at}`), stamp: at === 0 ? undefined : String(at) }), { stamped: true })
        .then((a) => a.body.toString());
    return { cache, get, bump: () => (stamp += 1), reads: () => stampReads };
  }

  it('produces a miss without reading the stamp, keeps it under its own, and checks the stamp for a hit', async () => {
    const { cache, get, reads } = stamped();
    expect(await get('/a')).toBe('/a#1@1');
    expect(reads()).toBe(0);
    expect(cache.stamp).toBe('1');
    expect(await get('/a')).toBe('/a#1@1');
    expect(reads()).toBe(1);
  });

  it('drops older entries when an answer of a later state comes in, and never keeps one older than the newest state seen', async () => {
    const { cache, get, bump, reads } = stamped();
    await get('/a');
    await get('/b');
    bump();
    expect(await get('/c')).toBe('/c#3@2');
    expect(cache.stamp).toBe('2');
    expect(cache.size).toBe(1);
    // Read before the publish, answered after it: served, not kept.
    expect(await get('/d', 1)).toBe('/d#4@1');
    expect(cache.size).toBe(1);
    expect(cache.stamp).toBe('2');
    // A hit whose stamp read sees a newer state is produced again.
    bump();
    expect(await get('/c')).toBe('/c#5@3');
    expect(reads()).toBe(1);
  });

  it('does not keep a stamped answer that came without its stamp (a page not found)', async () => {
    const { cache, get } = stamped();
    expect(await get('/missing', 0)).toBe('/missing#1@0');
    expect(await get('/missing', 0)).toBe('/missing#2@0');
    expect(cache.size).toBe(0);
  });

  it('orders stamps as the decimal sequence numbers they are', () => {
    expect(isLater('10', '9')).toBe(true);
    expect(isLater('9', '10')).toBe(false);
    expect(isLater('12', '12')).toBe(false);
    expect(isLater('123456789012345678901', '123456789012345678900')).toBe(true);
    // A stamp of another form: any change counts as later.
    expect(isLater('b', 'a')).toBe(true);
    expect(isLater('a', 'a')).toBe(false);
  });
});

describe('PageCache lifetimes', () => {
  it('keeps an answer until it says it would read differently, a minute when it does not say, an hour at most', async () => {
    let now = 0;
    let produced = 0;
    const cache = new PageCache(
      async () => '1',
      1 << 20,
      60_000,
      () => now,
    );
    const get = (key: string, expiresAt?: number) =>
      cache.answer(key, async () => ({ ...answer(`${key}#${++produced}`), expiresAt })).then((a) => a.body.toString());
    expect(await get('/age', 10 * 60_000)).toBe('/age#1');
    expect(await get('/plain')).toBe('/plain#2');
    expect(await get('/old', 5 * 3_600_000)).toBe('/old#3');
    now = 2 * 60_000;
    expect(await get('/age', 10 * 60_000)).toBe('/age#1');
    expect(await get('/plain')).toBe('/plain#4');
    now = 10 * 60_000;
    expect(await get('/age', 20 * 60_000)).toBe('/age#5');
    now = 3_600_000 - 1;
    expect(await get('/old')).toBe('/old#3');
    now = 3_600_000;
    expect(await get('/old')).toBe('/old#6');
  });
});

describe('PageCache after a publish', () => {
  function withChanges(changedSince: (since: string) => Promise<CatalogChanges | undefined>) {
    let stamp = 1;
    let produced = 0;
    const asked: string[] = [];
    const cache = new PageCache(
      async () => String(stamp),
      1 << 20,
      60_000,
      Date.now,
      (since) => (asked.push(since), changedSince(since)),
    );
    const shows: Record<string, string[] | undefined> = { '/products/a': ['a', 'b'], '/products/c': ['c'], '/search': undefined };
    const get = (key: string) => cache.answer(key, async () => ({ ...answer(`${key}#${++produced}`), products: shows[key] })).then((a) => a.body.toString());
    return { cache, get, asked, bump: () => (stamp += 1) };
  }

  it('drops the answers showing a product that published or is linked to one, and those showing the whole catalog', async () => {
    const { get, bump, asked } = withChanges(async () => ({ changed: ['b'], linked: ['x'] }));
    for (const key of ['/products/a', '/products/c', '/search']) await get(key);
    bump();
    expect(await get('/products/c')).toBe('/products/c#2');
    expect(asked).toEqual(['1']);
    expect(await get('/products/a')).toBe('/products/a#4');
    expect(await get('/search')).toBe('/search#5');
  });

  it('drops everything when the store cannot tell what changed, or fails to', async () => {
    for (const changedSince of [async () => undefined, async () => Promise.reject(new Error('database gone'))]) {
      const { get, bump } = withChanges(changedSince);
      await get('/products/c');
      bump();
      expect(await get('/products/c')).toBe('/products/c#2');
    }
  });

  it('asks what changed once for the stamps seen while it asked before (steady publishing)', async () => {
    const releases: Array<() => void> = [];
    const { get, bump, asked } = withChanges(() => new Promise((resolve) => releases.push(() => resolve({ changed: [], linked: [] }))));
    await get('/products/c');
    bump();
    const first = get('/products/c');
    await new Promise((r) => setTimeout(r, 5));
    bump();
    const second = get('/products/c');
    await new Promise((r) => setTimeout(r, 5));
    bump();
    const third = get('/products/c');
    await new Promise((r) => setTimeout(r, 5));
    expect(asked).toEqual(['1']);
    releases.shift()!();
    expect(await first).toBe('/products/c#1');
    await new Promise((r) => setTimeout(r, 5));
    // One more question covers stamps 3 and 4.
    expect(asked).toEqual(['1', '2']);
    releases.shift()!();
    expect([await second, await third]).toEqual(['/products/c#1', '/products/c#1']);
    expect(asked).toEqual(['1', '2']);
  });

  it('serves no hit before the answers a change touched are dropped', async () => {
    let release!: (c: CatalogChanges) => void;
    const { get, bump } = withChanges(() => new Promise((resolve) => (release = resolve)));
    await get('/products/a');
    bump();
    let served: string | undefined;
    const pending = get('/products/a').then((body) => (served = body));
    await new Promise((r) => setTimeout(r, 5));
    expect(served).toBeUndefined();
    release({ changed: ['a'], linked: [] });
    await pending;
    expect(served).toBe('/products/a#2');
  });
});

describe('StampReader', () => {
  const controlled = () => {
    let value = 0;
    const started: number[] = [];
    const releases: Array<() => void> = [];
    const reader = new StampReader(
      () =>
        new Promise<string>((resolve) => {
          const v = value;
          started.push(v);
          releases.push(() => resolve(String(v)));
        }),
    );
    const until = async (done: () => boolean) => {
      while (!done()) await new Promise((r) => setImmediate(r));
    };
    return { reader, started, releases, set: (v: number) => (value = v), until };
  };

  it('shares one read among those who ask in the same turn, started after they asked', async () => {
    const { reader, started, releases, set, until } = controlled();
    const asked = [reader.current(), reader.current()];
    set(1); // a publish finishes in the same turn, before the read starts
    const third = reader.current();
    await until(() => started.length === 1);
    releases.shift()!();
    expect(await Promise.all([...asked, third])).toEqual(['1', '1', '1']);
    expect(started).toEqual([1]);
  });

  it('gives a caller arriving during a read a read that starts after it, one in flight at a time', async () => {
    const { reader, started, releases, set, until } = controlled();
    const first = reader.current();
    await until(() => started.length === 1);
    set(1); // a publish finishes while the first read is in flight
    const second = reader.current();
    const third = reader.current();
    await new Promise((r) => setTimeout(r, 5));
    expect(started).toEqual([0]);
    releases.shift()!();
    expect(await first).toBe('0');
    await until(() => started.length === 2);
    releases.shift()!();
    expect(await second).toBe('1');
    expect(await third).toBe('1');
    expect(started).toEqual([0, 1]);
  });

  it('passes a failed read to those who shared it, and reads again for the next', async () => {
    let fail = true;
    const reader = new StampReader(async () => {
      if (fail) throw new Error('database gone');
      return '7';
    });
    await expect(reader.current()).rejects.toThrow('database gone');
    fail = false;
    expect(await reader.current()).toBe('7');
  });
});

describe('CacheEntries', () => {
  const entry = (bytes: number, products?: string[]) => ({ body: Buffer.alloc(bytes), products });

  it('keeps the most recently used within its size, and indexes entries by the products they show', () => {
    // Each entry below costs its overhead, 10 bytes and at most four bytes of key and ids.
    const cost = (key: string, products?: string[]) => entryCost(key, entry(10, products));
    const entries = new CacheEntries<ReturnType<typeof entry>>(cost('/a', ['a', 'b']) + cost('/all') + cost('/c', ['c']));
    entries.set('/a', entry(10, ['a', 'b']));
    entries.set('/b', entry(10, ['b']));
    entries.set('/all', entry(10));
    entries.touch('/a', entries.get('/a')!);
    entries.set('/c', entry(10, ['c']));
    expect([entries.has('/a'), entries.has('/b'), entries.has('/all'), entries.has('/c')]).toEqual([true, false, true, true]);
    expect(entries.bytes).toBe(cost('/a', ['a', 'b']) + cost('/all') + cost('/c', ['c']));
    entries.dropShowing(['b']);
    expect(entries.has('/a')).toBe(false);
    entries.dropWhole();
    expect(entries.has('/all')).toBe(false);
    // Replacing an entry re-indexes it.
    entries.set('/c', entry(5, ['d']));
    entries.dropShowing(['c']);
    expect(entries.has('/c')).toBe(true);
    entries.dropShowing(['d']);
    expect([entries.size, entries.bytes]).toEqual([0, 0]);
  });
});
