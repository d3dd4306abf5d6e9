/** The batcher: lookups asked for in one turn of the event loop are read by one call. */
import { describe, expect, it } from 'vitest';
import { Batcher } from '../../src/server/read-model/batcher.js';

function recording(maxBatch?: number) {
  const calls: string[][] = [];
  const batcher = new Batcher<string, string>(async (keys) => {
    calls.push(keys);
    return new Map(keys.filter((k) => k !== 'none').map((k) => [k, k.toUpperCase()]));
  }, maxBatch);
  return { batcher, calls };
}

describe('Batcher', () => {
  it('reads every key of one turn in one call, each key once, and answers each caller', async () => {
    const { batcher, calls } = recording();
    const answers = await Promise.all(['a', 'b', 'a', 'none'].map((k) => batcher.load(k)));
    expect(answers).toEqual(['A', 'B', 'A', undefined]);
    expect(calls).toEqual([['a', 'b', 'none']]);
  });

  it('reads again in a later turn: nothing is kept between turns', async () => {
    const { batcher, calls } = recording();
    await batcher.load('a');
    await batcher.load('a');
    expect(calls).toEqual([['a'], ['a']]);
  });

  it('gathers keys asked for by promise reactions of the same turn', async () => {
    const { batcher, calls } = recording();
    const later = (k: string) =>
      Promise.resolve()
        .then(() => Promise.resolve())
        .then(() => batcher.load(k));
    expect(await Promise.all([batcher.load('a'), later('b'), later('c')])).toEqual(['A', 'B', 'C']);
    expect(calls).toEqual([['a', 'b', 'c']]);
  });

  it('splits a large turn into calls of at most maxBatch keys', async () => {
    const { batcher, calls } = recording(2);
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((k) => batcher.load(k)));
    expect(calls).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('rejects every caller of a failed call, and only those', async () => {
    const batcher = new Batcher<string, string>(async (keys) => {
      if (keys.includes('bad')) throw new Error('database gone');
      return new Map(keys.map((k) => [k, k]));
    }, 2);
    const results = await Promise.allSettled(['bad', 'x', 'y'].map((k) => batcher.load(k)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect((results[0] as PromiseRejectedResult).reason.message).toBe('database gone');
  });
});
