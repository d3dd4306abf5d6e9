/**
 * Access in the web catalog: a team's requests (`/access`), its queue
 * (`/access/queue`), one request (`/access/{id}`), and the forms: a request on
 * an output port, and approve, deny or revoke with a reason. Every form needs
 * the session's CSRF token; every decision is the control plane's, with the
 * session's token as the actor, exactly as through the API.
 */
import type { FastifyInstance } from 'fastify';
import type { AccessDecision } from '../control/access/decide.js';
import type { AccessRequest } from '../control/access/state.js';
import { html } from './html.js';
import { choicesOf, decisionForm, renderAccessList, renderAccessRequest, type Section } from './pages/access.js';
import type { WebSession } from './session.js';
import { localPath } from './session.js';
import { asSession, readerOf, seeOther, sendPage, type WebFormDeps } from './web-pages.js';
import { PAGE } from './web-routes.js';
import { ApiError } from './errors.js';

const field = (max: number) => ({ type: 'string', maxLength: max });
const requestBody = { type: 'object', properties: { csrf: field(100), role: field(200), purpose: field(500), until: field(40) } };
const decisionBody = { type: 'object', properties: { csrf: field(100), reason: field(500), next: field(500) } };
const idParams = { type: 'object', required: ['id'], properties: { id: field(40) } };
const decisionParams = { type: 'object', required: ['id', 'decision'], properties: { id: field(40), decision: { enum: ['approve', 'deny', 'revoke'] } } };
const portParams = { type: 'object', required: ['id', 'port'], properties: { id: field(200), port: field(200) } };
const PENDING = ['pending', 'pending-second'] as const;

const newestFirst = (list: AccessRequest[]): AccessRequest[] => [...list].sort((a, b) => (a.requestedAt < b.requestedAt ? 1 : a.requestedAt > b.requestedAt ? -1 : 0));

function privacyRefusal(session: WebSession): void {
  if (session.token.privacy && !session.token.admin) throw new ApiError('forbidden', 'a privacy token neither reads nor decides access requests: sign in with a token of your team');
}

/** The sections of a reader's queue: pending requests on the products it owns, those waiting for its second approval, and the grants it gave. */
async function queueSections(deps: WebFormDeps, session: WebSession): Promise<Section[]> {
  return asSession(deps, session, async (control) => {
    const team = session.token.team ?? undefined;
    if (session.token.admin || team === undefined) {
      const pending = await control.listAccess({ states: [...PENDING] });
      return [{ id: 'pending', heading: 'Waiting for a decision', requests: newestFirst(pending), empty: 'Nothing waits for a decision.' }];
    }
    const [owned, second, granted] = await Promise.all([
      control.listAccess({ ownedBy: team, states: [...PENDING] }),
      control.listAccess({ approver: team, states: ['pending-second'] }),
      control.listAccess({ ownedBy: team, states: ['approved'] }),
    ]);
    return [
      { id: 'pending', heading: 'Requests on your products', requests: newestFirst(owned), empty: 'No request waits on your products.' },
      { id: 'second', heading: 'Waiting for your second approval', requests: newestFirst(second.filter((r) => !owned.some((o) => o.id === r.id))), empty: 'No request waits for your team as a second-level approver.' },
      { id: 'granted', heading: 'Grants on your products', requests: newestFirst(granted), empty: 'No live grant on your products.' },
    ];
  });
}

export function registerAccessPages(scope: FastifyInstance, deps: WebFormDeps): void {
  const ownerOf = (id: string) => deps.model.summary(id)?.team ?? null;
  const formFor = (session: WebSession, next: string) => (r: AccessRequest) => decisionForm(r, choicesOf(r, session, ownerOf(r.productId)), session, next);

  scope.get('/access', { config: PAGE }, async (request, reply) => {
    const session = await readerOf(deps, request, reply);
    if (!session) return reply;
    privacyRefusal(session);
    const team = session.token.admin ? undefined : (session.token.team ?? undefined);
    const mine = await asSession(deps, session, (control) => control.listAccess(team === undefined ? {} : { team }));
    const open = mine.filter((r) => r.state === 'approved' || PENDING.includes(r.state as (typeof PENDING)[number]));
    const sections: Section[] = [
      { id: 'open', heading: team ? "Your team's grants and pending requests" : 'Grants and pending requests', requests: newestFirst(open), empty: 'None: request access from an output port of a product page.' },
      { id: 'closed', heading: 'Denied, revoked and expired', requests: newestFirst(mine.filter((r) => !open.includes(r))), empty: 'None.' },
    ];
    const intro = html`<p class="muted">Request a role of an output port from the port's section of its product page. Decisions are recorded with who, when and why.</p>`;
    return sendPage(reply, renderAccessList({ title: team ? `Access requests of ${team}` : 'Access requests', intro, sections, session, form: formFor(session, '/access') }));
  });

  scope.get('/access/queue', { config: PAGE }, async (request, reply) => {
    const session = await readerOf(deps, request, reply);
    if (!session) return reply;
    privacyRefusal(session);
    const intro = html`<p class="muted">Approve or deny with a reason. A role naming <code>secondLevelApprovers</code> needs their approval after yours.</p>`;
    return sendPage(reply, renderAccessList({ title: 'Your queue', intro, sections: await queueSections(deps, session), session, form: formFor(session, '/access/queue') }));
  });

  scope.get<{ Params: { id: string } }>('/access/:id', { schema: { params: idParams }, config: PAGE }, async (request, reply) => {
    const session = await readerOf(deps, request, reply);
    if (!session) return reply;
    const r = await asSession(deps, session, (control) => control.accessRequest(request.params.id));
    return sendPage(reply, renderAccessRequest(r, session, formFor(session, `/access/${r.id}`)(r)));
  });

  scope.post<{ Params: { id: string; port: string }; Body: { csrf?: string; role?: string; purpose?: string; until?: string } }>(
    '/products/:id/ports/:port/access',
    { schema: { params: portParams, body: requestBody }, config: PAGE },
    async (request, reply) => {
      const session = await deps.sessions.forForm(request, request.body?.csrf);
      const { id, port } = request.params;
      const b = request.body ?? {};
      await asSession(deps, session, (control) => control.requestAccess({ productId: id, port, role: b.role ?? '', purpose: b.purpose?.trim() || undefined, until: b.until?.trim() || undefined }));
      return seeOther(reply, `/products/${encodeURIComponent(id)}#port-${encodeURIComponent(port)}`);
    },
  );

  scope.post<{ Params: { id: string; decision: AccessDecision }; Body: { csrf?: string; reason?: string; next?: string } }>(
    '/access/:id/:decision',
    { schema: { params: decisionParams, body: decisionBody }, config: PAGE },
    async (request, reply) => {
      const session = await deps.sessions.forForm(request, request.body?.csrf);
      const { id, decision } = request.params;
      await asSession(deps, session, (control) => control.decideAccess(id, decision, request.body?.reason));
      return seeOther(reply, localPath(request.body?.next, `/access/${id}`));
    },
  );
}
