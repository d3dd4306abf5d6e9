/**
 * The signed-in part of the web catalog: sign-in and sign-out, and the pages
 * and forms of access and erasure (web-access-routes.ts, web-erasure-routes.ts).
 * They live in a scope of their own, the only one that reads form bodies
 * (`application/x-www-form-urlencoded`, at most FORM_LIMIT bytes): the API
 * still takes JSON only. Their pages are never cached: each is made for its
 * session, and answered `Cache-Control: private, no-store`.
 */
import type { FastifyInstance } from 'fastify';
import { renderSignIn } from './pages/session.js';
import { checkSignInToken, localPath, signInToken } from './session.js';
import { seeOther, sendPage, type WebFormDeps } from './web-pages.js';
import { registerAccessPages } from './web-access-routes.js';
import { registerErasurePages } from './web-erasure-routes.js';
import { PAGE } from './web-routes.js';
import { ApiError } from './errors.js';

export type { WebFormDeps } from './web-pages.js';

export const FORM_LIMIT = 16 * 1024;

/** A form's fields: strings only (a repeated field keeps its first value), in an object without a prototype. */
function parseForm(text: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [name, value] of new URLSearchParams(text)) if (!(name in out)) out[name] = value;
  return out;
}

const signInBody = {
  type: 'object',
  properties: { token: { type: 'string', maxLength: 200 }, csrf: { type: 'string', maxLength: 100 }, next: { type: 'string', maxLength: 500 } },
};
const nextQuery = { type: 'object', additionalProperties: false, properties: { next: { type: 'string', maxLength: 500 } } };

function registerSignIn(scope: FastifyInstance, deps: WebFormDeps): void {
  scope.get<{ Querystring: { next?: string } }>('/sign-in', { schema: { querystring: nextQuery }, config: PAGE }, async (request, reply) => {
    const session = await deps.sessions.current(request);
    return sendPage(reply, renderSignIn({ csrf: signInToken(request, reply), next: localPath(request.query.next, '/access'), session }));
  });

  scope.post<{ Body: { token?: string; csrf?: string; next?: string } }>('/sign-in', { schema: { body: signInBody }, config: PAGE }, async (request, reply) => {
    checkSignInToken(request, request.body?.csrf);
    const next = localPath(request.body?.next, '/access');
    try {
      await deps.sessions.signIn(request, reply, request.body?.token ?? '');
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'unauthenticated') throw error;
      const page = renderSignIn({
        csrf: signInToken(request, reply),
        next,
        error: 'That token is not valid (unknown or revoked). Nothing was stored; check it and try again.',
      });
      return sendPage(reply, page, 401);
    }
    return seeOther(reply, next);
  });

  scope.post<{ Body: { csrf?: string } }>(
    '/sign-out',
    { schema: { body: { type: 'object', properties: { csrf: { type: 'string', maxLength: 100 } } } }, config: PAGE },
    async (request, reply) => {
      // Without a live session there is nothing to end (its cookie is cleared all the same).
      if (await deps.sessions.current(request)) await deps.sessions.forForm(request, request.body?.csrf);
      await deps.sessions.signOut(request, reply);
      return seeOther(reply, '/');
    },
  );
}

/** The signed-in web catalog, in a scope of its own (see above). */
export function registerWebForms(app: FastifyInstance, deps: WebFormDeps): void {
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_LIMIT }, (_request, body, done) =>
      done(null, parseForm(String(body))),
    );
    registerSignIn(scope, deps);
    registerAccessPages(scope, deps);
    registerErasurePages(scope, deps);
  });
}
