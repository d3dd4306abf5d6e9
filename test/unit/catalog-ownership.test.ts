/** The rules of ownership: who may publish a new version of a product already in the catalog. */
import { describe, expect, it } from 'vitest';
import { diffProducts } from '../../src/catalog/diff/diff.js';
import { LOCAL_WRITER, ownershipRefusal, type Caller } from '../../src/catalog/ownership.js';
import type { VersionRecord } from '../../src/catalog/store.js';
import { playerProduct, toCandidate, withVersion } from '../support/catalog.js';

const latest = { ...toCandidate(playerProduct()), team: 'player-team', digest: 'sha256:x' } as unknown as VersionRecord;
const token = (team: string | null, admin = false): Caller => ({ kind: 'token', id: 't1', admin, team });

function next(team?: string) {
  const p = withVersion(playerProduct(), '1.1.0');
  if (team !== undefined) p.descriptor.team.name = team;
  return toCandidate(p);
}

describe('ownershipRefusal', () => {
  it('lets anyone publish the first version of a product (the server checks the token against the team it names)', () => {
    expect(ownershipRefusal(next('intruders'), undefined, token('intruders'), false)).toBeUndefined();
  });

  it("lets the owning team's token publish new versions, and no other team's, even naming the owner", () => {
    expect(ownershipRefusal(next(), latest, token('player-team'), false)).toBeUndefined();
    const other = ownershipRefusal(next(), latest, token('listener-team'), false);
    expect(other).toMatchObject({ code: 'not-owner' });
    expect(other!.message).toMatch(/play-events is owned by team player-team \(its latest version 1\.0\.0\); a token of team listener-team may not publish it/);
  });

  it('refuses a team token that would move the product to its own team (a takeover), even with the transfer asked for', () => {
    const takeover = ownershipRefusal(next('listener-team'), latest, token('listener-team'), true);
    expect(takeover).toMatchObject({ code: 'not-owner' });
    expect(takeover!.message).toMatch(/owned by team player-team .* would move it to team listener-team/);
    // The owner itself cannot give it away without an admin either.
    expect(ownershipRefusal(next('listener-team'), latest, token('player-team'), true)).toMatchObject({
      code: 'not-owner',
      message: expect.stringMatching(/needs an admin token/),
    });
  });

  it('lets an admin token or a local writer change the team only when the transfer is asked for', () => {
    for (const caller of [token(null, true), LOCAL_WRITER]) {
      expect(ownershipRefusal(next('listener-team'), latest, caller, false)).toMatchObject({ code: 'transfer-not-requested' });
      expect(ownershipRefusal(next('listener-team'), latest, caller, true)).toBeUndefined();
      expect(ownershipRefusal(next(), latest, caller, false)).toBeUndefined();
    }
  });

  it('counts a team appearing or disappearing as a change of owner', () => {
    const unowned = { ...latest, team: null } as VersionRecord;
    expect(ownershipRefusal(next(), unowned, LOCAL_WRITER, false)).toMatchObject({
      code: 'transfer-not-requested',
      message: expect.stringMatching(/from no team to team player-team/),
    });
    expect(ownershipRefusal(next(), unowned, token('player-team'), false)).toMatchObject({ code: 'not-owner' });
  });
});

describe('the team-changed change', () => {
  it('is classified as a change of owner, listed after breaking changes and before the others', () => {
    const moved = withVersion(playerProduct(), '1.1.0');
    moved.descriptor.team.name = 'listener-team';
    moved.descriptor.description.purpose = 'Moved.';
    const changes = diffProducts(toCandidate(playerProduct()).documents, toCandidate(moved).documents);
    expect(changes.map((c) => [c.ruleId, c.class])).toEqual([
      ['team-changed', 'ownership'],
      ['product-metadata-changed', 'non-breaking'],
    ]);
    expect(changes[0]).toMatchObject({
      path: 'team.name',
      before: 'player-team',
      after: 'listener-team',
      message: 'team.name "player-team" -> "listener-team"',
    });
  });
});
