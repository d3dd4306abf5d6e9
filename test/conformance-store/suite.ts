/**
 * The store conformance suite: the same behaviour, checked on every backend.
 * Each backend's test file provides a factory for an empty store and a way to
 * run raw SQL on it (to prove the database itself refuses changes to versions).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogStore, NewVersion } from '../../src/catalog/store.js';
import { newVersion } from '../../src/catalog/record.js';
import { digestOf } from '../../src/catalog/canonical.js';
import { clone, listenerProduct, playerProduct, playlistProduct, streamingMesh, toCandidate, withVersion, publishLocally } from '../support/catalog.js';

export interface StoreHarness {
  store: CatalogStore;
  /** Runs one SQL statement directly on the database. */
  raw(sql: string): Promise<unknown>;
  /** A second, independent connection to the same catalog (for writing, unless told). */
  reopen(mode?: 'read' | 'write'): Promise<CatalogStore>;
  cleanup(): Promise<void>;
}

const T0 = new Date('2026-01-02T03:04:05.678Z');
const clock =
  (date = T0) =>
  () =>
    date;

export function storeConformance(name: string, makeHarness: () => Promise<StoreHarness>): void {
  describe(`catalog store conformance: ${name}`, () => {
    let h: StoreHarness;
    let store: CatalogStore;
    const publish = (products: ReturnType<typeof playerProduct>[], options: { dryRun?: boolean; publisher?: string; now?: () => Date } = {}) =>
      publishLocally(store, products.map(toCandidate), {
        publisher: options.publisher ?? 'ana@example.com',
        now: options.now ?? clock(),
        dryRun: options.dryRun,
      });

    beforeEach(async () => {
      h = await makeHarness();
      store = h.store;
    });
    afterEach(async () => {
      await h.cleanup();
    });

    it('starts empty', async () => {
      expect(await store.listProducts()).toEqual({ total: 0, items: [] });
      expect(await store.changeStamp()).toBe('0');
      expect(await store.productsSince('0')).toEqual({ stamp: '0', products: [] });
      expect(await store.edges()).toEqual([]);
      expect(await store.getVersion('play-events')).toBeUndefined();
      expect(await store.listVersions('play-events')).toEqual([]);
      expect(await store.facets()).toEqual({ domains: [], teams: [], statuses: [], quality: [] });
      expect(await store.checkIntegrity()).toEqual([]);
    });

    it('stores a first version with its documents, digest, publisher, time, validation and ports', async () => {
      const [outcome] = await publish([playerProduct()]);
      expect(outcome).toMatchObject({ productId: 'play-events', version: '1.0.0', status: 'published', previousVersion: null, changes: [], refusals: [] });
      const candidate = toCandidate(playerProduct());
      const record = (await store.getVersion('play-events'))!;
      expect(record.digest).toBe(digestOf(candidate.documents));
      expect(record.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(record.publisher).toBe('ana@example.com');
      expect(record.publishedAt).toBe(T0.toISOString());
      expect(record.documents.descriptor.text).toBe(candidate.documents.descriptor.text);
      expect(record.documents.descriptor.value).toEqual(candidate.documents.descriptor.value);
      expect(record.documents.contracts).toEqual(candidate.documents.contracts);
      expect(record.validation).toEqual(candidate.validation);
      expect(record).toMatchObject({ name: 'Play events', domain: 'player', team: 'player-team', status: 'active', previousVersion: null });
      expect(record.ports).toEqual([
        { direction: 'input', name: 'player-db', version: '1.0.0', contractId: 'player-db-plays', type: null },
        { direction: 'output', name: 'events', version: '1.0.0', contractId: 'play-events-events', type: 'tables' },
      ]);
      expect(await store.getVersion('play-events', '1.0.0')).toEqual(record);
      expect(await store.getVersion('play-events', '9.9.9')).toBeUndefined();
    });

    it('is idempotent for the same version and content, and refuses other content under the same version', async () => {
      await publish([playerProduct()]);
      const [again] = await publish([playerProduct()], { publisher: 'someone-else' });
      expect(again).toMatchObject({ status: 'unchanged', previousVersion: '1.0.0' });
      const changed = clone(playerProduct());
      changed.descriptor.description.purpose = 'Something else entirely.';
      const [refused] = await publish([changed]);
      expect(refused.status).toBe('refused');
      expect(refused.refusals.map((r) => r.code)).toEqual(['version-exists']);
      expect(refused.refusals[0].message).toMatch(/already published with different content/);
      expect((await store.listVersions('play-events')).length).toBe(1);
      expect((await store.getVersion('play-events'))!.publisher).toBe('ana@example.com');
    });

    it('refuses a version not greater than the latest', async () => {
      await publish([withVersion(playerProduct(), '1.2.0')]);
      const [lower] = await publish([withVersion(playerProduct(), '1.1.9')]);
      expect(lower.refusals.map((r) => r.code)).toEqual(['version-not-greater']);
      const [pre] = await publish([withVersion(playerProduct(), '1.2.0-rc.1')]);
      expect(pre.refusals.map((r) => r.code)).toEqual(['version-not-greater']);
    });

    it('refuses breaking changes without a new major version and names the consumers of the affected port', async () => {
      await publish(streamingMesh());
      const broken = withVersion(playerProduct(), '1.1.0');
      broken.contracts.events.schema[0].properties = broken.contracts.events.schema[0].properties.filter((p: { name: string }) => p.name !== 'played_at');
      const [outcome] = await publish([broken]);
      expect(outcome.status).toBe('refused');
      expect(outcome.refusals.map((r) => r.code)).toEqual(['breaking-needs-major']);
      expect(outcome.changes).toContainEqual(
        expect.objectContaining({ ruleId: 'field-removed', class: 'breaking', ports: ['events'], contractId: 'play-events-events' }),
      );
      expect(outcome.affectedConsumers).toEqual([
        { from: { product: 'play-events', port: 'events', contractId: 'play-events-events' }, to: { product: 'listener-sessions', port: 'upstream' } },
      ]);
      const [major] = await publish([withVersion(broken, '2.0.0')], { now: clock(new Date('2026-02-01T00:00:00.000Z')) });
      expect(major).toMatchObject({ status: 'published', previousVersion: '1.0.0' });
      const versions = await store.listVersions('play-events');
      expect(versions.map((v) => v.version)).toEqual(['2.0.0', '1.0.0']);
      expect(versions[0].changes.map((c) => c.ruleId)).toContain('field-removed');
      expect(versions[0].previousVersion).toBe('1.0.0');
      const found = (await store.listProducts({ text: 'play' })).items.find((p) => p.id === 'play-events');
      expect(found).toMatchObject({ id: 'play-events', version: '2.0.0', versionCount: 2 });
    });

    it('publishes non-breaking changes under a minor version, and dry runs write nothing', async () => {
      await publish([playerProduct()]);
      const next = withVersion(playerProduct(), '1.1.0');
      next.contracts.events.schema[0].properties.push({ name: 'country', logicalType: 'string', physicalType: 'varchar(2)', description: 'Country.' });
      const [dry] = await publish([next], { dryRun: true });
      expect(dry.status).toBe('would-publish');
      expect(dry.changes.map((c) => c.ruleId)).toEqual(['field-added']);
      expect((await store.listVersions('play-events')).length).toBe(1);
      const [real] = await publish([next]);
      expect(real.status).toBe('published');
      expect((await store.getVersion('play-events'))!.version).toBe('1.1.0');
    });

    it('lists with filters, pages and facets', async () => {
      await publish(streamingMesh());
      const all = await store.listProducts();
      expect(all.total).toBe(3);
      expect(all.items.map((p) => p.id)).toEqual(['listener-sessions', 'play-events', 'playlist-features']);
      expect(all.items[1]).toMatchObject({
        name: 'Play events',
        domain: 'player',
        team: 'player-team',
        status: 'active',
        purpose: 'Plays of tracks.',
        tags: ['player', 'streaming'],
        versionCount: 1,
        publisher: 'ana@example.com',
        publishedAt: T0.toISOString(),
      });
      expect((await store.listProducts({ domain: 'listener' })).items.map((p) => p.id)).toEqual(['listener-sessions']);
      expect((await store.listProducts({ team: 'playlist-team' })).items.map((p) => p.id)).toEqual(['playlist-features']);
      expect((await store.listProducts({ status: 'retired' })).total).toBe(0);
      const page = await store.listProducts({ limit: 2, offset: 1 });
      expect(page.total).toBe(3);
      expect(page.items.map((p) => p.id)).toEqual(['play-events', 'playlist-features']);
      expect((await store.listProducts({ publishedSince: '2026-01-03T00:00:00.000Z' })).total).toBe(0);
      expect((await store.listProducts({ publishedSince: '2026-01-01T00:00:00.000Z' })).total).toBe(3);
      expect(await store.facets()).toEqual({
        domains: [
          { value: 'listener', count: 1 },
          { value: 'player', count: 1 },
          { value: 'playlist', count: 1 },
        ],
        teams: [
          { value: 'listener-team', count: 1 },
          { value: 'player-team', count: 1 },
          { value: 'playlist-team', count: 1 },
        ],
        statuses: [{ value: 'active', count: 3 }],
        quality: [{ value: 'untested', count: 3 }],
      });
    });

    it('searches names, descriptions, tags and field names (every word, as a prefix)', async () => {
      await publish(streamingMesh());
      const ids = async (text: string) => (await store.listProducts({ text })).items.map((p) => p.id).sort();
      expect(await ids('platform')).toEqual(['play-events']); // a field name
      expect(await ids('listener_email')).toEqual(['listener-sessions', 'play-events', 'playlist-features']);
      expect(await ids('recommend')).toEqual(['playlist-features']); // description, prefix
      expect(await ids('STREAMING')).toEqual(['play-events']); // a tag, any case
      expect(await ids('sessions aggregated')).toEqual(['listener-sessions']);
      expect(await ids('sessions nonexistentword')).toEqual([]);
      expect(await ids('"; DROP TABLE products; -- \' OR 1=1 *')).toEqual([]);
      expect((await store.listProducts()).total).toBe(3);
      expect((await store.listProducts({ text: '   ' })).total).toBe(3);
      expect((await store.listProducts({ text: 'features', domain: 'listener' })).total).toBe(0);
      // Matches in the id or name rank first; pages run across both groups.
      expect((await store.listProducts({ text: 'sessions' })).items.map((p) => p.id)).toEqual(['listener-sessions', 'playlist-features']);
      expect(await store.listProducts({ text: 'sessions', limit: 1, offset: 1 })).toMatchObject({ total: 2, items: [{ id: 'playlist-features' }] });
      expect(await store.listProducts({ text: 'sessions', limit: 1 })).toMatchObject({ total: 2, items: [{ id: 'listener-sessions' }] });
      expect((await store.listProducts({ text: 'sessions', domain: 'playlist' })).items.map((p) => p.id)).toEqual(['playlist-features']);
    });

    it('orders matches outside ids and names by first appearance in the catalog', async () => {
      await publish([playlistProduct(), playerProduct(), listenerProduct()]);
      const all = await store.listProducts({ text: 'read' });
      expect(all.items.map((p) => p.id)).toEqual(['playlist-features', 'listener-sessions']);
      const next = withVersion(playlistProduct(), '1.1.0');
      next.descriptor.description.usage = 'Read the tables, again.';
      await publish([next]);
      expect((await store.listProducts({ text: 'read' })).items.map((p) => p.id)).toEqual(['playlist-features', 'listener-sessions']);
    });

    it('knows the edges of the mesh, consumers and upstream', async () => {
      await publish(streamingMesh());
      const edges = await store.edges();
      expect(edges).toEqual([
        {
          from: { product: 'listener-sessions', port: 'sessions', contractId: 'listener-sessions-sessions' },
          to: { product: 'playlist-features', port: 'upstream' },
        },
        { from: { product: 'play-events', port: 'events', contractId: 'play-events-events' }, to: { product: 'listener-sessions', port: 'upstream' } },
      ]);
      expect((await store.consumers('play-events')).map((e) => e.to.product)).toEqual(['listener-sessions']);
      expect((await store.consumers('play-events', 'events')).length).toBe(1);
      expect(await store.consumers('play-events', 'nope')).toEqual([]);
      expect((await store.upstream('playlist-features')).map((e) => e.from.product)).toEqual(['listener-sessions']);
      expect(await store.upstream('play-events')).toEqual([]);
    });

    it('follows only the latest versions for edges', async () => {
      await publish(streamingMesh());
      const moved = withVersion(listenerProduct(), '2.0.0');
      moved.descriptor.inputPorts = [
        { name: 'other', version: '1.0.0', contractId: 'somewhere-else', customProperties: [{ property: 'kind', value: 'stream' }] },
      ];
      await publish([moved]);
      expect((await store.consumers('play-events')).length).toBe(0);
    });

    it('knows which products publish a contract id, in their latest version only', async () => {
      await publish(streamingMesh());
      const found = await store.contractPublishers(['play-events-events', 'listener-sessions-sessions', 'nope.nothing', 'play-events-events']);
      expect([...found]).toEqual([
        ['listener-sessions-sessions', ['listener-sessions']],
        ['play-events-events', ['play-events']],
      ]);
      const renamed = withVersion(playerProduct(), '2.0.0');
      renamed.descriptor.outputPorts[0].contractId = 'play-events-events-v2';
      renamed.contracts.events.id = 'play-events-events-v2';
      await publish([renamed]);
      expect([...(await store.contractPublishers(['play-events-events', 'play-events-events-v2']))]).toEqual([['play-events-events-v2', ['play-events']]]);
      expect(await store.contractPublishers([])).toEqual(new Map());
    });

    it('refuses an input port reading a contract no product publishes, unless its producer comes in the same run', async () => {
      const alone = await publish([listenerProduct()]);
      expect(alone[0].status).toBe('refused');
      expect(alone[0].refusals[0]).toMatchObject({ code: 'input-unpublished' });
      expect(alone[0].refusals[0].message).toContain('`upstream` (reads `play-events-events`)');
      const together = await publish([listenerProduct(), playerProduct()]);
      expect(together.map((o) => o.status)).toEqual(['published', 'published']);
      const later = await publish([playlistProduct()]);
      expect(later[0].status).toBe('published');
    });

    it('appends under optimistic concurrency: a stale expectation stores nothing', async () => {
      await publish([playerProduct()]);
      const candidate = toCandidate(withVersion(playerProduct(), '1.5.0'));
      const entry: NewVersion = newVersion(candidate, {
        digest: digestOf(candidate.documents),
        publisher: 'x',
        publishedAt: T0.toISOString(),
        previousVersion: null,
        changes: [],
      });
      expect(await store.append([entry])).toEqual([{ status: 'stale', latest: '1.0.0' }]);
      expect(await store.append([{ ...entry, expectedLatest: '0.9.0' }])).toEqual([{ status: 'stale', latest: '1.0.0' }]);
      expect((await store.listVersions('play-events')).length).toBe(1);
      expect(await store.append([{ ...entry, expectedLatest: '1.0.0', previousVersion: '1.0.0' }])).toEqual([{ status: 'appended' }]);
      expect(await store.checkIntegrity()).toEqual([]);
    });

    it('refuses to update or delete published versions at the database level', async () => {
      await publish([playerProduct()]);
      await expect(h.raw("UPDATE versions SET digest = 'x'")).rejects.toThrow(/immutable/);
      await expect(h.raw('DELETE FROM versions')).rejects.toThrow(/immutable|cannot be deleted/);
      await expect(h.raw("UPDATE ports SET name = 'x'")).rejects.toThrow(/immutable/);
      await expect(
        h.raw(
          'INSERT INTO versions (product_id, version, digest, publisher, published_at, descriptor_file, descriptor_text, descriptor_json, contracts_json, validation_json, changes_json) SELECT product_id, version, digest, publisher, published_at, descriptor_file, descriptor_text, descriptor_json, contracts_json, validation_json, changes_json FROM versions',
        ),
      ).rejects.toThrow();
      expect((await store.getVersion('play-events'))!.digest).toMatch(/^sha256:/);
    });

    it('moves a product to another team only when the transfer is asked for, and records it as a change of owner', async () => {
      await publish([playerProduct()]);
      const moved = withVersion(playerProduct(), '1.1.0');
      moved.descriptor.team.name = 'listener-team';
      const [refused] = await publish([moved]);
      expect(refused.status).toBe('refused');
      expect(refused.refusals[0]).toMatchObject({ code: 'transfer-not-requested' });
      expect(refused.refusals[0].message).toMatch(/from team player-team to team listener-team.*--transfer-ownership/);
      expect((await store.getVersion('play-events'))!.team).toBe('player-team');
      const [done] = await publishLocally(store, [toCandidate(moved)], { publisher: 'ana', now: clock(), transferOwnership: true });
      expect(done.status).toBe('published');
      expect(done.changes).toContainEqual(
        expect.objectContaining({ ruleId: 'team-changed', class: 'ownership', before: 'player-team', after: 'listener-team' }),
      );
      expect((await store.listProducts()).items[0].team).toBe('listener-team');
      expect((await store.listVersions('play-events'))[0].changes.map((c) => c.ruleId)).toContain('team-changed');
      expect(await store.checkIntegrity()).toEqual([]);
    });

    it('refuses at the database level a head whose team changes without a recorded transfer, and deleting products', async () => {
      await publish([playerProduct()]);
      await expect(h.raw("UPDATE products SET team = 'listener-team'")).rejects.toThrow(/ownership transfer/);
      await expect(h.raw('DELETE FROM products')).rejects.toThrow(/immutable|cannot be deleted/);
      // A version stored without the transfer recorded (an older dp, a script): its head is refused too.
      const moved = withVersion(playerProduct(), '1.1.0');
      moved.descriptor.team.name = 'listener-team';
      const candidate = toCandidate(moved);
      const facts = { digest: digestOf(candidate.documents), publisher: 'script', publishedAt: T0.toISOString(), previousVersion: '1.0.0', changes: [] };
      await expect(store.append([{ ...newVersion(candidate, facts), expectedLatest: '1.0.0' }])).rejects.toThrow(/ownership transfer/);
      expect((await store.listVersions('play-events')).map((v) => v.version)).toEqual(['1.0.0']);
      expect((await store.getVersion('play-events'))!.team).toBe('player-team');
      expect(await store.checkIntegrity()).toEqual([]);
    });

    it('reads the same catalog from another connection, and reopening applies no migration twice', async () => {
      await publish(streamingMesh());
      const other = await h.reopen();
      try {
        expect((await other.listProducts()).total).toBe(3);
        expect(await other.getVersion('play-events')).toEqual(await store.getVersion('play-events'));
        expect(await other.checkIntegrity()).toEqual([]);
      } finally {
        await other.close();
      }
    });

    it('serialises concurrent publishers: each version once, a clear conflict for the rest', async () => {
      await publish([playerProduct()]);
      const stores = await Promise.all(Array.from({ length: 5 }, () => h.reopen()));
      try {
        const sameVersionOtherContent = stores.map((s, i) => {
          const p = withVersion(playerProduct(), '1.1.0');
          p.descriptor.description.purpose = `Variant ${i}.`;
          return publishLocally(s, [toCandidate(p)], { publisher: `p${i}` });
        });
        const outcomes = (await Promise.all(sameVersionOtherContent)).flat();
        expect(outcomes.filter((o) => o.status === 'published').length).toBe(1);
        for (const o of outcomes.filter((x) => x.status !== 'published')) expect(o.refusals[0].code).toBe('version-exists');
        const ladder = stores.map((s, i) => publishLocally(s, [toCandidate(withVersion(playerProduct(), `1.2.${i}`))], { publisher: `p${i}` }));
        const results = (await Promise.all(ladder)).flat();
        const published = results.filter((o) => o.status === 'published').map((o) => o.version);
        const versions = (await store.listVersions('play-events')).map((v) => v.version);
        expect(new Set(versions).size).toBe(versions.length);
        for (const v of published) expect(versions).toContain(v);
        for (const o of results.filter((x) => x.status === 'refused')) expect(o.refusals[0].code).toBe('version-not-greater');
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
      expect(await store.checkIntegrity()).toEqual([]);
    });

    it('refuses a product offered twice with different content in one run', async () => {
      // The playlist product reads an operational source here: its upstream is not published in this test.
      const playlist = playlistProduct();
      playlist.descriptor.inputPorts = [{ name: 'upstream', version: '1.0.0', contractId: 'listener-sessions-sessions', tags: ['stream'] }];
      const outcomes = await publish([playerProduct(), withVersion(playerProduct(), '1.1.0'), playlist]);
      expect(outcomes.map((o) => o.status)).toEqual(['refused', 'refused', 'published']);
      expect(outcomes[0].refusals[0].code).toBe('duplicate-product');
    });

    it('refuses a new product whose id differs from another only by case or look-alike letters', async () => {
      const named = (id: string) => {
        const p = clone(playerProduct());
        p.descriptor.id = id;
        return p;
      };
      await publish([playerProduct()]);
      // Cyrillic а and е, a case twin, fullwidth letters, a capital I for l: each is refused, naming the product it imitates.
      for (const id of ['Play-Events', 'ｐｌａｙ-events', 'pIay-events']) {
        const [outcome] = await publish([named(id)]);
        expect(outcome.refusals[0]?.message, id).toContain('the product `play-events` only by case or look-alike characters');
      }
      const outcomes = await publish([named('plаy-еvents'), named('play-events-2')]);
      expect(outcomes.map((o) => o.status)).toEqual(['refused', 'published']);
      expect(outcomes[0].refusals).toEqual([
        {
          code: 'id-lookalike',
          message: 'plаy-еvents: its id differs from the product `play-events` only by case or look-alike characters; a reader would take one for the other',
        },
      ]);
      // Two new look-alikes in one run are both refused; a new version of an existing product is never checked again.
      const pair = await publish([named('orders'), named('0rders'), withVersion(playerProduct(), '1.1.0')]);
      expect(pair.map((o) => o.status)).toEqual(['refused', 'refused', 'published']);
      expect(pair[1].refusals[0].message).toContain('the product `orders`');
    });

    it('keeps tokens hashed, bound to a team or admin, revocable', async () => {
      await store.createToken({
        id: 'tok1',
        hash: 'a'.repeat(64),
        team: 'player-team',
        admin: false,
        description: 'CI of the player team',
        createdAt: T0.toISOString(),
      });
      await store.createToken({ id: 'tok2', hash: 'b'.repeat(64), team: null, admin: true, description: null, createdAt: T0.toISOString() });
      await expect(
        store.createToken({ id: 'tok3', hash: 'a'.repeat(64), team: 'x', admin: false, description: null, createdAt: T0.toISOString() }),
      ).rejects.toThrow();
      await expect(
        store.createToken({ id: 'tok4', hash: 'c'.repeat(64), team: null, admin: false, description: null, createdAt: T0.toISOString() }),
      ).rejects.toThrow();
      expect(await store.findToken('a'.repeat(64))).toEqual({
        id: 'tok1',
        hash: 'a'.repeat(64),
        team: 'player-team',
        admin: false,
        privacy: false,
        description: 'CI of the player team',
        createdAt: T0.toISOString(),
        revokedAt: null,
        lastUsedAt: null,
      });
      await store.touchToken('tok1', '2026-01-05T00:00:00.000Z');
      expect((await store.findToken('a'.repeat(64)))!.lastUsedAt).toBe('2026-01-05T00:00:00.000Z');
      expect((await store.listTokens()).map((t) => [t.id, t.admin])).toEqual([
        ['tok1', false],
        ['tok2', true],
      ]);
      expect(await store.revokeToken('tok1', '2026-01-06T00:00:00.000Z')).toBe(true);
      expect(await store.revokeToken('tok1', '2026-01-07T00:00:00.000Z')).toBe(false);
      expect(await store.findToken('a'.repeat(64))).toBeUndefined();
      expect((await store.listTokens())[0].revokedAt).toBe('2026-01-06T00:00:00.000Z');
    });

    it('stays consistent after a mesh publish', async () => {
      await publish(streamingMesh());
      const latest = await store.latestVersions(['play-events', 'listener-sessions', 'unknown']);
      expect([...latest.keys()].sort()).toEqual(['listener-sessions', 'play-events']);
      const digests = await store.digestsOf([
        { productId: 'play-events', version: '1.0.0' },
        { productId: 'play-events', version: '2.0.0' },
      ]);
      expect([...digests.keys()]).toEqual(['play-events@1.0.0']);
      expect(digests.get('play-events@1.0.0')).toMatchObject({ publisher: 'ana@example.com', latest: '1.0.0', publishedAt: T0.toISOString() });
      expect(await store.checkIntegrity()).toEqual([]);
    });
  });
}
