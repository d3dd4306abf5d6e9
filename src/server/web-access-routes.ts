/**
 * Access in the web catalog: a team's requests (`/access`), its queue
 * (`/access/queue`), one request (`/access/{id}`), and the forms: a request on
 * an output port, and approve, deny or revoke with a reason. Every form needs
 * the session's CSRF token; every decision is the control plane's, with the
 * session's token as the actor, exactly as through the API.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TokenRecord } from '../catalog/store.js';
import type { StoreControl } from '../control/plane.js';
import { firstAfter } from './read-model/control-views.js';
import { NO_SESSION, sessionPage } from './pages/session.js';
import type { AccessDecision } from '../control/access/decide.js';
import type { AccessRequest } from '../control/access/state.js';
import { html, type SafeHtml } from './html.js';
import { choicesOf, decisionForm, renderAccessList, renderAccessRequest, type Section } from './pages/access.js';
import type { WebSession } from './session.js';
import { localPath } from './session.js';
import { asSession, keptView, readerOf, seeOther, sendPage, textView, type WebFormDeps } from './web-pages.js';
import { PAGE } from './web-routes.js';
import { ApiError } from './errors.js';

const field = (max: number) => ({ type: 'string', maxLength: max });
const requestBody = { type: 'object', properties: { csrf: field(100), role: field(200), purpose: field(500), until: field(40) } };
const decisionBody = { type: 'object', properties: { csrf: field(100), reason: field(500), next: field(500) } };
const idParams = { type: 'object', required: ['id'], properties: { id: field(40) } };
const decisionParams = { type: 'object', required: ['id', 'decision'], properties: { id: field(40), decision: { enum: ['approve', 'deny', 'revoke'] } } };
const portParams = { type: 'object', required: ['id', 'port'], properties: { id: field(200), port: field(200) } };
const PENDING = ['pending', 'pending-second'] as const;

const newestFirst = (list: AccessRequest[]): AccessRequest[] =>
  [...list].sort((a, b) => (a.requestedAt < b.requestedAt ? 1 : a.requestedAt > b.requestedAt ? -1 : 0));

function privacyRefusal(session: WebSession): void {
  if (session.token.privacy && !session.token.admin)
    throw new ApiError('forbidden', 'a privacy token neither reads nor decides access requests: sign in with a token of your team');
}

/** The sections of a reader's queue: pending requests on the products it owns, those waiting for its second approval, and the grants it gave. */
async function queueSections(control: StoreControl, token: TokenRecord): Promise<Section[]> {
  const team = token.team ?? undefined;
  if (token.admin || team === undefined) {
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
    {
      id: 'second',
      heading: 'Waiting for your second approval',
      requests: newestFirst(second.filter((r) => !owned.some((o) => o.id === r.id))),
      empty: 'No request waits for your team as a second-level approver.',
    },
    { id: 'granted', heading: 'Grants on your products', requests: newestFirst(granted), empty: 'No live grant on your products.' },
  ];
}

/** A team's requests: the open ones (grants and pending), then the closed ones. */
async function mineSections(control: StoreControl, token: TokenRecord): Promise<Section[]> {
  const team = token.admin ? undefined : (token.team ?? undefined);
  const mine = await control.listAccess(team === undefined ? {} : { team });
  const open = mine.filter((r) => r.state === 'approved' || PENDING.includes(r.state as (typeof PENDING)[number]));
  return [
    {
      id: 'open',
      heading: team ? "Your team's grants and pending requests" : 'Grants and pending requests',
      requests: newestFirst(open),
      empty: 'None: request access from an output port of a product page.',
    },
    { id: 'closed', heading: 'Denied, revoked and expired', requests: newestFirst(mine.filter((r) => !open.includes(r))), empty: 'None.' },
  ];
}

/** When a grant of these sections ends (the page then reads differently). */
const nextEnd = (sections: Section[], now: Date): number | undefined =>
  firstAfter(
    sections.flatMap((s) => s.requests.filter((r) => r.state === 'approved').map((r) => r.until)),
    now.getTime(),
  );

const MINE_INTRO = html`<p class="muted">Request a role of an output port from the port's section of its product page. Decisions are recorded with who, when and why.</p>`;
const QUEUE_INTRO = html`<p class="muted">Approve or deny with a reason. A role naming <code>secondLevelApprovers</code> needs their approval after yours.</p>`;

export function registerAccessPages(scope: FastifyInstance, deps: WebFormDeps): void {
  const ownerOf = (id: string) => deps.reads.model.summary(id)?.team ?? null;
  const formFor = (token: TokenRecord, session: { csrf: string }, next: string) => (r: AccessRequest) =>
    decisionForm(r, choicesOf(r, token, ownerOf(r.productId)), session, next);

  /** A list of requests (`name`: the team's, or its queue), kept per viewer, its forms' tokens filled in for the session. */
  const listPage =
    (name: 'access' | 'queue', sectionsOf: typeof mineSections, title: (token: TokenRecord) => string, intro: SafeHtml, next: string) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const session = await readerOf(deps, request, reply);
      if (!session) return reply;
      privacyRefusal(session);
      const body = await keptView(deps, session, name, async (control) => {
        const sections = await sectionsOf(control, session.token);
        return textView(
          renderAccessList({ title: title(session.token), intro, sections, form: formFor(session.token, NO_SESSION, next) }),
          nextEnd(sections, deps.now()),
        );
      });
      return sendPage(reply, sessionPage(title(session.token), body, session));
    };

  scope.get(
    '/access',
    { config: PAGE },
    listPage('access', mineSections, (t) => (t.admin ? 'Access requests' : `Access requests of ${t.team}`), MINE_INTRO, '/access'),
  );
  scope.get(
    '/access/queue',
    { config: PAGE },
    listPage('queue', queueSections, () => 'Your queue', QUEUE_INTRO, '/access/queue'),
  );

  scope.get<{ Params: { id: string } }>('/access/:id', { schema: { params: idParams }, config: PAGE }, async (request, reply) => {
    const session = await readerOf(deps, request, reply);
    if (!session) return reply;
    const r = await asSession(deps, session, (control) => control.accessRequest(request.params.id));
    return sendPage(reply, renderAccessRequest(r, session, formFor(session.token, session, `/access/${r.id}`)(r)));
  });

  scope.post<{ Params: { id: string; port: string }; Body: { csrf?: string; role?: string; purpose?: string; until?: string } }>(
    '/products/:id/ports/:port/access',
    { schema: { params: portParams, body: requestBody }, config: PAGE },
    async (request, reply) => {
      const session = await deps.sessions.forForm(request, request.body?.csrf);
      const { id, port } = request.params;
      const b = request.body ?? {};
      await asSession(deps, session, (control) =>
        control.requestAccess({ productId: id, port, role: b.role ?? '', purpose: b.purpose?.trim() || undefined, until: b.until?.trim() || undefined }),
      );
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
