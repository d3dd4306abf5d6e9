/**
 * Erasure requests in the web catalog: the list a reader may see (`/erasure`)
 * and one request's tasks, done, pending and overdue (`/erasure/{id}`). Reads
 * only: requests are filed and tasks carried out with `dp erase`. The pages
 * show no subject identifier (src/server/pages/erasure.ts). Both are views kept
 * per viewer until an event, a publish or a deadline changes them.
 */
import type { FastifyInstance } from 'fastify';
import { firstAfter } from './read-model/control-views.js';
import type { ErasureRequest } from '../control/erasure/state.js';
import { renderErasureList, renderErasureStatus } from './pages/erasure.js';
import { sessionPage } from './pages/session.js';
import { keptView, readerOf, sendPage, textView, type WebFormDeps } from './web-pages.js';
import { PAGE } from './web-routes.js';

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 40 } } };
const pageQuery = { type: 'object', additionalProperties: false, properties: { page: { type: 'integer', minimum: 1, maximum: 100_000, default: 1 } } };

/** When a pending task of these requests turns overdue. */
const nextDeadline = (requests: ErasureRequest[], now: Date): number | undefined =>
  firstAfter(
    requests.flatMap((r) => r.tasks.filter((t) => t.status === 'pending').map((t) => t.deadline)),
    now.getTime(),
  );

export function registerErasurePages(scope: FastifyInstance, deps: WebFormDeps): void {
  scope.get('/erasure', { config: PAGE }, async (request, reply) => {
    const session = await readerOf(deps, request, reply);
    if (!session) return reply;
    const body = await keptView(deps, session, 'erasures', async (control) => {
      const requests = await control.erasures();
      return textView(renderErasureList(requests, session.token), nextDeadline(requests, deps.now()));
    });
    return sendPage(reply, sessionPage('Erasure requests', body, session));
  });

  scope.get<{ Params: { id: string }; Querystring: { page: number } }>(
    '/erasure/:id',
    { schema: { params: idParams, querystring: pageQuery }, config: PAGE },
    async (request, reply) => {
      const session = await readerOf(deps, request, reply);
      if (!session) return reply;
      const { id } = request.params;
      const body = await keptView(deps, session, `erasure|${id}|${request.query.page}`, async (control) => {
        const erasure = await control.erasure(id);
        return textView(renderErasureStatus(erasure, request.query.page), nextDeadline([erasure], deps.now()));
      });
      return sendPage(reply, sessionPage(`Erasure request ${id}`, body, session));
    },
  );
}
