/**
 * Erasure requests in the web catalog: the list a reader may see (`/erasure`)
 * and one request's tasks, done, pending and overdue (`/erasure/{id}`). Reads
 * only: requests are filed and tasks carried out with `dp erase`. The pages
 * show no subject identifier (src/server/pages/erasure.ts).
 */
import type { FastifyInstance } from 'fastify';
import { renderErasureList, renderErasureStatus } from './pages/erasure.js';
import { asSession, readerOf, sendPage, type WebFormDeps } from './web-pages.js';
import { PAGE } from './web-routes.js';

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 40 } } };
const pageQuery = { type: 'object', additionalProperties: false, properties: { page: { type: 'integer', minimum: 1, maximum: 100_000, default: 1 } } };

export function registerErasurePages(scope: FastifyInstance, deps: WebFormDeps): void {
  scope.get('/erasure', { config: PAGE }, async (request, reply) => {
    const session = await readerOf(deps, request, reply);
    if (!session) return reply;
    return sendPage(reply, renderErasureList(await asSession(deps, session, (control) => control.erasures()), session));
  });

  scope.get<{ Params: { id: string }; Querystring: { page: number } }>('/erasure/:id', { schema: { params: idParams, querystring: pageQuery }, config: PAGE }, async (request, reply) => {
    const session = await readerOf(deps, request, reply);
    if (!session) return reply;
    const erasure = await asSession(deps, session, (control) => control.erasure(request.params.id));
    return sendPage(reply, renderErasureStatus(erasure, session, request.query.page));
  });
}
