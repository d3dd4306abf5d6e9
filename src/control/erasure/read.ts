/** Reading erasure requests and tasks, as far as an actor may see them. */
import type { ControlStore } from '../../catalog/events.js';
import type { CatalogStore } from '../../catalog/store.js';
import { forbidden, isAdmin, isPrivacyOffice, missing, teamOf, type Actor } from '../actor.js';
import { byStream, ID_PATTERN, streams } from '../log.js';
import { erasureRequest, erasureTask, type ErasureRequest, type ErasureTask } from './state.js';

/** A request with all its tasks, or a not-found error. */
export async function readErasure(store: ControlStore, id: string, now: Date): Promise<ErasureRequest> {
  const events = ID_PATTERN.test(id) && id.startsWith('era_') ? await store.controlEvents({ streams: [streams.erasure(id)] }) : [];
  if (events.length === 0) throw missing(`no erasure request ${id} in the catalog`, 'see `dp erase status`');
  const tasks = [...byStream(await store.controlEvents({ streamPrefix: streams.tasksOf(id) })).values()].map((list) => erasureTask(list, now));
  return erasureRequest(
    events,
    tasks.sort((a, b) => (a.productId < b.productId ? -1 : 1)),
  );
}

/** The products a team owns now, among `productIds`. */
async function ownedAmong(store: CatalogStore, team: string, productIds: string[]): Promise<Set<string>> {
  const records = await store.latestVersions(productIds);
  return new Set([...records.values()].filter((r) => r.team === team).map((r) => r.productId));
}

/**
 * What an actor may see of a request: all of it for the privacy office and admins; for a team, the
 * request with only the tasks of the products it owns now (none: not found, as if absent).
 */
export async function visibleErasure(store: CatalogStore, actor: Actor, request: ErasureRequest): Promise<ErasureRequest> {
  if (isPrivacyOffice(actor) || isAdmin(actor)) return request;
  const team = teamOf(actor);
  const owned =
    team === undefined
      ? new Set<string>()
      : await ownedAmong(
          store,
          team,
          request.tasks.map((t) => t.productId),
        );
  const tasks = request.tasks.filter((t) => owned.has(t.productId));
  if (tasks.length === 0) throw missing(`no erasure request ${request.id} for the products of your team`);
  // The salted hash is the privacy office's audit trail: a team holding the salt could test guesses against it.
  return { ...request, tasks, subjectHash: '', salt: '' };
}

/** Every erasure request an actor may see, newest first. */
export async function listErasures(store: CatalogStore, actor: Actor, now: Date): Promise<ErasureRequest[]> {
  const privileged = isPrivacyOffice(actor) || isAdmin(actor);
  const team = teamOf(actor);
  if (!privileged && team === undefined) throw forbidden('this token may not read erasure requests');
  const taskEvents = await store.controlEvents(privileged ? { kinds: ['erasure-task'] } : { kinds: ['erasure-task'], ownedBy: team });
  const tasks = [...byStream(taskEvents).values()].map((list) => erasureTask(list, now));
  const ids = [...new Set(tasks.map((t) => t.requestId))];
  const requests = byStream(await store.controlEvents({ kinds: ['erasure'], streams: ids.map(streams.erasure) }));
  return ids
    .filter((id) => requests.has(streams.erasure(id)))
    .map((id) =>
      erasureRequest(
        requests.get(streams.erasure(id))!,
        tasks.filter((t) => t.requestId === id),
      ),
    )
    .map((r) => (privileged ? r : { ...r, subjectHash: '', salt: '' }))
    .sort((a, b) => (a.requestedAt < b.requestedAt ? 1 : -1));
}

/** The tasks of a product, or a forbidden error for a team that does not own it now. */
export async function productTasks(store: CatalogStore, actor: Actor, productId: string, now: Date): Promise<ErasureTask[]> {
  const record = await store.getVersion(productId);
  if (!record) throw missing(`no product ${productId} in the catalog`);
  if (!isAdmin(actor) && (teamOf(actor) === undefined || teamOf(actor) !== record.team)) {
    throw forbidden(`only the owning team of ${productId} (${record.team ?? 'none'}) reads and executes its erasure tasks`, 'use a token of the owning team');
  }
  const events = await store.controlEvents({ kinds: ['erasure-task'], productIds: [productId] });
  return [...byStream(events).values()].map((list) => erasureTask(list, now));
}
