/**
 * Change tracking on every backend (the change stamp, what changed since one,
 * the cursor of products since one), and the server's read model built on it
 * (src/server/read-model/): what it answers from memory is what the store's
 * queries answer, before and after other connections publish.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogStore, ProductFilter } from '../../src/catalog/store.js';
import { CatalogModel } from '../../src/server/read-model/catalog-model.js';
import { ServerReads } from '../../src/server/read-model/reads.js';
import { isLater } from '../../src/server/read-model/stamp-reader.js';
import { clone, listenerProduct, playerProduct, streamingMesh, toCandidate, withVersion, publishLocally } from '../support/catalog.js';
import type { StoreHarness } from './suite.js';

const T0 = new Date('2026-01-02T03:04:05.678Z');

export function readModelConformance(name: string, makeHarness: () => Promise<StoreHarness>): void {
  describe(`change tracking and the server's read model: ${name}`, () => {
    let h: StoreHarness;
    let store: CatalogStore;
    const publish = (products: ReturnType<typeof playerProduct>[], target = store, now = T0) =>
      publishLocally(target, products.map(toCandidate), { publisher: 'ana@example.com', now: () => now });
    /** Publishes through another connection, as another server instance or a local `dp publish` would. */
    const publishElsewhere = async (products: ReturnType<typeof playerProduct>[], now = T0) => {
      const other = await h.reopen();
      try {
        await publish(products, other, now);
      } finally {
        await other.close();
      }
    };

    beforeEach(async () => {
      h = await makeHarness();
      store = h.store;
      await publish(streamingMesh());
    });
    afterEach(async () => {
      await h.cleanup();
    });

    it('keeps no rendered pages: the table earlier versions of dp wrote them to is gone', async () => {
      await expect(h.raw('SELECT count(*) FROM version_bodies')).rejects.toThrow(/version_bodies/);
    });

    it('gives a change stamp that grows with every publish, by any connection, and only then', async () => {
      const before = await store.changeStamp();
      expect(await store.changeStamp()).toBe(before);
      await publishElsewhere([withVersion(listenerProduct(), '1.2.0')]);
      const after = await store.changeStamp();
      expect(isLater(after, before)).toBe(true);
    });

    it('tells what changed since a stamp: the products that published, and those linked to them now', async () => {
      const start = await store.changeStamp();
      expect(await store.changedSince(start)).toEqual({ changed: [], linked: [] });
      // listener-sessions consumes play-events and is consumed by playlist-features.
      await publish([withVersion(listenerProduct(), '1.1.0')]);
      const sorted = (c: { changed: string[]; linked: string[] } | undefined) => c && { changed: [...c.changed].sort(), linked: [...c.linked].sort() };
      expect(sorted(await store.changedSince(start))).toEqual({ changed: ['listener-sessions'], linked: ['play-events', 'playlist-features'] });
      const middle = await store.changeStamp();
      await publish([withVersion(playerProduct(), '1.1.0')]);
      expect(sorted(await store.changedSince(middle))).toEqual({ changed: ['play-events'], linked: ['listener-sessions'] });
      expect(sorted(await store.changedSince(start))).toEqual({
        changed: ['listener-sessions', 'play-events'],
        linked: ['listener-sessions', 'play-events', 'playlist-features'],
      });
      expect(await store.changedSince(await store.changeStamp())).toEqual({ changed: [], linked: [] });
    });

    it('gives the products whose latest version is newer than a stamp, with their ports and search words, and the stamp it read', async () => {
      const all = await store.productsSince('0');
      expect(all.stamp).toBe(await store.changeStamp());
      expect(all.products.map((p) => p.summary.id)).toEqual(['play-events', 'listener-sessions', 'playlist-features']);
      const listener = all.products[1];
      expect(listener.summary).toEqual((await store.listProducts({ text: 'listener' })).items[0]);
      expect(listener.ports).toEqual((await store.getVersion('listener-sessions'))!.ports);
      expect(listener.searchTitle.split(' ')).toEqual(expect.arrayContaining(['listener', 'sessions']));
      expect(listener.order).toBeGreaterThan(all.products[0].order);
      expect(await store.productsSince(all.stamp)).toEqual({ stamp: all.stamp, products: [] });
      await publishElsewhere([withVersion(listenerProduct(), '1.1.0')]);
      const next = await store.productsSince(all.stamp);
      expect(isLater(next.stamp, all.stamp)).toBe(true);
      expect(next.products.map((p) => [p.summary.id, p.summary.version, p.order])).toEqual([['listener-sessions', '1.1.0', listener.order]]);
    });

    it('answers lists, facets and links from memory as the store does, and follows publishes of other connections', async () => {
      const model = new CatalogModel(store);
      const compare = async () => {
        const m = await model.current();
        expect(m.stamp).toBe(await store.changeStamp());
        for (const filter of [
          {},
          { domain: 'listener' },
          { team: 'nope' },
          { limit: 1, offset: 1 },
          { publishedSince: '2026-01-01T00:00:00.000Z' },
          { publishedSince: '2027-01-01T00:00:00Z' },
        ] as ProductFilter[]) {
          expect(m.listProducts(filter), JSON.stringify(filter)).toEqual(await store.listProducts(filter));
        }
        expect(m.facets()).toEqual(await store.facets());
        expect(m.edges()).toEqual(await store.edges());
        for (const id of ['play-events', 'listener-sessions', 'playlist-features', 'nope']) {
          expect(m.consumers(id)).toEqual(await store.consumers(id));
          expect(m.upstream(id)).toEqual(await store.upstream(id));
        }
        expect(m.consumers('play-events', 'events')).toEqual(await store.consumers('play-events', 'events'));
      };
      await compare();
      const start = model.stamp;
      // A new version drops its input port: the link to play-events goes.
      const changed = withVersion(listenerProduct(), '2.0.0');
      changed.descriptor.inputPorts = [];
      await publishElsewhere([changed], new Date('2026-02-01T00:00:00.000Z'));
      await compare();
      const changes = model.changedSince(start)!;
      expect(changes.changed).toEqual(['listener-sessions']);
      expect(changes.linked.sort()).toEqual(['playlist-features']);
      expect(model.changedSince(model.stamp)).toEqual({ changed: [], linked: [] });
      expect(model.changedSince('12345678')).toBeUndefined();
    });

    it('reads a product page of one state: the record, its history up to that state, its links', async () => {
      const reads = new ServerReads(new CatalogModel(store), store);
      const page = (await reads.productPage('listener-sessions'))!;
      expect(page.record).toEqual(await store.getVersion('listener-sessions'));
      expect(page.versions).toEqual(await store.listVersions('listener-sessions'));
      expect(page.upstream).toEqual(await store.upstream('listener-sessions'));
      expect(page.consumers).toEqual(await store.consumers('listener-sessions'));
      expect(page.stamp).toBe(await store.changeStamp());
      expect(await reads.productPage('nope')).toBeUndefined();
      expect(await reads.productPage('listener-sessions', '9.9.9')).toBeUndefined();
      await publish([withVersion(listenerProduct(), '1.1.0')]);
      expect((await reads.productPage('listener-sessions', '1.0.0'))!.versions.map((v) => v.version)).toEqual(['1.1.0', '1.0.0']);
      expect((await reads.versions('listener-sessions')).value.map((v) => v.version)).toEqual(['1.1.0', '1.0.0']);
      expect((await reads.version('listener-sessions'))!.value).toEqual(await store.getVersion('listener-sessions'));
      // Histories of several products at once (what a server reads together on PostgreSQL), as one by one.
      const many = await store.listVersionsOf(['listener-sessions', 'nope', 'play-events', 'listener-sessions']);
      expect([...many.keys()].sort()).toEqual(['listener-sessions', 'play-events']);
      expect(many.get('listener-sessions')).toEqual(await store.listVersions('listener-sessions'));
      expect(many.get('play-events')).toEqual(await store.listVersions('play-events'));
    });

    it('finds words published after the first search, also by another connection', async () => {
      const model = new CatalogModel(store);
      const both = async (text: string) => {
        const fromStore = (await store.listProducts({ text })).items.map((p) => p.id);
        expect(
          (await model.current()).listProducts({ text }).items.map((p) => p.id),
          text,
        ).toEqual(fromStore);
        return fromStore;
      };
      expect(await both('zebr')).toEqual([]);
      expect(await both('play')).toEqual(['play-events', 'playlist-features', 'listener-sessions']);
      const changed = withVersion(playerProduct(), '1.1.0');
      changed.descriptor.description.usage = 'Zebras and playgrounds.';
      await publishElsewhere([changed]);
      expect(await both('zebr')).toEqual(['play-events']);
      expect(await both('playg')).toEqual(['play-events']);
      expect(await both('zebras play')).toEqual(['play-events']);
      expect(await both('zebras nonexistentword')).toEqual([]);
    });

    it('pages searches matching many products, and few, in the same order', async () => {
      const bulk = Array.from({ length: 205 }, (_, i) => {
        const p = clone(playerProduct());
        p.descriptor.id = `bulk-${i}`;
        p.descriptor.name = `Bulk ${i}`;
        return p;
      });
      const before = await store.changeStamp();
      await publish(bulk);
      // More versions than a server's cache would drop one by one: too many to list.
      expect(await store.changedSince(before)).toBeUndefined();
      const page = (text: string, offset = 0) => store.listProducts({ text, limit: 25, offset });
      const many = await page('bulk');
      expect(many.total).toBe(205);
      expect(many.items.map((p) => p.id)).toEqual(Array.from({ length: 25 }, (_, i) => `bulk-${i}`));
      expect((await page('bulk', 200)).items.map((p) => p.id)).toEqual(['bulk-200', 'bulk-201', 'bulk-202', 'bulk-203', 'bulk-204']);
      // Title matches first, then the others, each in order of first appearance.
      const plays = await store.listProducts({ text: 'play', limit: 1000 });
      expect(plays.total).toBe(208);
      expect(plays.items.slice(0, 4).map((p) => p.id)).toEqual(['play-events', 'playlist-features', 'listener-sessions', 'bulk-0']);
      expect(plays.items[207].id).toBe('bulk-204');
      expect((await store.listProducts({ text: 'play', limit: 2, offset: 206 })).items.map((p) => p.id)).toEqual(['bulk-203', 'bulk-204']);
      expect((await store.listProducts({ text: 'play', limit: 2, offset: 1 })).items.map((p) => p.id)).toEqual(['playlist-features', 'listener-sessions']);
      expect((await page('bulk 17')).items.map((p) => p.id)).toEqual(['bulk-17', ...Array.from({ length: 10 }, (_, i) => `bulk-17${i}`)]);
    });

    it('searches in memory as the store does, whatever the words, filters and page', async () => {
      const words = [
        'alpha',
        'alps',
        'alpine',
        'beta',
        'bet',
        'gamma',
        'gam',
        'delta',
        'omega',
        'om',
        'données',
        'DONNEES',
        'café',
        'straße',
        'STRASSE',
        'naïve',
        '2nd',
        '1e5',
        '東京',
        'йогурт',
        'Иод',
        'άλφα',
        'ΩΜΈΓΑ',
        'λόγος',
        'ﬁlm',
        'ＤＡＴＡ',
      ];
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
      await publish(generated, store, new Date('2026-01-05T00:00:00.000Z'));
      const model = new CatalogModel(store);
      const all = [
        'al',
        'alp',
        'alpha',
        'alps 1',
        'bet',
        'beta gamma',
        'gam om',
        'omega 13',
        '1',
        '13',
        'item 2',
        'renamed',
        'renamed al',
        'zzz',
        'gen',
        'gen 4',
        'events',
        'play al',
        'donn',
        'donne',
        'donné',
        'caf',
        'cafe',
        'café',
        'stra',
        'strasse',
        'straße',
        'naive',
        'naï',
        'na 2',
        '2n',
        '1e',
        '東',
        '東京 gen',
        // Accented and unaccented, both ways, in capitals too; scripts where folding matters beyond Latin; compatibility forms.
        'donnees',
        'DONNÉES',
        'DONNE',
        'CAFÉ',
        'Naïve',
        'straß',
        'STRAẞE',
        'йог',
        'иог',
        'ЙОГУРТ',
        'иод',
        'ЙОД',
        'αλφα',
        'άλ',
        'ΆΛΦΑ',
        'ωμεγα',
        'ωμέ',
        'λογοσ',
        'λόγ',
        'film',
        'ﬁ',
        'ﬁlm',
        'data',
        'ｄａｔ',
        'DATA gen',
      ];
      const filters: ProductFilter[] = [
        {},
        { domain: 'red' },
        { team: 'team-1', domain: 'green' },
        { status: 'nope' },
        { publishedSince: '2026-01-04T00:00:00.000Z' },
      ];
      const compare = async () => {
        const m = await model.current();
        for (const text of all) {
          for (const filter of filters) {
            for (const [limit, offset] of [
              [25, 0],
              [3, 0],
              [4, 5],
              [10, 58],
            ]) {
              const f = { text, ...filter, limit, offset };
              expect(m.listProducts(f), JSON.stringify(f)).toEqual(await store.listProducts(f));
            }
          }
        }
      };
      await compare();
      // Every fifth product changes its words: its old ones no longer find it, its new ones do.
      await publishElsewhere(
        generated
          .filter((_, i) => i % 5 === 0)
          .map((p, i) => {
            const changed = withVersion(p, '1.1.0');
            changed.descriptor.description = { ...changed.descriptor.description, purpose: `${pick(i + 1, 1)} renamed` };
            return changed;
          }),
      );
      await compare();
    });

    it('keeps prefix semantics for words with other letters than ASCII, accents folded', async () => {
      const changed = withVersion(playerProduct(), '1.1.0');
      changed.descriptor.description.usage = 'Données für Straße.';
      await publish([changed]);
      const ids = async (text: string) => (await store.listProducts({ text })).items.map((p) => p.id);
      for (const text of ['donn', 'donnees', 'DONNÉES', 'donne', 'straße', 'strasse', 'STRASSE', 'fur', 'FÜR'])
        expect(await ids(text), text).toEqual(['play-events']);
      expect(await ids('play')).toEqual(['play-events', 'playlist-features', 'listener-sessions']);
      expect(await ids('sessions')).toEqual(['listener-sessions', 'playlist-features']);
    });
  });
}
