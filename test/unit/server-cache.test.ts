/** The page cache: answers are reused only while the catalog's change stamp stays, never older than a finished publish. */
import { describe, expect, it } from 'vitest';
import { isLater, PageCache, StampReader } from '../../src/server/page-cache.js';

const answer = (text: string) => ({ status: 200, type: 'text/plain', body: Buffer.from(text) });

function setup(maxBytes = 1 << 20) {
  let stamp = 1;
  let now = 0;
  let produced = 0;
  const cache = new PageCache(async () => String(stamp), maxBytes, 60_000, () => now);
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
    const { cache, get } = setup(15);
    await get('/a');
    await get('/b');
    await get('/a');
    await get('/c');
    expect(cache.size).toBe(2);
    expect(await get('/a')).toBe('/a#1@1');
    expect(await get('/b')).toBe('/b#4@1');
  });

  it('does not keep errors other than 404', async () => {
    const cache = new PageCache(async () => '1');
    let n = 0;
    const produce = async () => ({ status: 500, type: 'text/plain', body: Buffer.from(String(++n)) });
    await cache.answer('/x', produce);
    await cache.answer('/x', produce);
    expect(n).toBe(2);
  });
});

describe('PageCache with stamped answers (read in one snapshot, like product pages)', () => {
  function stamped() {
    let stamp = 1;
    let stampReads = 0;
    let produced = 0;
    const cache = new PageCache(async () => (stampReads += 1, String(stamp)));
    // `at` is the state the read sees; by default the current one.
    const get = (key: string, at = stamp) =>
      cache.answer(key, async () => ({ ...answer(`${key}#${++produced}@${at}`), stamp: at === 0 ? undefined : String(at) }), { stamped: true }).then((a) => a.body.toString());
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
    const cache = new PageCache(async () => '1', 1 << 20, 60_000, () => now);
    const get = (key: string, expiresAt?: number) => cache.answer(key, async () => ({ ...answer(`${key}#${++produced}`), expiresAt })).then((a) => a.body.toString());
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

describe('StampReader', () => {
  it('shares reads, but a caller arriving during a read waits for a read that starts after it', async () => {
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
    const first = reader.current();
    value = 1; // a publish finishes while the first read is in flight
    const second = reader.current();
    const third = reader.current();
    releases.shift()!();
    expect(await first).toBe('0');
    await new Promise((r) => setTimeout(r, 0));
    releases.shift()!();
    expect(await second).toBe('1');
    expect(await third).toBe('1');
    expect(started).toEqual([0, 1]);
  });
});
