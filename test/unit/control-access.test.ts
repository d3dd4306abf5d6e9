/** Access per output port over a real SQLite catalog: every state, every decision, and every forbidden path. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { grantsOn } from '../../src/control/access/affected.js';
import { parseEndDate } from '../../src/control/dates.js';
import { clone, publishLocally, toCandidate, withVersion } from '../support/catalog.js';
import { ACTORS, controlHarness, controlMesh, refusal, type ControlHarness } from '../support/control.js';

const READER = { productId: 'play-events', port: 'events', role: 'play_events_reader', purpose: 'weekly revenue report' };

describe('access requests', () => {
  let h: ControlHarness;
  beforeEach(async () => {
    h = await controlHarness();
  });
  afterEach(async () => {
    await h.cleanup();
  });

  it('a consumer team requests, the owning team approves, with who, when and why', async () => {
    const { request, created } = await h.as(ACTORS.bi).requestAccess({ ...READER, until: '2026-12-31' });
    expect(created).toBe(true);
    expect(request).toMatchObject({
      productId: 'play-events',
      port: 'events',
      role: 'play_events_reader',
      access: 'read',
      team: 'bi-team',
      state: 'pending',
      levels: 1,
      restricted: true,
      until: '2027-01-01T00:00:00.000Z',
      contractId: 'play-events-events',
      productVersion: '1.0.0',
    });
    expect(request.id).toMatch(/^acc_[0-9a-f]{10}$/);
    const approved = await h.as(ACTORS.player).decideAccess(request.id, 'approve', 'fine for the report');
    expect(approved.state).toBe('approved');
    expect(approved.history.map((s) => [s.type, s.actor, s.reason])).toEqual([
      ['requested', 'team bi-team (token team-bi-team)', 'weekly revenue report'],
      ['approved', 'team player-team (token team-player-team)', 'fine for the report'],
    ]);
    // Asking again answers the grant, nothing new is stored.
    const again = await h.as(ACTORS.bi).requestAccess(READER);
    expect(again).toMatchObject({ created: false, request: { id: request.id, state: 'approved' } });
    expect((await h.store.controlEvents({ kinds: ['access'] })).length).toBe(2);
  });

  it('refuses bad input clearly, storing nothing', async () => {
    const bi = h.as(ACTORS.bi);
    expect(await refusal(bi.requestAccess({ ...READER, productId: 'nope' }))).toMatchObject({ code: 'not-found', message: 'no product nope in the catalog' });
    expect(await refusal(bi.requestAccess({ ...READER, port: 'nope' }))).toMatchObject({ code: 'invalid', message: 'play-events has no output port "nope"' });
    expect(await refusal(bi.requestAccess({ ...READER, role: 'admin' }))).toMatchObject({
      code: 'invalid',
      message: 'contract play-events-events of play-events:events declares no role "admin"',
    });
    expect(await refusal(bi.requestAccess({ ...READER, until: '2026-02-28' }))).toMatchObject({
      code: 'invalid',
      message: 'the end date 2026-02-28 is in the past',
    });
    expect(await refusal(bi.requestAccess({ ...READER, until: '2026-02-30' }))).toMatchObject({ code: 'invalid' });
    expect(await refusal(bi.requestAccess({ ...READER, purpose: undefined }))).toMatchObject({
      code: 'invalid',
      message: expect.stringContaining('holds restricted data (play_events.listener_email)'),
    });
    expect(await refusal(bi.requestAccess({ ...READER, purpose: 'a\u001b[2Jb' }))).toMatchObject({
      code: 'invalid',
      message: expect.stringContaining('control characters'),
    });
    expect(await refusal(h.as(ACTORS.player).requestAccess(READER))).toMatchObject({
      code: 'invalid',
      message: expect.stringContaining('team player-team owns play-events'),
    });
    expect(await h.store.controlEvents({})).toEqual([]);
  });

  it('who may request: a team for itself; an admin or a local writer names the team; never the privacy office', async () => {
    expect(await refusal(h.as(ACTORS.bi).requestAccess({ ...READER, team: 'listener-team' }))).toMatchObject({ code: 'forbidden' });
    expect(await refusal(h.as(ACTORS.privacy).requestAccess(READER))).toMatchObject({ code: 'forbidden' });
    expect(await refusal(h.as(ACTORS.admin).requestAccess(READER))).toMatchObject({ code: 'invalid', message: expect.stringContaining('--team') });
    expect((await h.as(ACTORS.admin).requestAccess({ ...READER, team: 'bi-team' })).request.team).toBe('bi-team');
    expect((await h.as({ kind: 'local', name: 'ana', team: 'ml-team' }).requestAccess(READER)).request).toMatchObject({
      team: 'ml-team',
      requestedBy: 'ana (local, team ml-team)',
    });
  });

  it('forbidden decisions: the consumer, another team, the privacy office; conflicts once decided', async () => {
    const { request } = await h.as(ACTORS.bi).requestAccess(READER);
    for (const actor of [ACTORS.bi, ACTORS.listener, ACTORS.privacy]) {
      expect(await refusal(h.as(actor).decideAccess(request.id, 'approve', 'me'))).toMatchObject({ type: 'refused', code: 'forbidden' });
      expect(await refusal(h.as(actor).decideAccess(request.id, 'deny', 'me'))).toMatchObject({ code: 'forbidden' });
    }
    expect(await refusal(h.as(ACTORS.player).decideAccess(request.id, 'deny', ''))).toMatchObject({
      code: 'invalid',
      message: 'give a reason: it is recorded with the decision',
    });
    await h.as(ACTORS.player).decideAccess(request.id, 'deny', 'no purpose fits');
    expect(await refusal(h.as(ACTORS.player).decideAccess(request.id, 'approve', 'changed my mind'))).toMatchObject({
      code: 'conflict',
      message: `access request ${request.id} is denied: nothing to approve`,
    });
    expect(await refusal(h.as(ACTORS.player).decideAccess('acc_0000000000', 'approve', 'x'))).toMatchObject({ code: 'not-found' });
    expect(await refusal(h.as(ACTORS.player).decideAccess('../etc', 'approve', 'x'))).toMatchObject({ code: 'not-found' });
  });

  it('two-level approval: the owning team first, then a second-level approver, never the same actor twice', async () => {
    const { request } = await h.as(ACTORS.bi).requestAccess({ ...READER, role: 'play_events_auditor' });
    expect(request).toMatchObject({ levels: 2, secondLevelApprovers: ['data-governance'] });
    expect(await refusal(h.as(ACTORS.governance).decideAccess(request.id, 'approve', 'first?'))).toMatchObject({ code: 'forbidden' });
    expect((await h.as(ACTORS.player).decideAccess(request.id, 'approve', 'owner ok')).state).toBe('pending-second');
    expect(await refusal(h.as(ACTORS.player).decideAccess(request.id, 'approve', 'again'))).toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('second approval, by data-governance'),
    });
    // The second-level approver finds it in its queue, and may read it.
    expect((await h.as(ACTORS.governance).listAccess({ approver: 'data-governance', states: ['pending-second'] })).map((r) => r.id)).toEqual([request.id]);
    expect((await h.as(ACTORS.governance).accessRequest(request.id)).state).toBe('pending-second');
    expect(await h.as(ACTORS.listener).listAccess({ approver: 'data-governance' })).toEqual([]);
    expect((await h.as(ACTORS.governance).decideAccess(request.id, 'approve', 'governance ok')).state).toBe('approved');
    // An admin may give either approval, but not both.
    const { request: other } = await h.as(ACTORS.listener).requestAccess({ ...READER, role: 'play_events_auditor' });
    await h.as(ACTORS.admin).decideAccess(other.id, 'approve', 'first');
    expect(await refusal(h.as(ACTORS.admin).decideAccess(other.id, 'approve', 'second'))).toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('gave the first approval'),
    });
    expect((await h.as(ACTORS.admin2).decideAccess(other.id, 'approve', 'second')).state).toBe('approved');
  });

  it('revoke: the owning or the requesting team, not another; grants expire', async () => {
    const { request } = await h.as(ACTORS.bi).requestAccess({ ...READER, until: '2026-03-05T00:00:00Z' });
    await h.as(ACTORS.player).decideAccess(request.id, 'approve', 'ok');
    expect(await refusal(h.as(ACTORS.listener).decideAccess(request.id, 'revoke', 'mine now'))).toMatchObject({ code: 'forbidden' });
    h.clock.now = new Date('2026-03-05T00:00:00Z');
    expect((await h.as(ACTORS.bi).accessRequest(request.id)).state).toBe('expired');
    expect(await refusal(h.as(ACTORS.bi).decideAccess(request.id, 'revoke', 'done'))).toMatchObject({ code: 'conflict' });
    const { request: second } = await h.as(ACTORS.bi).requestAccess(READER);
    await h.as(ACTORS.player).decideAccess(second.id, 'approve', 'ok');
    expect((await h.as(ACTORS.bi).decideAccess(second.id, 'revoke', 'report retired')).state).toBe('revoked');
  });

  it('lists what an actor may see, by product, port, team, owner and state', async () => {
    const a = (await h.as(ACTORS.bi).requestAccess(READER)).request;
    const b = (
      await h
        .as(ACTORS.player)
        .requestAccess({ productId: 'listener-sessions', port: 'sessions', role: 'play_events_reader', purpose: 'sessions for the player app' })
    ).request;
    await h.as(ACTORS.player).decideAccess(a.id, 'approve', 'ok');
    const ids = (list: { id: string }[]) => list.map((r) => r.id).sort();
    expect(ids(await h.as(ACTORS.bi).listAccess({}))).toEqual([a.id]);
    expect(ids(await h.as(ACTORS.player).listAccess({}))).toEqual([a.id, b.id].sort());
    expect(ids(await h.as(ACTORS.listener).listAccess({}))).toEqual([b.id]);
    expect(await h.as(ACTORS.governance).listAccess({})).toEqual([]);
    expect(ids(await h.as(ACTORS.admin).listAccess({ states: ['approved'] }))).toEqual([a.id]);
    expect(ids(await h.as(ACTORS.admin).listAccess({ ownedBy: 'listener-team' }))).toEqual([b.id]);
    expect(ids(await h.as(ACTORS.player).listAccess({ ownedBy: 'player-team' }))).toEqual([a.id]);
    expect(ids(await h.as(ACTORS.player).listAccess({ team: 'player-team' }))).toEqual([b.id]);
    expect(ids(await h.as(ACTORS.admin).listAccess({ productId: 'play-events', port: 'events' }))).toEqual([a.id]);
    expect(await refusal(h.as(ACTORS.privacy).listAccess({}))).toMatchObject({ code: 'forbidden' });
    expect(await refusal(h.as(ACTORS.listener).accessRequest(a.id))).toMatchObject({ code: 'forbidden' });
  });

  it('concurrent decisions on one request: exactly one is stored, the other sees it decided', async () => {
    const { request } = await h.as(ACTORS.bi).requestAccess(READER);
    const results = await Promise.allSettled([
      h.as(ACTORS.player).decideAccess(request.id, 'approve', 'a'),
      h.as(ACTORS.player).decideAccess(request.id, 'deny', 'b'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled').length).toBe(1);
    expect(String((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason.message)).toMatch(/is (approved|denied): nothing to/);
    expect((await h.store.controlEvents({ streams: [`access/${request.id}`] })).length).toBe(2);
  });

  it('audit: too many grants, restricted data without a purpose, ended grants still applied', async () => {
    // A port without restricted data: requests need no purpose there.
    const plain = controlMesh()[1];
    delete plain.contracts.sessions.schema[0].properties[1].classification;
    await h.publish([withVersion(plain, '1.1.0')]);
    const grant = async (team: 'bi' | 'player', purpose?: string) => {
      const { request } = await h.as(ACTORS[team]).requestAccess({ productId: 'listener-sessions', port: 'sessions', role: 'play_events_reader', purpose });
      return h.as(ACTORS.listener).decideAccess(request.id, 'approve', 'ok');
    };
    const first = await grant('bi');
    await grant('player', 'app');
    expect(await h.as(ACTORS.admin, { maxGrantsPerPort: 5 }).auditAccess()).toEqual([]);
    // The data becomes restricted: bi-team's grant was given without a purpose.
    await h.publish([withVersion(controlMesh()[1], '1.2.0')]);
    expect(await h.as(ACTORS.admin, { maxGrantsPerPort: 5 }).auditAccess()).toEqual([
      expect.objectContaining({ check: 'restricted-without-purpose', productId: 'listener-sessions', port: 'sessions', grants: [first.id] }),
    ]);
    // The threshold is 0 now, and a grant ends while the server still holds it.
    await h.as(ACTORS.listener).recordEngine('listener-sessions', 'warehouse', 'access', 'applied', {
      members: [{ grant: first.id, port: 'sessions', team: 'bi-team', role: 'play_events_reader' }],
    });
    await h.as(ACTORS.bi).decideAccess(first.id, 'revoke', 'done');
    const findings = await h.as(ACTORS.admin, { maxGrantsPerPort: 0 }).auditAccess();
    expect(findings.map((f) => f.check).sort()).toEqual(['expired-still-applied', 'too-many-grants']);
    expect(findings.find((f) => f.check === 'expired-still-applied')?.message).toContain('bi-team still holds play_events_reader on server warehouse');
    // Restricted now: a new request needs a purpose.
    expect(await refusal(h.as(ACTORS.bi).requestAccess({ productId: 'listener-sessions', port: 'sessions', role: 'play_events_reader' }))).toMatchObject({
      code: 'invalid',
    });
    const owner = await h.as(ACTORS.listener, { maxGrantsPerPort: 10 }).auditAccess();
    expect(owner.map((f) => f.check)).toEqual(['expired-still-applied']);
    expect(await refusal(h.as(ACTORS.privacy).auditAccess())).toMatchObject({ code: 'forbidden' });
    expect(await h.as(ACTORS.bi).auditAccess()).toEqual([]);
  });

  it('names the teams holding live grants on the ports of a breaking change', async () => {
    const { request } = await h.as(ACTORS.bi).requestAccess(READER);
    await h.as(ACTORS.player).decideAccess(request.id, 'approve', 'ok');
    expect(await grantsOn(h.store, 'play-events', ['events'], h.clock.now)).toEqual([
      { grant: request.id, port: 'events', team: 'bi-team', role: 'play_events_reader', purpose: 'weekly revenue report', until: null },
    ]);
    const breaking = clone(controlMesh()[0]);
    breaking.descriptor.version = '1.1.0';
    breaking.contracts.events.schema[0].properties.splice(3, 1);
    const [outcome] = await publishLocally(h.store, [toCandidate(breaking)], {
      publisher: 'x',
      grantsOn: (store, id, ports) => grantsOn(store, id, ports, h.clock.now),
    });
    expect(outcome.status).toBe('refused');
    expect(outcome.affectedGrants).toEqual([expect.objectContaining({ team: 'bi-team', role: 'play_events_reader', purpose: 'weekly revenue report' })]);
  });
});

describe('end dates', () => {
  const now = new Date('2026-03-01T10:00:00Z');
  it('reads a day as through that day, and a time with a zone as it is', () => {
    expect(parseEndDate('2026-03-01', now)).toBe('2026-03-02T00:00:00.000Z');
    expect(parseEndDate('2026-03-01T12:00:00+01:00', now)).toBe('2026-03-01T11:00:00.000Z');
    expect(() => parseEndDate('2026-03-01T11:00:00+02:00', now)).toThrow(/in the past/);
    expect(() => parseEndDate('2026-03-01T12:00:00', now)).toThrow(/not a date/);
    expect(() => parseEndDate('tomorrow', now)).toThrow(/not a date/);
    expect(() => parseEndDate('2026-02-29', now)).toThrow(/not a date/);
  });
});
