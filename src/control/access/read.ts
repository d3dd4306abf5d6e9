/** Reading access requests from the catalog: one request, the requests of a product, what an actor may see. */
import type { ControlEvent, ControlFilter, ControlStore } from '../../catalog/events.js';
import type { CatalogStore } from '../../catalog/store.js';
import { forbidden, isAdmin, missing, teamOf, type Actor } from '../actor.js';
import { byStream, ID_PATTERN, streams } from '../log.js';
import { accessRequest, type AccessRequest } from './state.js';

/** A request's events, or a not-found error. */
export async function requestEvents(store: ControlStore, id: string): Promise<ControlEvent[]> {
  const events = ID_PATTERN.test(id) ? await store.controlEvents({ streams: [streams.access(id)] }) : [];
  if (events.length === 0) throw missing(`no access request ${id} in the catalog`, 'see `dp access list`');
  return events;
}

export function foldRequests(events: ControlEvent[], now: Date): AccessRequest[] {
  return [...byStream(events).values()].map((list) => accessRequest(list, now));
}

/** The requests of a product (of one port when given), as of `now`. */
export async function productRequests(store: ControlStore, productId: string, now: Date, port?: string): Promise<AccessRequest[]> {
  const requests = foldRequests(await store.controlEvents({ kinds: ['access'], productIds: [productId] }), now);
  return port === undefined ? requests : requests.filter((r) => r.port === port);
}

/** The current owning team of a product (its latest version's team.name), or a not-found error. */
export async function ownerOf(store: CatalogStore, productId: string): Promise<string | null> {
  const record = await store.getVersion(productId);
  if (!record) throw missing(`no product ${productId} in the catalog`);
  return record.team;
}

/**
 * Whether an actor may read a request (`owner`: the team owning its product now): an admin or a local
 * writer, its requesting team, the owning team, a second-level approver of its role. The same rule as
 * `visibleAccessEvents` below, for requests already read.
 */
export function mayRead(actor: Actor, request: AccessRequest, owner: string | null): boolean {
  if (isAdmin(actor)) return true;
  const team = teamOf(actor);
  return team !== undefined && (request.team === team || owner === team || request.secondLevelApprovers.includes(team));
}

/**
 * The access events an actor may read, narrowed by `filter`: everything for an admin or a local
 * writer; for a team, the requests it made, the requests on the products it owns now, and the
 * requests it approves at the second level (the role's `secondLevelApprovers`).
 */
export async function visibleAccessEvents(store: ControlStore, actor: Actor, filter: Omit<ControlFilter, 'kinds'>): Promise<ControlEvent[]> {
  const kinds: ControlFilter['kinds'] = ['access'];
  if (isAdmin(actor)) return store.controlEvents({ ...filter, kinds });
  const team = teamOf(actor);
  if (team === undefined) throw forbidden('a privacy token does not read access requests', 'use a token of your team, or an admin token');
  // The events of a few products: one query (the product's index) for all three ways of seeing them.
  if (filter.productIds !== undefined) return store.controlEvents({ ...filter, kinds, visibleTo: team });
  const mineAsked = filter.teams === undefined || filter.teams.includes(team);
  const ownedAsked = filter.ownedBy === undefined || filter.ownedBy === team;
  const approvedAsked = filter.audience === undefined || filter.audience === team;
  const [mine, owned, approved] = await Promise.all([
    mineAsked ? store.controlEvents({ ...filter, kinds, teams: [team] }) : [],
    ownedAsked ? store.controlEvents({ ...filter, kinds, ownedBy: team }) : [],
    approvedAsked ? store.controlEvents({ ...filter, kinds, audience: team }) : [],
  ]);
  const seen = new Set<number>();
  return [...mine, ...owned, ...approved].filter((e) => !seen.has(e.seq) && seen.add(e.seq)).sort((a, b) => a.seq - b.seq);
}
