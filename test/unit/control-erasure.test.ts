/** Erasure requests over a real SQLite catalog: resolution across the mesh, tasks, forgetting the identifier, every forbidden path. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseSubject, subjectHash } from '../../src/control/erasure/request.js';
import { resolveErasure } from '../../src/control/erasure/resolve.js';
import { ACTORS, controlHarness, refusal, type ControlHarness } from '../support/control.js';

const SUBJECT = 'listener=ana.listener@example.com';

describe('erasure requests', () => {
  let h: ControlHarness;
  beforeEach(async () => {
    h = await controlHarness();
  });
  afterEach(async () => {
    await h.cleanup();
  });

  it('resolve the products declaring the kind, and those downstream carrying its columns', async () => {
    const resolution = await resolveErasure(h.store, 'listener');
    expect(
      resolution.tasks.map((t) => [t.productId, t.team, t.via, t.objects.map((o) => [o.ports, o.contractId, o.object, o.physicalObject, o.columns])]),
    ).toEqual([
      ['listener-sessions', 'listener-team', ['play-events'], [[['sessions'], 'listener-sessions-sessions', 'sessions', 'sessions', ['listener_email']]]],
      ['play-events', 'player-team', [], [[['events'], 'play-events-events', 'play_events', 'play_events', ['listener_email']]]],
    ]);
    expect(await resolveErasure(h.store, 'employee')).toEqual({ tasks: [], knownKinds: ['listener'] });
  });

  it('the privacy office files a request: one task per product, a deadline, only a salted hash in the events', async () => {
    const request = await h.as(ACTORS.privacy).requestErasure({ subject: SUBJECT, reason: 'GDPR art. 17, ticket 8812' });
    expect(request).toMatchObject({
      kind: 'listener',
      reason: 'GDPR art. 17, ticket 8812',
      deadline: '2026-03-31T10:00:00.000Z',
      closedAt: null,
      requestedBy: 'privacy office privacy-office (token privacy-privacy-office)',
    });
    expect(request.tasks.map((t) => [t.id, t.status])).toEqual([
      [`${request.id}:listener-sessions`, 'pending'],
      [`${request.id}:play-events`, 'pending'],
    ]);
    expect(request.subjectHash).toBe(subjectHash(request.salt, 'listener', 'ana.listener@example.com'));
    const events = JSON.stringify(await h.store.controlEvents({}));
    expect(events).not.toContain('ana.listener');
    expect((await h.as(ACTORS.privacy, { deadlineDays: 7 }).requestErasure({ subject: SUBJECT, reason: 'again' })).deadline).toBe('2026-03-08T10:00:00.000Z');
    expect((await h.as(ACTORS.privacy).requestErasure({ subject: SUBJECT, reason: 'again', deadlineDays: 3 })).deadline).toBe('2026-03-04T10:00:00.000Z');
  });

  it('refuses other tokens, kinds nobody declares and malformed subjects, storing nothing', async () => {
    for (const actor of [ACTORS.player, ACTORS.admin, ACTORS.bi])
      expect(await refusal(h.as(actor).requestErasure({ subject: SUBJECT, reason: 'x' }))).toMatchObject({ code: 'forbidden' });
    const privacy = h.as(ACTORS.privacy);
    expect(await refusal(privacy.requestErasure({ subject: 'employee=7', reason: 'x' }))).toMatchObject({
      code: 'invalid',
      message: 'no product in the catalog declares a data subject of kind "employee"',
    });
    expect(await refusal(privacy.requestErasure({ subject: 'ana@example.com', reason: 'x' }))).toMatchObject({ code: 'invalid' });
    expect(await refusal(privacy.requestErasure({ subject: 'listener=', reason: 'x' }))).toMatchObject({ code: 'invalid' });
    expect(await refusal(privacy.requestErasure({ subject: SUBJECT }))).toMatchObject({ code: 'invalid', message: expect.stringContaining('give a reason') });
    expect(await refusal(privacy.requestErasure({ subject: SUBJECT, reason: 'x', deadlineDays: 0 }))).toMatchObject({ code: 'invalid' });
    // No message repeats the identifier.
    const bad = await refusal(privacy.requestErasure({ subject: 'listener=secret\u0007id', reason: 'x' }));
    expect(bad.message).not.toContain('secret');
    expect(await h.store.controlEvents({})).toEqual([]);
    expect(parseSubject(' customer = C-1042 ')).toEqual({ kind: 'customer', value: 'C-1042' });
  });

  it('the owning team reads its open tasks with the identifier; nobody else does', async () => {
    const request = await h.as(ACTORS.privacy).requestErasure({ subject: SUBJECT, reason: 'r' });
    const [task] = await h.as(ACTORS.player).pendingTasks('play-events');
    expect(task).toMatchObject({ id: `${request.id}:play-events`, subject: 'ana.listener@example.com', kind: 'listener', status: 'pending' });
    for (const actor of [ACTORS.listener, ACTORS.bi, ACTORS.privacy])
      expect(await refusal(h.as(actor).pendingTasks('play-events'))).toMatchObject({ code: 'forbidden' });
    expect((await h.as(ACTORS.admin).pendingTasks('play-events')).length).toBe(1);
    expect(await refusal(h.as(ACTORS.player).pendingTasks('nope'))).toMatchObject({ code: 'not-found' });
  });

  it('a team sees only its own tasks of a request, without the salted hash', async () => {
    const request = await h.as(ACTORS.privacy).requestErasure({ subject: SUBJECT, reason: 'r' });
    const seen = await h.as(ACTORS.listener).erasure(request.id);
    expect(seen.tasks.map((t) => t.productId)).toEqual(['listener-sessions']);
    expect([seen.subjectHash, seen.salt]).toEqual(['', '']);
    expect(await refusal(h.as(ACTORS.bi).erasure(request.id))).toMatchObject({ code: 'not-found' });
    expect((await h.as(ACTORS.privacy).erasure(request.id)).tasks.length).toBe(2);
    expect((await h.as(ACTORS.listener).erasures()).map((r) => r.tasks.length)).toEqual([1]);
    expect(await h.as(ACTORS.bi).erasures()).toEqual([]);
    expect(await refusal(h.as(ACTORS.privacy).erasure('era_0000000000'))).toMatchObject({ code: 'not-found' });
  });

  it('tasks are done when every object was erased or the team confirms; the last one closes the request and forgets the identifier', async () => {
    const request = await h.as(ACTORS.privacy).requestErasure({ subject: SUBJECT, reason: 'r' });
    const playerTask = `${request.id}:play-events`;
    const listenerTask = `${request.id}:listener-sessions`;
    // Another team can neither apply nor confirm.
    expect(await refusal(h.as(ACTORS.listener).recordTask(playerTask, { kind: 'confirmed', note: 'not mine' }))).toMatchObject({ code: 'forbidden' });
    expect(await refusal(h.as(ACTORS.privacy).recordTask(playerTask, { kind: 'confirmed', note: 'x' }))).toMatchObject({ code: 'forbidden' });
    expect(
      await refusal(
        h
          .as(ACTORS.player)
          .recordTask(playerTask, { kind: 'applied', server: 'w', serverType: 'postgres', objects: [{ contractId: 'x', object: 'y', rows: 1 }] }),
      ),
    ).toMatchObject({ code: 'invalid' });
    const applied = await h.as(ACTORS.player).recordTask(playerTask, {
      kind: 'applied',
      server: 'warehouse',
      serverType: 'postgres',
      objects: [{ contractId: 'play-events-events', object: 'play_events', rows: 3 }],
    });
    expect(applied).toMatchObject({ unchanged: false, closedRequest: false, task: { status: 'done', erased: [{ rows: 3, server: 'warehouse' }] } });
    expect((await h.store.erasureSubjects([request.id])).size).toBe(1);
    expect(await refusal(h.as(ACTORS.listener).recordTask(listenerTask, { kind: 'confirmed' }))).toMatchObject({
      code: 'invalid',
      message: expect.stringContaining('give a note'),
    });
    const confirmed = await h.as(ACTORS.listener).recordTask(listenerTask, { kind: 'confirmed', note: 'rebuilt the sessions without her' });
    expect(confirmed).toMatchObject({ closedRequest: true, task: { status: 'done', confirmation: { note: 'rebuilt the sessions without her' } } });
    // Done: idempotent, nothing recorded; the identifier is gone, from the table and the file.
    expect(await h.as(ACTORS.listener).recordTask(listenerTask, { kind: 'confirmed', note: 'again' })).toMatchObject({ unchanged: true });
    expect((await h.store.erasureSubjects([request.id])).size).toBe(0);
    const status = await h.as(ACTORS.privacy).erasure(request.id);
    expect(status.closedAt).toBe(h.clock.now.toISOString());
    expect(status.tasks.map((t) => t.status)).toEqual(['done', 'done']);
    expect(await h.as(ACTORS.player).pendingTasks('play-events')).toEqual([]);
    for (const file of ['catalog.db', 'catalog.db-wal']) {
      let bytes = Buffer.alloc(0);
      try {
        bytes = readFileSync(join(h.dir, file));
      } catch {
        // no write-ahead log left
      }
      expect(bytes.includes(Buffer.from('ana.listener@example.com'))).toBe(false);
    }
  });

  it('a task past its deadline is overdue', async () => {
    const request = await h.as(ACTORS.privacy).requestErasure({ subject: SUBJECT, reason: 'r', deadlineDays: 1 });
    h.clock.now = new Date('2026-03-02T10:00:01Z');
    expect((await h.as(ACTORS.privacy).erasure(request.id)).tasks.map((t) => t.status)).toEqual(['overdue', 'overdue']);
  });

  it('two tasks closing at once close the request exactly once', async () => {
    const request = await h.as(ACTORS.privacy).requestErasure({ subject: SUBJECT, reason: 'r' });
    await Promise.all([
      h.as(ACTORS.player).recordTask(`${request.id}:play-events`, { kind: 'confirmed', note: 'a' }),
      h.as(ACTORS.listener).recordTask(`${request.id}:listener-sessions`, { kind: 'confirmed', note: 'b' }),
    ]);
    const closes = (await h.store.controlEvents({ streams: [`erasure/${request.id}`] })).filter((e) => e.type === 'closed');
    expect(closes.length).toBe(1);
    expect((await h.store.erasureSubjects([request.id])).size).toBe(0);
  });
});
