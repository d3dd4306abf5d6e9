/**
 * The control views of signed-in pages: kept while the control stamp, the catalog's state and the
 * time allow, shared by the requests asking at once, a failure never kept, bounded in bytes.
 */
import { describe, expect, it } from 'vitest';
import type { ControlStore } from '../../src/catalog/events.js';
import { ControlViews, firstAfter, viewerOf } from '../../src/server/read-model/control-views.js';

function harness(maxBytes?: number) {
  const state = { stamp: 1, now: 1_000_000, produced: 0 };
  const store = { controlStamp: async () => String(state.stamp) } as unknown as ControlStore;
  const views = new ControlViews(store, () => state.now, maxBytes);
  const produce = (value: string, expiresAt?: number) => async () => {
    state.produced += 1;
    return { value, size: value.length, expiresAt };
  };
  return { state, views, produce };
}

describe('control views', () => {
  it('are kept until an event, a publish or their own time changes them', async () => {
    const { state, views, produce } = harness();
    expect(await views.view('queue|team:a', 'c1', produce('v1', state.now + 5000))).toBe('v1');
    expect(await views.view('queue|team:a', 'c1', produce('v2'))).toBe('v1');
    expect(state.produced).toBe(1);
    // A new control event anywhere.
    state.stamp += 1;
    expect(await views.view('queue|team:a', 'c1', produce('v3'))).toBe('v3');
    // A publish (another catalog state).
    expect(await views.view('queue|team:a', 'c2', produce('v4', state.now + 5000))).toBe('v4');
    // Until the time it said it would read differently (a grant's end), then read again.
    state.now += 4000;
    expect(await views.view('queue|team:a', 'c2', produce('v5'))).toBe('v4');
    state.now += 2000;
    expect(await views.view('queue|team:a', 'c2', produce('v6'))).toBe('v6');
    // At least every ten minutes.
    state.now += 10 * 60_000;
    expect(await views.view('queue|team:a', 'c2', produce('v7'))).toBe('v7');
    expect(state.produced).toBe(5);
  });

  it("belong to their key: one viewer never gets another one's", async () => {
    const { views, produce } = harness();
    expect(await views.view('queue|team:a', 'c1', produce('of a'))).toBe('of a');
    expect(await views.view('queue|team:b', 'c1', produce('of b'))).toBe('of b');
    expect(await views.view('queue|team:a', 'c1', produce('x'))).toBe('of a');
    expect(viewerOf({ admin: true, team: null } as never)).toBe('admin');
    expect(viewerOf({ admin: false, privacy: true, team: 'office' } as never)).toBe('privacy:office');
    expect(viewerOf({ admin: false, privacy: false, team: 'office' } as never)).toBe('team:office');
  });

  it('are read once for the requests asking together, and a failure is not kept', async () => {
    const { state, views } = harness();
    let release!: (v: { value: string; size: number }) => void;
    const slow = () => new Promise<{ value: string; size: number }>((resolve) => ((state.produced += 1), (release = resolve)));
    const both = Promise.all([views.view('k', 'c', slow), views.view('k', 'c', slow)]);
    await new Promise((r) => setTimeout(r, 10));
    release({ value: 'once', size: 4 });
    expect(await both).toEqual(['once', 'once']);
    expect(state.produced).toBe(1);
    state.stamp += 1;
    await expect(views.view('k', 'c', async () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
    expect(await views.view('k', 'c', async () => ({ value: 'after', size: 5 }))).toBe('after');
  });

  it('keep at most their budget, the least recently used going first', async () => {
    const { views, produce } = harness(1000);
    for (let i = 0; i < 10; i += 1) await views.view(`k${i}`, 'c', produce('x'.repeat(100)));
    expect(views.usage.bytes).toBeLessThanOrEqual(1000);
    expect(views.usage.entries).toBeLessThan(10);
    expect(await views.view('k9', 'c', produce('new'))).toBe('x'.repeat(100));
    expect(await views.view('k0', 'c', produce('again'))).toBe('again');
  });

  it('firstAfter: the first time still to come', () => {
    expect(firstAfter(['2026-01-01T00:00:00Z', null, '2026-03-01T00:00:00Z', '2026-02-01T00:00:00Z'], Date.parse('2026-01-15T00:00:00Z'))).toBe(
      Date.parse('2026-02-01T00:00:00Z'),
    );
    expect(firstAfter([null, undefined, 'not a time'], 0)).toBeUndefined();
  });
});
