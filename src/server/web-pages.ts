/** What the signed-in pages share: their dependencies, answering a page made for one session, and the reader's session. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CatalogStore } from '../catalog/store.js';
import { StoreControl } from '../control/plane.js';
import type { ControlSettings } from '../control/settings.js';
import { controlError } from './control-api.js';
import type { CatalogModel } from './read-model/catalog-model.js';
import { HTML_TYPE } from './respond.js';
import type { Sessions, WebSession } from './session.js';

export interface WebFormDeps {
  store: CatalogStore;
  sessions: Sessions;
  settings: ControlSettings;
  now: () => Date;
  /** The read model, for the owning team of a product now. */
  model: CatalogModel;
}

/** A page made for one session: never kept by any cache. */
export function sendPage(reply: FastifyReply, page: string, status = 200): FastifyReply {
  return reply.code(status).type(HTML_TYPE).header('Cache-Control', 'private, no-store').header('Vary', 'Cookie').send(page);
}

/** After a form: see the result at `to` (303, so that reloading does not send the form again). */
export const seeOther = (reply: FastifyReply, to: string): FastifyReply => reply.header('Cache-Control', 'no-store').redirect(to, 303);

/** The control plane as a session's token, with its refusals as the pages' errors. */
export async function asSession<T>(deps: WebFormDeps, session: WebSession, work: (control: StoreControl) => Promise<T>): Promise<T> {
  try {
    return await work(new StoreControl(deps.store, session.actor, deps.settings, deps.now));
  } catch (error) {
    throw controlError(error);
  }
}

/** The session of a page's reader, or undefined after sending it to sign in (and back here after). */
export async function readerOf(deps: WebFormDeps, request: FastifyRequest, reply: FastifyReply): Promise<WebSession | undefined> {
  const session = await deps.sessions.current(request);
  if (!session) seeOther(reply, `/sign-in?${new URLSearchParams({ next: request.url })}`);
  return session;
}

