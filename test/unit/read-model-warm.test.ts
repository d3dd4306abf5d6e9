/** Warming the page cache: every product page rendered once in the background, within the cache's room. */
import { describe, expect, it } from 'vitest';
import { CacheWarmer, type WarmSource } from '../../src/server/read-model/warm.js';

function source(ids: string[], options: { room?: number; failAt?: string } = {}) {
  const warmed: string[] = [];
  const listed: Array<[number, number]> = [];
  const src: WarmSource = {
    listIds: async (offset, limit) => (listed.push([offset, limit]), ids.slice(offset, offset + limit)),
    warm: async (id) => {
      if (id === options.failAt) throw new Error('database gone');
      warmed.push(id);
    },
    full: () => options.room !== undefined && warmed.length >= options.room,
  };
  return { src, warmed, listed };
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `p-${i}`);

describe('CacheWarmer', () => {
  it('warms every product, a list page at a time, and reports it', async () => {
    const { src, warmed, listed } = source(ids(1203));
    let t = 0;
    const warmer = new CacheWarmer(src, () => (t += 5));
    expect(warmer.status.state).toBe('idle');
    const done = warmer.start();
    expect(warmer.status.state).toBe('warming');
    await done;
    expect(warmed).toEqual(ids(1203));
    expect(listed).toEqual([
      [0, 500],
      [500, 500],
      [1000, 500],
    ]);
    expect(warmer.status).toEqual({ state: 'done', pages: 1203, ms: 5 });
    // Once only.
    await warmer.start();
    expect(warmed.length).toBe(1203);
  });

  it("readies the store's search index before any page", async () => {
    const order: string[] = [];
    const { src } = source(ids(3));
    const warmer = new CacheWarmer({
      ...src,
      prepare: async () => void order.push('prepare'),
      listIds: async (offset, limit) => (order.push('list'), src.listIds(offset, limit)),
    });
    await warmer.start();
    expect(order).toEqual(['prepare', 'list']);
  });

  it('stops when the cache has no room left, when stopped, and on an error, without failing', async () => {
    const full = source(ids(300), { room: 45 });
    const warmer = new CacheWarmer(full.src);
    await warmer.start();
    expect(warmer.status.state).toBe('full');
    expect(full.warmed.length).toBe(60); // checked between batches of 20

    const stopped = source(ids(300));
    const second = new CacheWarmer(stopped.src);
    const run = second.start();
    second.stop();
    await run;
    expect(second.status.state).toBe('stopped');
    expect(stopped.warmed.length).toBeLessThan(300);

    const failing = source(ids(300), { failAt: 'p-42' });
    const third = new CacheWarmer(failing.src);
    await expect(third.start()).resolves.toBeUndefined();
    expect(third.status.state).toBe('failed');
  });
});
