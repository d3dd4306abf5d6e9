/** --workers: the pause before replacing a dead worker doubles with each death at start, up to 30 s. */
import { describe, expect, it } from 'vitest';
import { MAX_START_CRASHES, restartPause } from '../../src/server/cluster.js';

describe('restartPause', () => {
  it('replaces at once after a worker that ran, then waits longer after each death at start', () => {
    expect([0, 1, 2, 3, 4, 5].map(restartPause)).toEqual([0, 250, 500, 1000, 2000, 4000]);
    expect(restartPause(20)).toBe(30_000);
    expect(MAX_START_CRASHES).toBe(5);
  });
});
