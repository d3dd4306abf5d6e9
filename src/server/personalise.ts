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
import { StoreControl } from '../control/plane.js';
import type { ControlSettings } from '../control/settings.js';
import { isPrivacyOffice } from '../control/actor.js';
import type { CatalogModel } from './read-model/catalog-model.js';
import type { Personalise } from './respond.js';
import type { Sessions } from './session.js';
import { SIGN_IN_SLOT } from './pages/layout.js';
import { findSlots, portAccess } from './pages/port-access.js';
import { sessionNav } from './pages/session.js';
import type { WebSession } from './session.js';

/** What a page route asks for each request: how to personalise its page, or undefined for a reader who is not signed in. */
export type Personaliser = (request: FastifyRequest) => Promise<Personalise | undefined>;

export function makePersonaliser(sessions: Sessions, deps: { store: CatalogStore; settings: ControlSettings; now: () => Date; model: CatalogModel }): Personaliser {
  const ownerOf = (id: string) => deps.model.summary(id)?.team ?? null;
  return async (request) => {
    const session = await sessions.current(request);
    if (!session) return undefined;
    const control = new StoreControl(deps.store, session.actor, deps.settings, deps.now);
    return (page) => personalise(page, session, { control, ownerOf });
  };
}

export interface PersonaliseDeps {
  /** The control plane acting as the session's token. */
  control: StoreControl;
  /** The team owning a product now (the read model's). */
  ownerOf: (productId: string) => string | null;
}

/** The page with the session's header and, on a product page, its access slots filled in. */
export async function personalise(page: string, session: WebSession, deps: PersonaliseDeps): Promise<string> {
  const nav = sessionNav(session).value;
  const withNav = page.replace(SIGN_IN_SLOT, () => nav);
  const slots = findSlots(withNav);
  if (slots.length === 0) return withNav;
  const product = slots[0].slot.product;
  const privacy = session.actor.kind === 'token' && isPrivacyOffice(session.actor) && !session.actor.admin;
  const requests = privacy ? undefined : await deps.control.listAccess({ productId: product });
  const owner = deps.ownerOf(product);
  let out = '';
  let at = 0;
  for (const { slot, start, end } of slots) {
    out += withNav.slice(at, start) + portAccess(slot, requests, session, owner).value;
    at = end;
  }
  return out + withNav.slice(at);
}
