/** Product pages from bodies rendered once at publish: the same page as rendered from the documents, slots filled at each request. */
import { describe, expect, it } from 'vitest';
import { newVersion } from '../../src/catalog/record.js';
import type { Edge, VersionSummary } from '../../src/catalog/store.js';
import { BODY_FORMAT, readBody, renderProductPage as renderPageBytes, versionBodies } from '../../src/server/page-bodies.js';
import { renderProduct } from '../../src/server/pages/product.js';
import { playerProduct, toCandidate } from '../support/catalog.js';

const NOW = new Date('2026-05-01T12:00:00Z');
const renderProductPage = (...a: Parameters<typeof renderPageBytes>) => renderPageBytes(...a).toString('utf8');

function version(mutate: (d: Record<string, any>) => void = () => {}) {
  const p = playerProduct();
  mutate(p.descriptor);
  return newVersion(toCandidate(p), { digest: 'sha256:' + 'b'.repeat(64), publisher: 'ana', publishedAt: '2026-04-30T12:00:00.000Z', previousVersion: null, changes: [] });
}

const summary = (v: string, at: string): VersionSummary => ({ productId: 'play-events', version: v, digest: 'd', publisher: 'ana', publishedAt: at, previousVersion: null, changes: [] });
const consumers: Edge[] = [{ from: { product: 'play-events', port: 'events', contractId: 'play-events-events' }, to: { product: 'listener-sessions', port: 'upstream' } }];
const upstream: Edge[] = [{ from: { product: 'ingest', port: 'raw', contractId: 'raw' }, to: { product: 'play-events', port: 'source' } }];

describe('product page bodies', () => {
  it('gives, filled, exactly the page rendered from the documents, for the latest and an older version', () => {
    const v = version();
    const [stored] = versionBodies(v);
    expect(stored.format).toBe(BODY_FORMAT);
    for (const versions of [[summary(v.version, v.publishedAt)], [summary('2.0.0', '2026-04-30T13:00:00.000Z'), summary(v.version, v.publishedAt)]]) {
      const live = renderProduct({ record: v, versions, upstream, consumers, now: NOW });
      const shown = { productId: v.productId, version: v.version, name: v.name, publishedAt: v.publishedAt };
      expect(renderProductPage({ shown, body: stored.body, versions, upstream, consumers }, NOW)).toBe(live);
      expect(renderProductPage({ shown, record: v, versions, upstream, consumers }, NOW)).toBe(live);
    }
    const page = renderProductPage({ shown: { productId: v.productId, version: v.version, name: v.name, publishedAt: v.publishedAt }, body: stored.body, versions: [summary('2.0.0', v.publishedAt)], upstream, consumers }, NOW);
    expect(page).toMatch(/Consumed by: <a href="\/products\/listener-sessions">listener-sessions<\/a>/);
    expect(page).toContain('older version');
    expect(page).toContain('1 day ago');
  });

  it('keeps NUL characters of the data out of the slots (escaped as U+FFFD) and escapes markup', () => {
    const v = version((d) => {
      d.description.purpose = 'a\u00000\u0000b\u00011\u0001c <script>alert(1)</script>';
    });
    const [stored] = versionBodies(v);
    const parts = readBody(stored.body);
    expect(parts.filter((p) => !Buffer.isBuffer(p)).map((p) => (p as { slot: string }).slot)).toEqual(expect.arrayContaining(['notice', 'age', 'consumers', 'lineage', 'versions']));
    const page = renderProductPage({ shown: { productId: v.productId, version: v.version, name: v.name, publishedAt: v.publishedAt }, body: stored.body, versions: [], upstream: [], consumers: [] }, NOW);
    expect(page).toContain('a\uFFFD0\uFFFDb\uFFFD1\uFFFDc &lt;script&gt;');
    expect(page).not.toContain('<script>alert');
    expect(page).not.toMatch(/[\u0000\u0001]/);
  });

  it('reads a body from its bytes as from its text, with names of any script in the slots', () => {
    const v = version((d) => {
      d.outputPorts[0].name = 'événements';
      d.description.usage = 'Ünïcödé ✓ 日本語';
    });
    const [stored] = versionBodies(v);
    const fromText = readBody(stored.body);
    const fromBytes = readBody(Buffer.from(stored.body, 'utf8'));
    expect(fromBytes).toEqual(fromText);
    expect(fromText.filter((p) => !Buffer.isBuffer(p))).toContainEqual({ slot: 'consumers', port: 'événements' });
    const shown = { productId: v.productId, version: v.version, name: v.name, publishedAt: v.publishedAt };
    const page = renderProductPage({ shown, body: Buffer.from(stored.body, 'utf8'), versions: [], upstream: [], consumers: [] }, NOW);
    expect(page).toBe(renderProductPage({ shown, record: v, versions: [], upstream: [], consumers: [] }, NOW));
    expect(page).toContain('Ünïcödé ✓ 日本語');
  });
});
