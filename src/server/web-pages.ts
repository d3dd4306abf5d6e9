/** What the signed-in pages share: their dependencies, answering a page made for one session, and the reader's session. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CatalogStore } from '../catalog/store.js';
import { StoreControl } from '../control/plane.js';
import type { ControlSettings } from '../control/settings.js';
import { controlError } from './control-api.js';
import type { CatalogModel } from './read-model/catalog-model.js';
import { viewerOf, type ControlViews, type Produced } from './read-model/control-views.js';
import type { ServerReads } from './read-model/reads.js';
import { HTML_TYPE } from './respond.js';
import type { Sessions, WebSession } from './session.js';

export interface WebFormDeps {
  store: CatalogStore;
  sessions: Sessions;
  settings: ControlSettings;
  now: () => Date;
  /** The read model: the owning team of a product now, and the catalog's state views rest on. */
  reads: ServerReads;
  /** What signed-in pages show, kept per viewer (src/server/read-model/control-views.ts). */
  views: ControlViews;
}

/**
 * A viewer's view `name`, kept while nothing it rests on changed: `produce` gets the control plane as
 * the session's token and the read model at a state no older than this request.
 */
export async function keptView<T>(
  deps: WebFormDeps,
  session: WebSession,
  name: string,
  produce: (control: StoreControl, model: CatalogModel) => Promise<Produced<T>>,
): Promise<T> {
  // Both states read together: the catalog's (the model brought up to date) and the control plane's.
  const controlStamp = deps.views.controlStamp();
  controlStamp.catch(() => undefined);
  const model = await deps.reads.current();
  return deps.views.view(`${name}|${viewerOf(session.token)}`, model.stamp, () => asSession(deps, session, (control) => produce(control, model)), controlStamp);
}

/** What a kept view of text costs, and until when it holds. */
export const textView = (value: string, expiresAt?: number): Produced<string> => ({ value, size: value.length, expiresAt });

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
