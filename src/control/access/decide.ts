/**
 * Decisions on an access request: approve (one level at a time), deny, revoke.
 * Who may decide is checked against what the catalog holds now: the owning team
 * is the team of the product's latest version, second-level approvers are the
 * teams the role names in its contract.
 */
import type { CatalogStore } from '../../catalog/store.js';
import { actorName, actsFor, conflict, forbidden, isAdmin, teamOf, type Actor } from '../actor.js';
import { decideAndAppend, nextEvent } from '../log.js';
import { requiredText } from '../text.js';
import { ownerOf, requestEvents } from './read.js';
import { accessRequest, nextLevel, type AccessRequest } from './state.js';

export type AccessDecision = 'approve' | 'deny' | 'revoke';

const PENDING = ['pending', 'pending-second'];

/** Why the actor may not take this decision on the request now, or undefined when it may. */
function refusal(decision: AccessDecision, request: AccessRequest, actor: Actor, owner: string | null): Error | undefined {
  const name = actorName(actor);
  const own = teamOf(actor);
  const isOwner = actsFor(actor, owner);
  if (decision === 'revoke') {
    if (!['approved', ...PENDING].includes(request.state)) return conflict(`access request ${request.id} is ${request.state}: there is no grant to revoke`);
    return isOwner || actsFor(actor, request.team)
      ? undefined
      : forbidden(`only the owning team (${owner ?? 'none'}) or the requesting team (${request.team}) may revoke ${request.id}`);
  }
  if (!PENDING.includes(request.state)) return conflict(`access request ${request.id} is ${request.state}: nothing to ${decision}`);
  if (!isAdmin(actor) && own === request.team) return forbidden(`team ${own} requested ${request.id}: a team does not decide on its own request`);
  const level = nextLevel(request);
  if (level === 1)
    return isOwner
      ? undefined
      : forbidden(`only the owning team of ${request.productId} (${owner ?? 'none'}) may ${decision} ${request.id}`, 'use a token of the owning team');
  const second = isAdmin(actor) || (own !== undefined && request.secondLevelApprovers.includes(own));
  if (decision === 'deny' && (second || isOwner)) return undefined;
  if (!second)
    return forbidden(
      `${request.id} waits for its second approval, by ${request.secondLevelApprovers.join(' or ')} (the role's secondLevelApprovers)`,
      'use a token of one of those teams',
    );
  if (request.approvedBy.includes(name)) return forbidden(`${name} gave the first approval of ${request.id}: the second comes from someone else`);
  return undefined;
}

const EVENT_TYPE: Record<AccessDecision, string> = { approve: 'approved', deny: 'denied', revoke: 'revoked' };

export async function decideAccess(
  store: CatalogStore,
  actor: Actor,
  id: string,
  decision: AccessDecision,
  reason: string | undefined,
  now: Date,
): Promise<AccessRequest> {
  const why = requiredText(reason, 'reason', 500, `dp access ${decision} ${id} --reason "..."`);
  return decideAndAppend(store, async () => {
    const events = await requestEvents(store, id);
    const request = accessRequest(events, now);
    const refused = refusal(decision, request, actor, await ownerOf(store, request.productId));
    if (refused) throw refused;
    const data: Record<string, unknown> = { reason: why };
    if (decision !== 'revoke') data.level = nextLevel(request);
    const event = nextEvent(events[0].stream, 'access', events, { type: EVENT_TYPE[decision], actor: actorName(actor), at: now.toISOString(), data });
    return {
      append: { events: [event], expect: [{ stream: event.stream, length: events.length }] },
      result: (seqs) => accessRequest([...events, { ...event, seq: seqs[0] }], now),
    };
  });
}
