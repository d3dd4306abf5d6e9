/**
 * Conformance of the reads made for the server, on every backend: the product
 * page in one read, a version as JSON text, and searches whose prefix terms
 * a long-lived store rewrites into exact words (see src/catalog/vocabulary.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogStore } from '../../src/catalog/store.js';
import { BODY_FORMAT, renderProductPage, versionBodies } from '../../src/server/page-bodies.js';
import { isLater } from '../../src/server/page-cache.js';
import { clone, listenerProduct, playerProduct, streamingMesh, toCandidate, withVersion, publishLocally } from '../support/catalog.js';
import type { StoreHarness } from './suite.js';

const T0 = new Date('2026-01-02T03:04:05.678Z');

export function storeReadsConformance(name: string, makeHarness: () => Promise<StoreHarness>): void {
  describe(`catalog store reads for the server: ${name}`, () => {
    let h: StoreHarness;
    let store: CatalogStore;
    const publish = (products: ReturnType<typeof playerProduct>[], target = store) =>
      publishLocally(target, products.map(toCandidate), { publisher: 'ana@example.com', now: () => T0 });

    beforeEach(async () => {
      h = await makeHarness();
      store = h.store;
      await publish(streamingMesh());
    });
    afterEach(async () => {
      await h.cleanup();
    });

    it('reads the product page at once, as the separate reads give it', async () => {
      const next = withVersion(listenerProduct(), '1.1.0');
      next.descriptor.description.usage = 'Read it again.';
      await publish([next]);
      for (const version of [undefined, '1.0.0', '1.1.0']) {
        const record = (await store.getVersion('listener-sessions', version))!;
        expect(await store.productPage('listener-sessions', version)).toEqual({
          shown: { productId: 'listener-sessions', version: record.version, name: record.name, publishedAt: record.publishedAt },
          record,
          versions: await store.listVersions('listener-sessions'),
          upstream: await store.upstream('listener-sessions'),
          consumers: await store.consumers('listener-sessions'),
          stamp: await store.changeStamp!(),
        });
        // Without its links (the server has them from its index): the rest unchanged.
        const withLinks = (await store.productPage('listener-sessions', version))!;
        expect(await store.productPage('listener-sessions', version, undefined, { links: false })).toEqual({ ...withLinks, upstream: [], consumers: [] });
      }
      expect((await store.productPage('play-events'))!.consumers.length).toBeGreaterThan(0);
      expect((await store.productPage('listener-sessions'))!.versions.map((v) => v.version)).toEqual(['1.1.0', '1.0.0']);
      expect(await store.productPage('nope')).toBeUndefined();
      expect(await store.productPage('listener-sessions', '9.9.9')).toBeUndefined();
    });

    it('gives each product page the stamp of the state it was read in, which grows with every publish', async () => {
      const before = (await store.productPage('listener-sessions'))!.stamp;
      expect(before).toBe(await store.changeStamp!());
      await publish([withVersion(listenerProduct(), '1.2.0')]);
      const after = await store.changeStamp!();
      expect(isLater(after, before)).toBe(true);
      // Pages read together (one query on PostgreSQL) each carry it, with their own product.
      const pages = await Promise.all(['listener-sessions', 'play-events', 'nope', 'listener-sessions'].map((id) => store.productPage(id, undefined, '', { links: false })));
      expect(pages.map((p) => p && [p.shown.productId, p.stamp])).toEqual([['listener-sessions', after], ['play-events', after], undefined, ['listener-sessions', after]]);
      expect(pages[0]!.shown.version).toBe('1.2.0');
    });

    it('tells what changed since a stamp: the products that published, and those linked to them now', async () => {
      const start = await store.changeStamp!();
      expect(await store.changedSince!(start)).toEqual({ changed: [], linked: [] });
      // listener-sessions consumes play-events and is consumed by playlist-features.
      await publish([withVersion(listenerProduct(), '1.1.0')]);
      const sorted = (c: { changed: string[]; linked: string[] } | undefined) => c && { changed: [...c.changed].sort(), linked: [...c.linked].sort() };
      expect(sorted(await store.changedSince!(start))).toEqual({ changed: ['listener-sessions'], linked: ['play-events', 'playlist-features'] });
      const middle = await store.changeStamp!();
      await publish([withVersion(playerProduct(), '1.1.0')]);
      expect(sorted(await store.changedSince!(middle))).toEqual({ changed: ['play-events'], linked: ['listener-sessions'] });
      expect(sorted(await store.changedSince!(start))).toEqual({ changed: ['listener-sessions', 'play-events'], linked: ['listener-sessions', 'play-events', 'playlist-features'] });
      expect(await store.changedSince!(await store.changeStamp!())).toEqual({ changed: [], linked: [] });
    });

    it('answers searches asked for together (one query on a PostgreSQL server) as one by one', async () => {
      const texts = ['sessions', 'play', 'listener events', 'nothingmatches', 'features', 'play', 'tables daily', 'p'];
      const alone = [];
      for (const text of texts) alone.push(await store.listProducts({ text, limit: 2 }));
      const together = await Promise.all(texts.map((text) => store.listProducts({ text, limit: 2 })));
      expect(together).toEqual(alone);
    });

    it('gives lists and searches the stamp of the state they were read in, with or without matches', async () => {
      const stamp = await store.changeStamp!();
      for (const filter of [{}, { text: 'sessions' }, { text: 'sessions', offset: 1, limit: 1 }, { text: 'nothingmatches' }, { domain: 'nowhere' }]) {
        expect((await store.listProducts(filter)).stamp, JSON.stringify(filter)).toBe(stamp);
      }
      await publish([withVersion(listenerProduct(), '1.2.0')]);
      const after = await store.changeStamp!();
      expect(isLater(after, stamp)).toBe(true);
      expect((await store.listProducts({ text: 'listener' })).stamp).toBe(after);
      expect((await store.listProducts()).stamp).toBe(after);
    });

    it('keeps bodies rendered at publish with their version, and gives one instead of the documents', async () => {
      const next = withVersion(playerProduct(), '1.1.0');
      await publishLocally(store, [toCandidate(next)], {
        publisher: 'ana@example.com',
        now: () => T0,
        // U+0001 joins a stored body's parts (src/server/page-bodies.ts): every backend must keep it.
        bodies: (v) => [{ format: 'f1', body: `body of ${v.productId}@${v.version}\u0001ü 日本` }, { format: 'f2', body: 'other' }],
      });
      const page = (await store.productPage('play-events', undefined, 'f1'))!;
      expect(page).toMatchObject({ shown: { productId: 'play-events', version: '1.1.0' } });
      // Text or bytes (SQLite gives bytes, which the server sends without decoding).
      expect(String(page.body)).toBe('body of play-events@1.1.0\u0001ü 日本');
      expect(page.record).toBeUndefined();
      expect(page.versions.map((v) => v.version)).toEqual(['1.1.0', '1.0.0']);
      expect(String((await store.productPage('play-events', undefined, 'f2'))!.body)).toBe('other');
      // Another format, or a version published without bodies: the documents.
      expect((await store.productPage('play-events', undefined, 'f3'))!.record!.version).toBe('1.1.0');
      const older = (await store.productPage('play-events', '1.0.0', 'f1'))!;
      expect(older.body).toBeUndefined();
      expect(older.record!.version).toBe('1.0.0');
      expect(await store.checkIntegrity()).toEqual([]);
      await expect(h.raw("UPDATE version_bodies SET body = '<script>'")).rejects.toThrow(/immutable/);
      await expect(h.raw('DELETE FROM version_bodies')).rejects.toThrow(/immutable|cannot be deleted/);
      expect(String((await store.productPage('play-events', undefined, 'f1'))!.body)).toBe('body of play-events@1.1.0\u0001ü 日本');
    });

    it('keeps a page body the server renders, so that the page from it is the page from the documents', async () => {
      const next = withVersion(playerProduct(), '1.1.0');
      next.descriptor.description.purpose = 'Ünïcödé ✓ 日本語 \u0001 <b>';
      await publishLocally(store, [toCandidate(next)], { publisher: 'ana@example.com', now: () => T0, bodies: versionBodies });
      const withBody = (await store.productPage('play-events', undefined, BODY_FORMAT))!;
      const fromDocuments = (await store.productPage('play-events', undefined, 'no-such-format'))!;
      expect(withBody.body).toBeDefined();
      expect(fromDocuments.body).toBeUndefined();
      const page = renderProductPage(withBody, T0).toString('utf8');
      expect(page).toBe(renderProductPage(fromDocuments, T0).toString('utf8'));
      expect(page).toContain('Ünïcödé ✓ 日本語 \uFFFD &lt;b&gt;');
    });

    it('gives a version as JSON text equal to the record, without parsing the documents', async () => {
      for (const version of [undefined, '1.0.0']) {
        const { json: text, stamp } = (await store.versionJson('play-events', version))!;
        expect(JSON.parse(text)).toEqual(await store.getVersion('play-events', version));
        expect(text).toBe(JSON.stringify(await store.getVersion('play-events', version)));
        expect(stamp).toBe(await store.changeStamp!());
      }
      // Asked for together (one query on PostgreSQL): each its own.
      const together = await Promise.all(['play-events', 'nope', 'listener-sessions'].map((id) => store.versionJson(id)));
      expect(together.map((r) => r && JSON.parse(r.json).productId)).toEqual(['play-events', undefined, 'listener-sessions']);
      expect(await store.versionJson('nope')).toBeUndefined();
      expect(await store.versionJson('play-events', '9.9.9')).toBeUndefined();
    });

    it('finds words published after the first search, also by another connection', async () => {
      const ids = async (text: string) => (await store.listProducts({ text })).items.map((p) => p.id);
      expect(await ids('zebr')).toEqual([]);
      expect(await ids('play')).toEqual(['play-events', 'playlist-features', 'listener-sessions']);
      const other = await h.reopen();
      try {
        const changed = withVersion(playerProduct(), '1.1.0');
        changed.descriptor.description.usage = 'Zebras and playgrounds.';
        await publish([changed], other);
      } finally {
        await other.close();
      }
      expect(await ids('zebr')).toEqual(['play-events']);
      expect(await ids('playg')).toEqual(['play-events']);
      expect(await ids('zebras play')).toEqual(['play-events']);
      expect(await ids('zebras nonexistentword')).toEqual([]);
    });

    it('pages searches matching many products, and few, in the same order', async () => {
      const bulk = Array.from({ length: 205 }, (_, i) => {
        const p = clone(playerProduct());
        p.descriptor.id = `bulk-${i}`;
        p.descriptor.name = `Bulk ${i}`;
        return p;
      });
      const before = await store.changeStamp!();
      await publish(bulk);
      // More versions than a server's cache would drop one by one: too many to list.
      expect(await store.changedSince!(before)).toBeUndefined();
      const page = (text: string, offset = 0) => store.listProducts({ text, limit: 25, offset });
      const many = await page('bulk');
      expect(many.total).toBe(205);
      expect(many.items.map((p) => p.id)).toEqual(Array.from({ length: 25 }, (_, i) => `bulk-${i}`));
      expect((await page('bulk', 200)).items.map((p) => p.id)).toEqual(['bulk-200', 'bulk-201', 'bulk-202', 'bulk-203', 'bulk-204']);
      // Title matches first, then the others, each in order of first appearance; the same through both ways of reading.
      const plays = await store.listProducts({ text: 'play', limit: 1000 });
      expect(plays.total).toBe(208);
      expect(plays.items.slice(0, 4).map((p) => p.id)).toEqual(['play-events', 'playlist-features', 'listener-sessions', 'bulk-0']);
      expect(plays.items[207].id).toBe('bulk-204');
      expect((await store.listProducts({ text: 'play', limit: 2, offset: 206 })).items.map((p) => p.id)).toEqual(['bulk-203', 'bulk-204']);
      expect((await store.listProducts({ text: 'play', limit: 2, offset: 1 })).items.map((p) => p.id)).toEqual(['playlist-features', 'listener-sessions']);
      expect((await page('bulk 17')).items.map((p) => p.id)).toEqual(['bulk-17', ...Array.from({ length: 10 }, (_, i) => `bulk-17${i}`)]);
    });

    it('searches as a one-shot store does, whatever the words, filters and page (a server searches in memory)', async () => {
      const words = ['alpha', 'alps', 'alpine', 'beta', 'bet', 'gamma', 'gam', 'delta', 'omega', 'om', 'données', 'café', 'straße', 'naïve'];
      const pick = (i: number, k: number) => words[(i * 7 + k * 3) % words.length];
      const generated = Array.from({ length: 60 }, (_, i) => {
        const p = clone(playerProduct());
        p.descriptor.id = `gen-${i}`;
        p.descriptor.name = `${pick(i, 0)} ${i}`;
        p.descriptor.domain = ['red', 'green', 'blue'][i % 3];
        p.descriptor.team = { ...p.descriptor.team, name: `team-${i % 4}` };
        p.descriptor.description = { ...p.descriptor.description, purpose: `${pick(i, 1)} ${pick(i, 2)} item ${i * 13}` };
        p.descriptor.tags = [pick(i, 3)];
        return p;
      });
      await publish(generated);
      const all = ['al', 'alp', 'alpha', 'alps 1', 'bet', 'beta gamma', 'gam om', 'omega 13', '1', '13', 'item 2', 'renamed', 'renamed al', 'zzz', 'gen', 'gen 4', 'events', 'play al',
        // Words other than ASCII in the catalog: ASCII terms (in memory on a server) and others (the queries).
        'donn', 'donne', 'caf', 'cafe', 'café', 'stra', 'strasse', 'straße', 'naive', 'na 2'];
      const compare = async () => {
        const reference = await h.oneShot();
        try {
          for (const text of all) {
            for (const filter of [{}, { domain: 'red' }, { team: 'team-1', domain: 'green' }, { status: 'nope' }]) {
              for (const [limit, offset] of [[25, 0], [3, 0], [4, 5], [10, 58]]) {
                const f = { text, ...filter, limit, offset };
                const { stamp: _got, ...got } = await store.listProducts(f);
                const { stamp: _want, ...want } = await reference.listProducts(f);
                expect(got, JSON.stringify(f)).toEqual(want);
              }
            }
          }
        } finally {
          await reference.close();
        }
      };
      await compare();
      // Every fifth product changes its words: its old ones no longer find it, its new ones do.
      await publish(generated.filter((_, i) => i % 5 === 0).map((p, i) => {
        const changed = withVersion(p, '1.1.0');
        changed.descriptor.description = { ...changed.descriptor.description, purpose: `${pick(i + 1, 1)} renamed` };
        return changed;
      }));
      await compare();
    });

    it('keeps prefix semantics for words with other letters than ASCII', async () => {
      const changed = withVersion(playerProduct(), '1.1.0');
      changed.descriptor.description.usage = 'Données für Straße.';
      await publish([changed]);
      const ids = async (text: string) => (await store.listProducts({ text })).items.map((p) => p.id);
      expect(await ids('donn')).toEqual(['play-events']);
      expect(await ids('straße')).toEqual(['play-events']);
      expect(await ids('play')).toEqual(['play-events', 'playlist-features', 'listener-sessions']);
      expect(await ids('sessions')).toEqual(['listener-sessions', 'playlist-features']);
    });
  });
}
