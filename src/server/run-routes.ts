/**
 * Test runs over HTTP: POST /api/runs records runs (`dp test --publish` with
 * a catalog server), GET /api/products/{id}/runs pages a product's runs, and
 * GET /api/products/{id}/runs/latest gives the latest of each port and
 * server. Recording authenticates before the body is read, and checks the
 * token's team against the team owning each product as stored, never against
 * what the request says (src/catalog/record-runs.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { recordRuns } from '../catalog/record-runs.js';
import type { RunCandidate, RunQuery } from '../catalog/runs.js';
import type { CatalogStore, TokenRecord } from '../catalog/store.js';
import type { Authenticator } from './auth.js';
import { publisherName, refuseEncoded } from './publish-route.js';
import type { ServerReads } from './read-model/reads.js';
import { jsonAnswer, type Responder } from './respond.js';
import { runsBody, runsQuery } from './run-schemas.js';
import { NO_QUERY } from './cache-key.js';
import { productParams } from './schemas.js';
import { bodyDeadline } from './timeouts.js';

const STAMPED = { stamped: true } as const;

export interface RunRouteDeps {
  store: CatalogStore;
  reads: ServerReads;
  respond: Responder;
  auth: Authenticator;
  bodyTimeoutMs: number;
}

export function registerRunRoutes(app: FastifyInstance, deps: RunRouteDeps): void {
  const tokens = new WeakMap<object, TokenRecord>();
  const authenticate = async (request: FastifyRequest) => {
    tokens.set(request, await deps.auth.authenticate(request.headers.authorization));
  };
  const onRequest = [bodyDeadline(deps.bodyTimeoutMs), authenticate, refuseEncoded];
  app.post<{ Body: { publisher?: string; runs: RunCandidate[] } }>('/api/runs', { schema: { body: runsBody }, onRequest }, async (request, reply) => {
    const token = tokens.get(request)!;
    const caller = { kind: 'token' as const, id: token.id, admin: token.admin, team: token.team };
    const outcomes = await recordRuns(deps.store, request.body.runs, { publisher: publisherName(request.body.publisher, token) }, caller);
    return reply.code(200).send({ outcomes });
  });

  app.get<{ Params: { id: string }; Querystring: RunQuery }>(
    '/api/products/:id/runs',
    { schema: { params: productParams, querystring: runsQuery } },
    (request, reply) =>
      deps.respond(
        request,
        reply,
        async () => {
          const { value, stamp } = await deps.reads.runs(request.params.id, request.query);
          return { ...jsonAnswer(value), stamp, products: [request.params.id], cacheable: value.items.length > 0 };
        },
        STAMPED,
      ),
  );

  app.get<{ Params: { id: string } }>('/api/products/:id/runs/latest', { schema: { params: productParams, querystring: NO_QUERY } }, (request, reply) =>
    deps.respond(
      request,
      reply,
      async () => {
        const { value, stamp } = await deps.reads.latestRuns(request.params.id);
        return { ...jsonAnswer({ items: value }), stamp, products: [request.params.id], cacheable: value.length > 0 };
      },
      STAMPED,
    ),
  );
}
