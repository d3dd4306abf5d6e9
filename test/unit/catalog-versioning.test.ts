/** The versioning rules, as pure functions over a candidate and what the catalog holds. */
import { describe, expect, it } from 'vitest';
import { digestOf } from '../../src/catalog/canonical.js';
import type { VersionRecord } from '../../src/catalog/store.js';
import { nextMajor, planVersion } from '../../src/catalog/versioning.js';
import { clone, playerProduct, toCandidate, withVersion } from '../support/catalog.js';
import type { ProductFixture } from '../support/product.js';

function record(product: ProductFixture): VersionRecord {
  const c = toCandidate(product);
  return {
    productId: c.productId,
    version: c.version,
    digest: digestOf(c.documents),
    publisher: 'x',
    publishedAt: '2026-01-01T00:00:00.000Z',
    previousVersion: null,
    changes: [],
    name: null,
    domain: null,
    team: null,
    status: null,
    documents: c.documents,
    validation: c.validation,
    ports: [],
  };
}

function plan(candidate: ProductFixture, latest?: ProductFixture, existing?: { digest: string }) {
  const c = toCandidate(candidate);
  const found = existing
    ? { ...existing, publisher: 'bob', publishedAt: '2026-01-01T00:00:00.000Z', latest: latest?.descriptor.version ?? c.version }
    : undefined;
  return planVersion(c, digestOf(c.documents), latest ? record(latest) : undefined, found);
}

function breaking(version: string): ProductFixture {
  const p = withVersion(playerProduct(), version);
  p.contracts.events.schema[0].properties.splice(0, 1);
  return p;
}

describe('planVersion', () => {
  it('publishes the first version of a product', () => {
    expect(plan(playerProduct())).toMatchObject({ status: 'publish', previousVersion: null, changes: [], refusals: [] });
  });

  it('is a no-op for the same version with the same content', () => {
    const p = playerProduct();
    expect(plan(p, p, { digest: digestOf(toCandidate(p).documents) })).toMatchObject({ status: 'unchanged', previousVersion: '1.0.0' });
  });

  it('refuses the same version with other content', () => {
    const result = plan(playerProduct(), playerProduct(), { digest: 'sha256:other' });
    expect(result.status).toBe('refused');
    expect(result.refusals[0]).toMatchObject({ code: 'version-exists' });
    expect(result.refusals[0].message).toContain('by bob on 2026-01-01');
  });

  it('refuses versions that are not greater than the latest', () => {
    for (const version of ['0.9.0', '1.0.0-rc.1']) {
      expect(plan(withVersion(playerProduct(), version), playerProduct()).refusals.map((r) => r.code)).toEqual(['version-not-greater']);
    }
    expect(plan(withVersion(playerProduct(), 'one'), playerProduct()).refusals.map((r) => r.code)).toEqual(['invalid-version']);
  });

  it('needs a new major version for breaking changes, also from 0.x', () => {
    const refused = plan(breaking('1.1.0'), playerProduct());
    expect(refused.refusals.map((r) => r.code)).toEqual(['breaking-needs-major']);
    expect(refused.refusals[0].message).toContain('(2.0.0)');
    expect(refused.affectedPorts).toEqual(['events']);
    expect(plan(breaking('2.0.0'), playerProduct())).toMatchObject({ status: 'publish', previousVersion: '1.0.0' });
    expect(plan(breaking('2.0.0-beta.1'), playerProduct()).status).toBe('publish');
    expect(plan(breaking('0.3.0'), withVersion(playerProduct(), '0.2.0')).refusals.map((r) => r.code)).toEqual(['breaking-needs-major']);
    expect(plan(breaking('1.0.0'), withVersion(playerProduct(), '0.2.0')).status).toBe('publish');
  });

  it('lists both reasons when a version is lower and breaking', () => {
    const old = withVersion(playerProduct(), '1.5.0');
    expect(plan(breaking('1.4.0'), old).refusals.map((r) => r.code)).toEqual(['version-not-greater', 'breaking-needs-major']);
  });

  it('accepts non-breaking changes under any greater version', () => {
    const next = withVersion(playerProduct(), '1.0.1');
    next.descriptor.description.purpose = 'Clearer purpose.';
    expect(plan(next, playerProduct())).toMatchObject({ status: 'publish', affectedPorts: [] });
  });

  it('computes the next major', () => {
    expect(nextMajor('1.4.2')).toBe('2.0.0');
    expect(nextMajor('0.1.0')).toBe('1.0.0');
  });
});

describe('digestOf', () => {
  it('ignores key order, comments and formatting, not content', () => {
    const a = toCandidate(playerProduct()).documents;
    const reordered = clone(a);
    reordered.descriptor.value = Object.fromEntries(Object.entries(a.descriptor.value).reverse());
    reordered.descriptor.text = `# a comment\n${a.descriptor.text}`;
    expect(digestOf(reordered)).toBe(digestOf(a));
    const changed = clone(a);
    changed.descriptor.value.status = 'deprecated';
    expect(digestOf(changed)).not.toBe(digestOf(a));
    const renamed = clone(a);
    renamed.contracts[0].file = 'contracts/other.odcs.yaml';
    expect(digestOf(renamed)).not.toBe(digestOf(a));
  });
});
