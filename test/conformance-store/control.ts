/**
 * The control plane's storage, checked on every backend: events in order, filters, optimistic
 * concurrency, the database refusing changes to events, and subjects kept then forgotten.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ControlAppend, NewControlEvent } from '../../src/catalog/events.js';
import type { CatalogStore } from '../../src/catalog/store.js';
import { listenerProduct, playerProduct, publishLocally, toCandidate } from '../support/catalog.js';
import type { StoreHarness } from './suite.js';

const AT = '2026-03-01T10:00:00.000Z';

function event(stream: string, position: number, type: string, extra: Partial<NewControlEvent> = {}): NewControlEvent {
  const kind = stream.startsWith('access/')
    ? 'access'
    : stream.startsWith('erasure/')
      ? 'erasure'
      : stream.startsWith('erasure-task/')
        ? 'erasure-task'
        : 'engine';
  return { stream, position, kind, type, productId: 'play-events', team: 'bi-team', actor: 'ana', at: AT, data: { n: position }, ...extra };
}

const append = (events: NewControlEvent[], expect: ControlAppend['expect'], more: Partial<ControlAppend> = {}): ControlAppend => ({ events, expect, ...more });

export function controlConformance(name: string, makeHarness: () => Promise<StoreHarness>): void {
  describe(`control events conformance: ${name}`, () => {
    let h: StoreHarness;
    let store: CatalogStore;

    beforeEach(async () => {
      h = await makeHarness();
      store = h.store;
    });
    afterEach(async () => {
      await h.cleanup();
    });

    it('appends events in order and reads them back by stream, kind, product, team and prefix', async () => {
      const first = await store.appendControl(
        append(
          [event('access/a1', 0, 'requested'), event('access/a1', 1, 'approved', { data: { reason: 'ok', nested: { list: [1, 'two'] } } })],
          [{ stream: 'access/a1', length: 0 }],
        ),
      );
      expect(first.status).toBe('appended');
      await store.appendControl(
        append([event('erasure-task/e1/play-events', 0, 'created', { team: 'player-team' })], [{ stream: 'erasure-task/e1/play-events', length: 0 }]),
      );
      await store.appendControl(
        append(
          [event('erasure-task/e1/listener-sessions', 0, 'created', { productId: 'listener-sessions', team: 'listener-team' })],
          [{ stream: 'erasure-task/e1/listener-sessions', length: 0 }],
        ),
      );
      const all = await store.controlEvents({});
      expect(all.map((e) => `${e.stream}#${e.position}`)).toEqual([
        'access/a1#0',
        'access/a1#1',
        'erasure-task/e1/play-events#0',
        'erasure-task/e1/listener-sessions#0',
      ]);
      expect(all[1]).toMatchObject({
        kind: 'access',
        type: 'approved',
        productId: 'play-events',
        team: 'bi-team',
        actor: 'ana',
        at: AT,
        data: { reason: 'ok', nested: { list: [1, 'two'] } },
      });
      expect(all.map((e) => e.seq)).toEqual([...all.map((e) => e.seq)].sort((a, b) => a - b));
      expect((await store.controlEvents({ streams: ['access/a1'] })).length).toBe(2);
      expect((await store.controlEvents({ kinds: ['erasure-task'] })).length).toBe(2);
      expect((await store.controlEvents({ productIds: ['listener-sessions'] })).map((e) => e.team)).toEqual(['listener-team']);
      expect((await store.controlEvents({ teams: ['player-team', 'bi-team'] })).length).toBe(3);
      expect((await store.controlEvents({ streamPrefix: 'erasure-task/e1/' })).length).toBe(2);
      expect((await store.controlEvents({ streamPrefix: 'erasure-task/e' })).length).toBe(2);
      expect(await store.controlEvents({ streamPrefix: 'erasure-task/e2/' })).toEqual([]);
      expect(await store.controlEvents({ kinds: ['access'], teams: ['player-team'] })).toEqual([]);
    });

    it('reads the events of products a team owns now', async () => {
      await publishLocally(store, [toCandidate(playerProduct()), toCandidate(listenerProduct())], { publisher: 'ana' });
      await store.appendControl(append([event('access/a1', 0, 'requested')], [{ stream: 'access/a1', length: 0 }]));
      await store.appendControl(append([event('access/a2', 0, 'requested', { productId: 'listener-sessions' })], [{ stream: 'access/a2', length: 0 }]));
      expect((await store.controlEvents({ ownedBy: 'player-team' })).map((e) => e.stream)).toEqual(['access/a1']);
      expect((await store.controlEvents({ ownedBy: 'listener-team', kinds: ['access'] })).map((e) => e.stream)).toEqual(['access/a2']);
      expect(await store.controlEvents({ ownedBy: 'nobody' })).toEqual([]);
      // What a team may read: its own streams, those on its products, those it takes part in.
      await store.appendControl(
        append(
          [event('access/a3', 0, 'requested', { productId: 'listener-sessions', team: 'other-team', audience: ['bi-team'] })],
          [{ stream: 'access/a3', length: 0 }],
        ),
      );
      await store.appendControl(
        append([event('access/a4', 0, 'requested', { productId: 'listener-sessions', team: 'other-team' })], [{ stream: 'access/a4', length: 0 }]),
      );
      expect((await store.controlEvents({ visibleTo: 'bi-team' })).map((e) => e.stream)).toEqual(['access/a1', 'access/a2', 'access/a3']);
      expect((await store.controlEvents({ visibleTo: 'listener-team', productIds: ['listener-sessions'] })).map((e) => e.stream)).toEqual([
        'access/a2',
        'access/a3',
        'access/a4',
      ]);
      expect((await store.controlEvents({ visibleTo: 'player-team', productIds: ['listener-sessions'] })).map((e) => e.stream)).toEqual([]);
    });

    it('has a control stamp that grows with every append, by any connection, and only then', async () => {
      expect(await store.controlStamp()).toBe('0');
      await store.appendControl(append([event('access/a1', 0, 'requested')], [{ stream: 'access/a1', length: 0 }]));
      const first = await store.controlStamp();
      expect(Number(first)).toBeGreaterThan(0);
      // A stale append stores nothing and leaves the stamp as it was.
      await store.appendControl(append([event('access/a1', 0, 'requested')], [{ stream: 'access/a1', length: 0 }]));
      expect(await store.controlStamp()).toBe(first);
      const other = await h.reopen();
      try {
        await other.appendControl(append([event('access/a1', 1, 'approved')], [{ stream: 'access/a1', length: 1 }]));
        expect(Number(await store.controlStamp())).toBeGreaterThan(Number(first));
      } finally {
        await other.close();
      }
    });

    it('stores nothing when a stream it expects has grown (optimistic concurrency)', async () => {
      await store.appendControl(append([event('access/a1', 0, 'requested')], [{ stream: 'access/a1', length: 0 }]));
      // Two approvers decided on the request as it was: the second finds it changed.
      expect((await store.appendControl(append([event('access/a1', 1, 'approved')], [{ stream: 'access/a1', length: 1 }]))).status).toBe('appended');
      expect((await store.appendControl(append([event('access/a1', 1, 'denied')], [{ stream: 'access/a1', length: 1 }]))).status).toBe('stale');
      // A stream the decision read but does not append to counts too; nothing of a stale append is kept.
      const stale = append(
        [event('access/a2', 0, 'requested')],
        [
          { stream: 'access/a2', length: 0 },
          { stream: 'access/a1', length: 1 },
        ],
        { keepSubjects: [{ requestId: 'e9', kind: 'customer', value: 'c-9' }] },
      );
      expect((await store.appendControl(stale)).status).toBe('stale');
      expect((await store.controlEvents({})).map((e) => e.type)).toEqual(['requested', 'approved']);
      expect((await store.erasureSubjects(['e9'])).size).toBe(0);
    });

    it('refuses an append whose events do not follow their stream', async () => {
      await expect(store.appendControl(append([event('access/a1', 1, 'requested')], [{ stream: 'access/a1', length: 0 }]))).rejects.toThrow(/does not follow/);
      await expect(store.appendControl(append([event('access/a1', 0, 'requested')], []))).rejects.toThrow(/does not follow/);
    });

    it('serialises concurrent appends to one stream: exactly one wins', async () => {
      const other = await h.reopen();
      try {
        await store.appendControl(append([event('access/a1', 0, 'requested')], [{ stream: 'access/a1', length: 0 }]));
        const results = await Promise.all(
          [store, other, store, other].map((s, i) => s.appendControl(append([event('access/a1', 1, `decision-${i}`)], [{ stream: 'access/a1', length: 1 }]))),
        );
        expect(results.filter((r) => r.status === 'appended').length).toBe(1);
        expect((await store.controlEvents({ streams: ['access/a1'] })).length).toBe(2);
      } finally {
        await other.close();
      }
    });

    it('keeps subject identifiers with their request, then forgets them', async () => {
      await store.appendControl(
        append([event('erasure/e1', 0, 'requested', { productId: null })], [{ stream: 'erasure/e1', length: 0 }], {
          keepSubjects: [{ requestId: 'e1', kind: 'customer', value: 'cust-4711' }],
        }),
      );
      expect(await store.erasureSubjects(['e1', 'e2'])).toEqual(new Map([['e1', { requestId: 'e1', kind: 'customer', value: 'cust-4711' }]]));
      await store.appendControl(
        append([event('erasure/e1', 1, 'closed', { productId: null })], [{ stream: 'erasure/e1', length: 1 }], { forgetSubjects: ['e1'] }),
      );
      expect((await store.erasureSubjects(['e1'])).size).toBe(0);
    });

    it('the database refuses to change or delete events, and to change a kept identifier', async () => {
      await store.appendControl(
        append([event('erasure/e1', 0, 'requested', { productId: null })], [{ stream: 'erasure/e1', length: 0 }], {
          keepSubjects: [{ requestId: 'e1', kind: 'customer', value: 'c-1' }],
        }),
      );
      await expect(h.raw("UPDATE control_events SET type = 'denied'")).rejects.toThrow(/immutable/);
      await expect(h.raw('DELETE FROM control_events')).rejects.toThrow(/immutable|cannot be deleted/);
      await expect(h.raw("UPDATE erasure_subjects SET value = 'c-2'")).rejects.toThrow(/kept as given|immutable/);
      expect((await store.controlEvents({})).length).toBe(1);
    });

    it('indexes the columns of every version, and reads those of the latest versions by subject kind or name', async () => {
      // The player's contract marks listener_email as a subject key; the listener's carries the column unmarked.
      const listener = listenerProduct();
      delete listener.contracts.sessions.schema[0].properties[1].customProperties;
      await publishLocally(store, [toCandidate(playerProduct()), toCandidate(listener)], { publisher: 'ana' });
      expect(await store.latestColumns({ kinds: ['listener'] })).toEqual([]);
      expect(await store.indexColumns()).toBe(2);
      expect(await store.indexColumns()).toBe(0);
      expect(await store.latestColumns({ kinds: ['listener'] })).toEqual([
        {
          productId: 'play-events',
          version: '1.0.0',
          team: 'player-team',
          ports: ['events'],
          contractId: 'play-events-events',
          object: 'play_events',
          physicalObject: 'play_events',
          name: 'listener_email',
          column: 'listener_email',
          kind: 'listener',
        },
      ]);
      const named = await store.latestColumns({ names: ['listener_email', 'nothing'] });
      expect(named.map((c) => [c.productId, c.contractId, c.object, c.kind])).toEqual([
        ['listener-sessions', 'listener-sessions-sessions', 'sessions', null],
        ['play-events', 'play-events-events', 'play_events', 'listener'],
      ]);
      expect(await store.declaredKinds()).toEqual(['listener']);
      // A new version: the index follows it, and the latest version's columns are the ones read.
      const renamed = playerProduct();
      renamed.descriptor.version = '1.1.0';
      renamed.contracts.events.schema[0].properties[1].customProperties = [{ property: 'dataSubject', value: 'member' }];
      await publishLocally(store, [toCandidate(renamed)], { publisher: 'ana' });
      expect(await store.indexColumns()).toBe(1);
      expect(await store.latestColumns({ kinds: ['listener'] })).toEqual([]);
      expect((await store.latestColumns({ kinds: ['member'] })).map((c) => c.version)).toEqual(['1.1.0']);
      expect(await store.declaredKinds()).toEqual(['member']);
      await expect(h.raw('DELETE FROM version_columns')).rejects.toThrow(/immutable|cannot be deleted/);
    });

    it('reads the streams a team takes part in besides its own (audience), whatever event named it', async () => {
      await store.appendControl(
        append([event('access/a1', 0, 'requested', { audience: ['data-governance', 'security'] })], [{ stream: 'access/a1', length: 0 }]),
      );
      await store.appendControl(append([event('access/a2', 0, 'requested')], [{ stream: 'access/a2', length: 0 }]));
      // A later event of the stream, naming a team again, adds nothing twice.
      await store.appendControl(append([event('access/a1', 1, 'approved', { audience: ['security'] })], [{ stream: 'access/a1', length: 1 }]));
      expect((await store.controlEvents({ audience: 'data-governance' })).map((e) => `${e.stream}#${e.position}`)).toEqual(['access/a1#0', 'access/a1#1']);
      expect((await store.controlEvents({ audience: 'security', kinds: ['access'] })).length).toBe(2);
      expect(await store.controlEvents({ audience: 'bi-team' })).toEqual([]);
      expect((await store.controlEvents({ streams: ['access/a1'] }))[0]).not.toHaveProperty('audience');
      await expect(h.raw('DELETE FROM control_audience')).rejects.toThrow(/immutable|cannot be deleted/);
    });

    it('keeps web sessions for a live token until they expire, end, or the token is revoked', async () => {
      await store.createToken({ id: 't1', hash: 'e'.repeat(64), team: 'player-team', admin: false, description: null, createdAt: AT });
      const session = (hash: string, createdAt: string, expiresAt: string) => ({ hash: hash.repeat(64), tokenId: 't1', createdAt, expiresAt });
      const sessionToken = async (hash: string, now: string) => (await store.sessionTokens([hash, 'f'.repeat(64)], now)).get(hash);
      await store.createSession(session('1', '2026-03-01T10:00:00.000Z', '2026-03-01T22:00:00.000Z'));
      await store.createSession(session('2', '2026-03-01T11:00:00.000Z', '2026-03-01T23:00:00.000Z'));
      expect((await sessionToken('1'.repeat(64), '2026-03-01T12:00:00.000Z'))?.team).toBe('player-team');
      // Several at once, by hash.
      expect([...(await store.sessionTokens(['1'.repeat(64), '2'.repeat(64), '9'.repeat(64)], '2026-03-01T12:00:00.000Z')).keys()].sort()).toEqual([
        '1'.repeat(64),
        '2'.repeat(64),
      ]);
      // Expired: nothing; a session created later drops the expired ones from the table.
      expect(await sessionToken('1'.repeat(64), '2026-03-01T22:00:00.000Z')).toBeUndefined();
      await store.createSession(session('3', '2026-03-01T22:30:00.000Z', '2026-03-02T10:30:00.000Z'));
      expect(await sessionToken('1'.repeat(64), '2026-03-01T12:00:00.000Z')).toBeUndefined();
      // Ended (signed out): nothing, the others live on.
      await store.endSession('2'.repeat(64));
      expect(await sessionToken('2'.repeat(64), '2026-03-01T22:40:00.000Z')).toBeUndefined();
      expect(await sessionToken('3'.repeat(64), '2026-03-01T22:40:00.000Z')).toBeDefined();
      // The token revoked: its sessions find nothing.
      await store.revokeToken('t1', '2026-03-01T22:45:00.000Z');
      expect(await sessionToken('3'.repeat(64), '2026-03-01T22:50:00.000Z')).toBeUndefined();
      await expect(store.createSession({ ...session('4', AT, '2026-03-02T10:00:00.000Z'), tokenId: 'nobody' })).rejects.toThrow();
    });

    it('stores and reads privacy tokens', async () => {
      await store.createToken({ id: 'p1', hash: 'f'.repeat(64), team: 'privacy-office', admin: false, privacy: true, description: null, createdAt: AT });
      await store.createToken({ id: 't1', hash: 'e'.repeat(64), team: 'player-team', admin: false, description: null, createdAt: AT });
      expect((await store.findToken('f'.repeat(64)))?.privacy).toBe(true);
      expect((await store.findToken('e'.repeat(64)))?.privacy).toBe(false);
    });
  });
}
