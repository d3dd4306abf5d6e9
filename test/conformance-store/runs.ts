/**
 * Test runs in the store, the same on every backend: recording them (bounds,
 * ownership, published versions and ports), reading them (pages, the latest of
 * each port and server), the quality of products, change tracking, and the
 * database refusing to change a run.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogStore } from '../../src/catalog/store.js';
import { MAX_RUN_CHECKS, recordRuns } from '../../src/catalog/record-runs.js';
import type { Caller } from '../../src/catalog/ownership.js';
import type { RunCandidate, RunCheck } from '../../src/catalog/runs.js';
import { isLaterStamp } from '../../src/catalog/stamps.js';
import { LOCAL_WRITER } from '../../src/catalog/ownership.js';
import { publishLocally, streamingMesh, toCandidate } from '../support/catalog.js';
import type { StoreHarness } from './suite.js';

const T0 = new Date('2026-03-01T10:00:00.000Z');

export function check(status: RunCheck['status'], more: Partial<RunCheck> = {}): RunCheck {
  return {
    object: 'plays',
    field: 'track_id',
    check: 'nullValues',
    category: 'quality',
    status,
    measured: status === 'passed' ? 0 : 3,
    unit: 'rows',
    threshold: { operator: 'mustBe', value: 0 },
    expected: 'no nulls',
    severity: 'error',
    dimension: 'completeness',
    message: 'x',
    location: { file: 'contracts/events.odcs.yaml', line: 10, column: 9 },
    ...more,
  };
}

export function run(more: Partial<RunCandidate> = {}): RunCandidate {
  return {
    productId: 'play-events',
    productVersion: '1.0.0',
    port: 'events',
    contractId: 'play-events-events',
    server: 'local',
    serverType: 'local',
    startedAt: '2026-03-01T09:00:00.000Z',
    finishedAt: '2026-03-01T09:00:02.000Z',
    status: 'passed',
    objects: [{ object: 'plays', rows: 10, watermark: '2026-03-01T08:00:00.000Z' }],
    checks: [check('passed')],
    ...more,
  };
}

export function runsConformance(name: string, makeHarness: () => Promise<StoreHarness>): void {
  describe(`test runs in the catalog store: ${name}`, () => {
    let h: StoreHarness;
    let store: CatalogStore;
    const record = (runs: RunCandidate[], caller: Caller = LOCAL_WRITER) => recordRuns(store, runs, { publisher: 'ci', now: () => T0 }, caller);

    beforeEach(async () => {
      h = await makeHarness();
      store = h.store;
      await publishLocally(store, streamingMesh().map(toCandidate), { publisher: 'ana', now: () => T0 });
    });
    afterEach(async () => {
      await h.cleanup();
    });

    it('records a run of a published port with its checks, summary, status and watermark, and reads it back', async () => {
      const [outcome] = await record([run({ checks: [check('passed'), check('failed', { severity: 'warning' }), check('skipped')] })]);
      expect(outcome).toMatchObject({ status: 'recorded', productId: 'play-events', port: 'events', server: 'local' });
      const page = await store.listRuns('play-events');
      expect(page.next).toBeNull();
      expect(page.items).toHaveLength(1);
      const stored = page.items[0];
      expect(stored).toMatchObject({
        id: outcome.id,
        publisher: 'ci',
        recordedAt: T0.toISOString(),
        status: 'passed',
        watermark: '2026-03-01T08:00:00.000Z',
        startedAt: '2026-03-01T09:00:00.000Z',
      });
      expect(stored.summary).toEqual({ checks: 3, passed: 1, failed: 1, errors: 0, skipped: 1, failing: 0 });
      expect(stored.checks[1]).toEqual(check('failed', { severity: 'warning' }));
      expect(await store.latestRuns('play-events')).toEqual([stored]);
      expect(await store.listRuns('listener-sessions')).toEqual({ items: [], next: null });
      expect(await store.checkIntegrity()).toEqual([]);
    });

    it('computes the status itself: a failed check of error severity fails the run, a check in error makes it an error', async () => {
      await record([run({ checks: [check('failed')] }), run({ server: 'prod', serverType: 'postgres', status: 'error', checks: [check('error')] })]);
      const latest = await store.latestRuns('play-events');
      expect(latest.map((r) => [r.server, r.status])).toEqual([
        ['local', 'failed'],
        ['prod', 'error'],
      ]);
      const [refused] = await record([run({ status: 'passed', checks: [check('error')] })]);
      expect(refused.refusal?.code).toBe('invalid-run');
    });

    it('refuses runs of unpublished versions, unknown ports, another contract, foreign teams and beyond its bounds, recording the rest', async () => {
      const team = (t: string): Caller => ({ kind: 'token', id: 't1', admin: false, team: t });
      const outcomes = await record([
        run({ productVersion: '9.0.0' }),
        run({ productId: 'nope' }),
        run({ port: 'other' }),
        run({ contractId: 'something-else' }),
        run({ checks: Array.from({ length: MAX_RUN_CHECKS + 1 }, () => check('passed')) }),
        run({ startedAt: 'yesterday' }),
        run({ finishedAt: '2026-03-01T08:00:00.000Z' }),
        run(),
      ]);
      expect(outcomes.map((o) => o.refusal?.code ?? o.status)).toEqual([
        'version-unpublished',
        'version-unpublished',
        'unknown-port',
        'contract-mismatch',
        'invalid-run',
        'invalid-run',
        'invalid-run',
        'recorded',
      ]);
      expect(outcomes[0].refusal?.message).toMatch(/publish it first/);
      const [foreign] = await record([run()], team('listener-team'));
      expect(foreign.refusal).toMatchObject({ code: 'not-owner' });
      expect(foreign.refusal?.message).toMatch(/owned by team player-team/);
      const [own] = await record([run()], team('player-team'));
      expect(own.status).toBe('recorded');
      const [admin] = await record([run()], { kind: 'token', id: 'a', admin: true, team: null });
      expect(admin.status).toBe('recorded');
      expect((await store.listRuns('play-events')).items).toHaveLength(3);
    });

    it('pages runs newest first, by port and server', async () => {
      for (let i = 0; i < 5; i += 1)
        await record([
          run({ server: i % 2 === 0 ? 'local' : 'prod', startedAt: `2026-03-0${i + 1}T09:00:00.000Z`, finishedAt: `2026-03-0${i + 1}T09:01:00.000Z` }),
        ]);
      const first = await store.listRuns('play-events', { limit: 2 });
      expect(first.items.map((r) => r.startedAt.slice(0, 10))).toEqual(['2026-03-05', '2026-03-04']);
      const second = await store.listRuns('play-events', { limit: 2, before: first.next! });
      expect(second.items.map((r) => r.startedAt.slice(0, 10))).toEqual(['2026-03-03', '2026-03-02']);
      const third = await store.listRuns('play-events', { limit: 2, before: second.next! });
      expect(third).toMatchObject({ next: null });
      expect(third.items).toHaveLength(1);
      const local = await store.listRuns('play-events', { port: 'events', server: 'local', limit: 1 });
      expect(local.items.map((r) => r.startedAt.slice(0, 10))).toEqual(['2026-03-05']);
      expect((await store.listRuns('play-events', { server: 'prod' })).items).toHaveLength(2);
      expect((await store.listRuns('play-events', { port: 'nope' })).items).toHaveLength(0);
    });

    it('tracks runs as changes: the stamp grows, the product and its neighbours changed, its quality follows its latest runs', async () => {
      const before = await store.changeStamp();
      const heads = new Map((await store.productsSince('0')).products.map((p) => [p.summary.id, p.quality]));
      expect([...heads.values()]).toEqual(['untested', 'untested', 'untested']);
      await record([run({ checks: [check('failed')] })]);
      const after = await store.changeStamp();
      expect(isLaterStamp(after, before)).toBe(true);
      expect(after).toMatch(/^\d+\.\d+$/);
      const changes = await store.changedSince(before);
      expect(changes?.changed).toEqual(['play-events']);
      expect(changes?.linked).toEqual(['listener-sessions']);
      const since = await store.productsSince(before);
      expect(since.stamp).toBe(after);
      expect(since.products.map((p) => [p.summary.id, p.quality])).toEqual([['play-events', 'failing']]);
      expect((await store.listProducts({ quality: 'failing' })).items.map((p) => p.id)).toEqual(['play-events']);
      expect((await store.listProducts({ quality: 'failing', text: 'play' })).items.map((p) => p.id)).toEqual(['play-events']);
      expect((await store.listProducts({ quality: 'untested', text: 'play' })).items.map((p) => p.id)).not.toContain('play-events');
      expect((await store.facets()).quality).toEqual([
        { value: 'failing', count: 1 },
        { value: 'untested', count: 2 },
      ]);
      await record([run()]);
      expect((await store.productsSince(after)).products.map((p) => [p.summary.id, p.quality])).toEqual([['play-events', 'passing']]);
      expect(await store.changedSince(await store.changeStamp())).toEqual({ changed: [], linked: [] });
    });

    it('refuses to update or delete runs at the database level', async () => {
      await record([run()]);
      await expect(h.raw("UPDATE runs SET status = 'failed'")).rejects.toThrow(/append-only/);
      await expect(h.raw('DELETE FROM runs')).rejects.toThrow(/append-only|cannot be deleted/);
      expect((await store.latestRuns('play-events'))[0].status).toBe('passed');
    });
  });
}
