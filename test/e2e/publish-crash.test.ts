/**
 * A publisher killed with SIGKILL at any moment leaves each version whole or
 * absent, on both backends. Kills land inside the write transaction (fault
 * injection from a test-only preload, test/support/kill-after-appends.mjs) and
 * at random moments; after each,
 * the catalog is consistent and a new publish completes the mesh.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript module of the benchmarks
import { generateMesh } from '../../bench/mesh.mjs';
import { startDp } from '../support/catalog.js';
import { backendPlan, type Backend } from '../support/catalog-backends.js';
import { tempDir } from '../support/product.js';

const MESH = 250;
const HOOK = pathToFileURL(new URL('../support/kill-after-appends.mjs', import.meta.url).pathname).href;
const killAfter = (n: number) => ({ NODE_OPTIONS: `--import ${HOOK}`, DP_TEST_KILL_AFTER_APPENDS: String(n) });
const plan = backendPlan();
let root: string;
let cleanup: () => void;

beforeAll(() => {
  ({ dir: root, cleanup } = tempDir('dp-e2e-crash-'));
  generateMesh(join(root, 'mesh'), MESH);
});
afterAll(() => cleanup());

function publish(catalog: string, extraEnv: Record<string, string> = {}) {
  return startDp(['publish', 'mesh', '--json'], { cwd: root, env: { DP_CATALOG: catalog, DP_PUBLISHER: 'crash-test', ...extraEnv } });
}

async function expectConsistent(backend: Backend, catalog: string): Promise<number> {
  const store = await backend.open(catalog);
  try {
    expect(await store.checkIntegrity()).toEqual([]);
    const { total, items } = await store.listProducts({ limit: 1000 });
    for (const p of items) expect(p.versionCount).toBe(1);
    if (items.length > 0) {
      const sample = (await store.getVersion(items[items.length - 1].id))!;
      expect(sample.documents.contracts).toHaveLength(2);
      expect(sample.ports).toHaveLength(3);
    }
    return total;
  } finally {
    await store.close();
  }
}

async function finish(backend: Backend, catalog: string, already: number): Promise<void> {
  const r = await publish(catalog).done;
  expect(r.code, r.stderr).toBe(0);
  expect(JSON.parse(r.stdout).summary).toEqual({ published: MESH - already, unchanged: already, refused: 0, wouldPublish: 0 });
  expect(await expectConsistent(backend, catalog)).toBe(MESH);
}

if (plan.pgFailure) {
  it('PostgreSQL crash tests need PostgreSQL', () => {
    throw new Error(plan.pgFailure);
  });
}

for (const [name, factory] of plan.factories) {
  describe(`publishers killed with SIGKILL on ${name}`, () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await factory();
    });
    afterAll(async () => {
      await backend?.stop();
    });

    it('store nothing of the transaction they die in', async () => {
      const catalog = await backend.newCatalog();
      const r = await publish(catalog, killAfter(30)).done;
      expect(r.signal).toBe('SIGKILL');
      expect(await expectConsistent(backend, catalog)).toBe(0);
      await finish(backend, catalog, 0);
    });

    it('keep the transactions committed before they die, whole', async () => {
      const catalog = await backend.newCatalog();
      const r = await publish(catalog, killAfter(MESH - 20)).done;
      expect(r.signal).toBe('SIGKILL');
      const stored = await expectConsistent(backend, catalog);
      expect(stored).toBeGreaterThan(0);
      expect(stored).toBeLessThan(MESH);
      await finish(backend, catalog, stored);
    });

    it('leave a consistent catalog when killed at random moments', async () => {
      const catalog = await backend.newCatalog();
      const started = Date.now();
      const timed = await publish(catalog).done;
      expect(timed.code, timed.stderr).toBe(0);
      const duration = Date.now() - started;
      const second = await backend.newCatalog();
      let stored = 0;
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const run = publish(second);
        const delay = Math.round(duration * (0.3 + Math.random() * 0.75));
        const timer = setTimeout(() => run.child.kill('SIGKILL'), delay);
        const r = await run.done;
        clearTimeout(timer);
        const now = await expectConsistent(backend, second);
        expect(now).toBeGreaterThanOrEqual(stored);
        stored = now;
        if (r.code === 0) expect(now).toBe(MESH);
      }
      await finish(backend, second, stored);
    });
  });
}
