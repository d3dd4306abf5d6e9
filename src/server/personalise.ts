/**
 * A signed-in reader's copy of a cached page. The answer cache holds only what
 * every reader may see (src/server/read-model/README.md, "Signed-in readers"):
 * the header's sign-in link and, on a product page, one access slot per output
 * port. After the cache, on the way out, a signed-in reader's copy gets the
 * header of its session and, in each slot, what its team may see of that port's
 * grants and requests with the request form (src/server/pages/port-access.ts).
 * Nothing of a session goes into the cache, so the cache cannot give one team's
 * page to another, nor a signed-in page to a reader who is not signed in.
 */
import type { FastifyRequest } from 'fastify';
import type { CatalogStore } from '../catalog/store.js';
import { foldRequests, mayRead } from '../control/access/read.js';
import { Batcher } from './read-model/batcher.js';
import type { AccessRequest } from '../control/access/state.js';
import { firstAfter, type ControlViews } from './read-model/control-views.js';
import type { ServerReads } from './read-model/reads.js';
import type { Personalise } from './respond.js';
import type { Sessions } from './session.js';
import { SIGN_IN_SLOT } from './pages/layout.js';
import { findSlots, portAccess } from './pages/port-access.js';
import { sessionNav } from './pages/session.js';
import type { WebSession } from './session.js';

/** What a page route asks for each request: how to personalise its page, or undefined for a reader who is not signed in. */
export type Personaliser = (request: FastifyRequest) => Promise<Personalise | undefined>;

export interface PersonaliseDeps {
  /** The requests on a product the reader may see (kept per viewer: src/server/read-model/control-views.ts). */
  requestsOf: (productId: string) => Promise<AccessRequest[]>;
  /** The team owning a product now (the read model's). */
  ownerOf: (productId: string) => string | null;
}

/**
 * The access requests of a product, every viewer's, read for the requests of a turn together on
 * PostgreSQL and kept in the control views until an event, a publish or a grant's end changes them;
 * each reader's copy keeps only what its token may read (`mayRead`, the control plane's rule).
 */
export function productRequests(
  store: CatalogStore,
  views: ControlViews,
  now: () => Date,
): (productId: string, catalogStamp: string, controlStamp: Promise<string>) => Promise<AccessRequest[]> {
  const readMany = async (ids: string[]) => {
    const events = await store.controlEvents({ kinds: ['access'], productIds: ids });
    const byProduct = new Map<string, AccessRequest[]>(ids.map((id) => [id, []]));
    for (const r of foldRequests(events, now())) byProduct.get(r.productId)?.push(r);
    return byProduct;
  };
  const batch = store.kind === 'postgres' ? new Batcher(readMany) : undefined;
  const read = async (id: string) => (batch ? ((await batch.load(id)) ?? []) : ((await readMany([id])).get(id) ?? []));
  return (productId, catalogStamp, controlStamp) =>
    views.view(
      `product-requests|${productId}`,
      catalogStamp,
      async () => {
        const list = await read(productId);
        return {
          value: list,
          size: JSON.stringify(list).length,
          expiresAt: firstAfter(
            list.filter((r) => r.state === 'approved').map((r) => r.until),
            now().getTime(),
          ),
        };
      },
      controlStamp,
    );
}

export function makePersonaliser(sessions: Sessions, deps: { store: CatalogStore; now: () => Date; reads: ServerReads; views: ControlViews }): Personaliser {
  const ownerOf = (id: string) => deps.reads.model.summary(id)?.team ?? null;
  const requestsOfProduct = productRequests(deps.store, deps.views, deps.now);
  return async (request) => {
    if (!sessions.hasCookie(request)) return undefined;
    // The control stamp is read while the session is looked up (and the page answered): one wait, not three.
    const controlStamp = deps.views.controlStamp();
    controlStamp.catch(() => undefined);
    const session = await sessions.current(request);
    if (!session) return undefined;
    // The page came from the model at this state or a later one: the requests are read at it.
    const requestsOf = async (productId: string) => {
      const owner = ownerOf(productId);
      return (await requestsOfProduct(productId, deps.reads.model.stamp, controlStamp)).filter((r) => mayRead(session.actor, r, owner));
    };
    return (page) => personalise(page, session, { requestsOf, ownerOf });
  };
}

/** The page with the session's header and, on a product page, its access slots filled in. */
export async function personalise(page: string, session: WebSession, deps: PersonaliseDeps): Promise<string> {
  const nav = sessionNav(session).value;
  const withNav = page.replace(SIGN_IN_SLOT, () => nav);
  const slots = findSlots(withNav);
  if (slots.length === 0) return withNav;
  const product = slots[0].slot.product;
  const privacy = session.token.privacy && !session.token.admin;
  const requests = privacy ? undefined : await deps.requestsOf(product);
  const owner = deps.ownerOf(product);
  let out = '';
  let at = 0;
  for (const { slot, start, end } of slots) {
    out += withNav.slice(at, start) + portAccess(slot, requests, session, owner).value;
    at = end;
  }
  return out + withNav.slice(at);
}
