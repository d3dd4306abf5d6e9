/**
 * Who may publish a new version of a product that is already in the catalog.
 * A product belongs to the team named by its latest version (ODPS `team.name`):
 *
 * - through a catalog server, a team token publishes new versions only of the
 *   products its team owns now, whatever team the new version names;
 * - a change of owning team is an ownership transfer: it must be asked for
 *   (`dp publish --transfer-ownership`), and through a server it also needs an
 *   admin token; it is recorded as a `team-changed` change of class `ownership`;
 * - a local writer (`dp publish --catalog <file or postgres://...>`, no token)
 *   has the database itself, so dp cannot tell who it is: it may publish any
 *   product, but never moves one to another team without asking for it.
 *
 * The databases hold the last rule too (docs/catalog.md, Ownership): a head
 * whose team changes without its version recording the transfer is refused.
 */
import { headline } from './record.js';
import type { Candidate, Refusal, VersionRecord } from './store.js';

/** The caller of a publish: a token of the catalog server, or a local writer with direct database access. */
export type Caller = { kind: 'token'; id: string; admin: boolean; team: string | null } | { kind: 'local' };

export const LOCAL_WRITER: Caller = { kind: 'local' };

const teamName = (team: string | null) => (team === null ? 'no team' : `team ${team}`);

/** Why `caller` may not publish `candidate` over `latest` (the product's latest version), or undefined when it may. */
export function ownershipRefusal(candidate: Candidate, latest: VersionRecord | undefined, caller: Caller, transferOwnership: boolean): Refusal | undefined {
  if (!latest) return undefined;
  const ref = `${candidate.productId}@${candidate.version}`;
  const owner = latest.team;
  const next = headline(candidate.documents.descriptor.value).team;
  const byTeamToken = caller.kind === 'token' && !caller.admin;
  if (byTeamToken && caller.team !== owner) {
    const wanted = next === owner ? '' : ` and would move it to ${teamName(next)}`;
    return {
      code: 'not-owner',
      message: `${ref}: ${candidate.productId} is owned by ${teamName(owner)} (its latest version ${latest.version})${wanted}; a token of team ${caller.team} may not publish it`,
    };
  }
  if (next === owner) return undefined;
  if (byTeamToken) {
    return { code: 'not-owner', message: `${ref}: moving ${candidate.productId} from ${teamName(owner)} to ${teamName(next)} needs an admin token` };
  }
  if (!transferOwnership) {
    const how = caller.kind === 'token' ? 'publish with --transfer-ownership (an admin token is needed)' : 'publish with --transfer-ownership if this is meant';
    return {
      code: 'transfer-not-requested',
      message: `${ref}: the owning team would change from ${teamName(owner)} to ${teamName(next)} (team.name); an ownership transfer must be asked for: ${how}`,
    };
  }
  return undefined;
}
