/**
 * Twenty `dp publish` processes at once against one catalog, on both
 * backends: no version lost or duplicated, the catalog consistent, and every
 * loser told clearly why.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clone, playerProduct, startDp, writeProduct } from '../support/catalog.js';
import { backendPlan, type Backend } from '../support/catalog-backends.js';
import { tempDir } from '../support/product.js';

const PROCESSES = 20;
const plan = backendPlan();
let root: string;
let cleanup: () => void;

function product(id: string, version: string, purpose: string) {
  const p = clone(playerProduct());
  p.descriptor.id = id;
  p.descriptor.version = version;
  p.descriptor.description.purpose = purpose;
  p.descriptor.outputPorts[0].contractId = `${id}-events`;
  p.contracts.events.id = `${id}-events`;
  return p;
}

beforeAll(() => {
  ({ dir: root, cleanup } = tempDir('dp-e2e-concurrency-'));
  writeProduct(join(root, 'shared'), product('shared-product', '1.0.0', 'The same for everyone.'));
  for (let i = 0; i < PROCESSES; i += 1) {
    writeProduct(join(root, `own/p${i}`), product(`own-${i}`, '1.0.0', `Owned by publisher ${i}.`));
    writeProduct(join(root, `ladder/v${i}`), product('ladder', `1.${i}.0`, `Step ${i}.`));
    writeProduct(join(root, `contended/v${i}`), product('contended', '1.0.0', `Variant ${i}.`));
  }
});
afterAll(() => cleanup());

async function publishAll(catalog: string, dirsOf: (i: number) => string[]) {
  const runs = Array.from({ length: PROCESSES }, (_, i) =>
    startDp(['publish', ...dirsOf(i), '--json'], { cwd: root, env: { DP_CATALOG: catalog, DP_PUBLISHER: `publisher-${i}` } }),
  );
  const results = await Promise.all(runs.map((r) => r.done));
  return results.map((r) => {
    expect(r.stderr, r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect([0, 1], r.stderr).toContain(r.code);
    return {
      code: r.code,
      doc: JSON.parse(r.stdout) as {
        products: Array<{ productId: string; version: string; status: string; refusals: Array<{ code: string; message: string }> }>;
      },
    };
  });
}

if (plan.pgFailure) {
  it('PostgreSQL concurrency tests need PostgreSQL', () => {
    throw new Error(plan.pgFailure);
  });
}

for (const [name, factory] of plan.factories) {
  describe(`${PROCESSES} concurrent publishers on ${name}`, () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await factory();
    });
    afterAll(async () => {
      await backend?.stop();
    });

    it('lose and duplicate nothing: own products, one shared product, a ladder of versions', async () => {
      const catalog = await backend.newCatalog();
      const results = await publishAll(catalog, (i) => [`own/p${i}`, 'shared', `ladder/v${i}`]);
      const outcomes = results.flatMap((r) => r.doc.products);
      const shared = outcomes.filter((o) => o.productId === 'shared-product');
      expect(shared.filter((o) => o.status === 'published')).toHaveLength(1);
      expect(shared.filter((o) => o.status === 'unchanged')).toHaveLength(PROCESSES - 1);
      expect(outcomes.filter((o) => o.productId.startsWith('own-') && o.status === 'published')).toHaveLength(PROCESSES);
      const ladder = outcomes.filter((o) => o.productId === 'ladder');
      const publishedSteps = ladder.filter((o) => o.status === 'published').map((o) => o.version);
      for (const o of ladder.filter((x) => x.status === 'refused')) expect(o.refusals[0].message).toMatch(/is not greater than the latest published version/);
      expect(publishedSteps.length).toBeGreaterThanOrEqual(1);
      const store = await backend.open(catalog);
      try {
        expect(await store.checkIntegrity()).toEqual([]);
        expect((await store.listProducts()).total).toBe(PROCESSES + 2);
        const versions = (await store.listVersions('ladder')).map((v) => v.version);
        expect([...versions].sort()).toEqual([...publishedSteps].sort());
        // Published versions only ever grow.
        const order = [...versions].reverse().map((v) => Number(v.split('.')[1]));
        expect(order).toEqual([...order].sort((a, b) => a - b));
        expect(await store.listVersions('shared-product')).toHaveLength(1);
      } finally {
        await store.close();
      }
    });

    it('let exactly one of twenty different contents win one version, refusing the others clearly', async () => {
      const catalog = await backend.newCatalog();
      const results = await publishAll(catalog, (i) => [`contended/v${i}`]);
      expect(results.filter((r) => r.code === 0)).toHaveLength(1);
      for (const r of results.filter((x) => x.code === 1)) {
        expect(r.doc.products[0].refusals[0].message).toMatch(/contended@1\.0\.0 is already published with different content \(by publisher-\d+ on/);
      }
      const store = await backend.open(catalog);
      try {
        const record = (await store.getVersion('contended'))!;
        const winner = results.findIndex((r) => r.code === 0);
        expect(record.publisher).toBe(`publisher-${winner}`);
        expect(record.documents.descriptor.value.description).toMatchObject({ purpose: `Variant ${winner}.` });
        expect(await store.checkIntegrity()).toEqual([]);
      } finally {
        await store.close();
      }
    });
  });
}
