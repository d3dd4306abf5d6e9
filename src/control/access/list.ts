/** `dp access list`: the requests and grants an actor may see, filtered by product, port, team and state. */
import type { ControlStore } from '../../catalog/events.js';
import { invalid, type Actor } from '../actor.js';
import { foldRequests, visibleAccessEvents } from './read.js';
import type { AccessRequest, AccessState } from './state.js';

export const ACCESS_STATES: readonly AccessState[] = ['pending', 'pending-second', 'approved', 'denied', 'revoked', 'expired'];

export interface AccessFilter {
  productId?: string;
  port?: string;
  /** The requesting team. */
  team?: string;
  /** Requests on the products this team owns now (an owner's queue). */
  ownedBy?: string;
  /** Requests of roles naming this team among their `secondLevelApprovers` (a second-level approver's queue). */
  approver?: string;
  states?: AccessState[];
}

export function checkStates(states: string[] | undefined): AccessState[] | undefined {
  const unknown = states?.filter((s) => !ACCESS_STATES.includes(s as AccessState));
  if (unknown && unknown.length > 0) throw invalid(`unknown state ${unknown.join(', ')}`, `states: ${ACCESS_STATES.join(', ')}`);
  return states as AccessState[] | undefined;
}

export async function listAccess(store: ControlStore, actor: Actor, filter: AccessFilter, now: Date): Promise<AccessRequest[]> {
  const states = checkStates(filter.states);
  const events = await visibleAccessEvents(store, actor, {
    productIds: filter.productId === undefined ? undefined : [filter.productId],
    teams: filter.team === undefined ? undefined : [filter.team],
    ownedBy: filter.ownedBy,
    audience: filter.approver,
  });
  return foldRequests(events, now).filter((r) => (filter.port === undefined || r.port === filter.port) && (states === undefined || states.includes(r.state)));
}
