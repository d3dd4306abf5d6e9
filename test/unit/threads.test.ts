import { describe, expect, it } from 'vitest';
import { sampleIdleCores, threadsFor } from '../../src/util/threads.js';

describe('threadsFor', () => {
  const work = { minPerThread: 500 };

  it('uses one thread for small work, whatever the machine', () => {
    expect(threadsFor({ ...work, units: 400, cores: 8, load: 0 })).toBe(1);
    expect(threadsFor({ ...work, units: 999, cores: 8, load: 0 })).toBe(1);
  });

  it('uses idle cores only: a busy machine gets one thread', () => {
    expect(threadsFor({ ...work, units: 6000, cores: 2, load: 0.2 })).toBe(2);
    expect(threadsFor({ ...work, units: 6000, cores: 2, load: 1.2 })).toBe(1);
    expect(threadsFor({ ...work, units: 6000, cores: 2, load: 11 })).toBe(1);
    expect(threadsFor({ ...work, units: 6000, cores: 8, load: 3 })).toBe(5);
  });

  it('trusts idle cores measured over the run more than the load average', () => {
    expect(threadsFor({ ...work, units: 6000, cores: 2, load: 11, idle: 0.9 })).toBe(2);
    expect(threadsFor({ ...work, units: 6000, cores: 2, load: 0, idle: 0.2 })).toBe(1);
    expect(threadsFor({ ...work, units: 6000, cores: 8, load: 0, idle: 3.4 })).toBe(4);
  });

  it('gives each thread enough work to pay back its start', () => {
    expect(threadsFor({ ...work, units: 1500, cores: 8, load: 0 })).toBe(3);
    expect(threadsFor({ ...work, units: 100_000, cores: 8, load: 0 })).toBe(8);
  });

  it('does what --jobs says, within the batches of work there are', () => {
    expect(threadsFor({ ...work, units: 6000, requested: 4, cores: 2, load: 11 })).toBe(4);
    expect(threadsFor({ ...work, units: 20, requested: 4, cores: 2, load: 0 })).toBe(2);
    expect(threadsFor({ ...work, units: 3, requested: 1 })).toBe(1);
  });

  it('measures idle cores over a window, and says nothing of a window too short', async () => {
    const idle = sampleIdleCores();
    expect(idle()).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 80));
    const measured = idle()!;
    expect(measured).toBeGreaterThanOrEqual(0);
    expect(measured).toBeLessThanOrEqual(64);
  });
});
