/** The read endpoints of the API: one per `CatalogReader` method, so an HTTP client can implement the reader. */
import type { FastifyInstance } from 'fastify';
import { dpVersion } from '../version.js';
import { API_VERSION, type ServiceInfo } from '../catalog/http/wire.js';
import { NO_QUERY } from './cache-key.js';
import type { Edge } from '../catalog/store.js';
import type { Quality } from '../catalog/runs.js';
import type { ServerReads } from './read-model/reads.js';
import { jsonAnswer, notFoundAnswer, type Answer, type Responder } from './respond.js';
import { consumersQuery, listQuery, productParams, publishersQuery, versionParams } from './schemas.js';

interface ListQuery {
  q?: string;
  domain?: string;
  team?: string;
  status?: string;
  since?: string;
  quality?: Quality;
  limit?: number;
  offset?: number;
}

/** A list of items, kept in the cache only when it has some: an unknown product's lists are empty. */
function itemsAnswer(items: unknown[], stamp: string, products?: readonly string[]): Answer {
  return { ...jsonAnswer({ items }), stamp, products, cacheable: items.length > 0 };
}

/** The products a product's links show: itself and the other ends (a publish of any of them drops the answer). */
function linkedProducts(id: string, edges: Edge[]): string[] {
  return [...new Set([id, ...edges.flatMap((e) => [e.from.product, e.to.product])])];
}

const STAMPED = { stamped: true } as const;

export function registerApiRoutes(app: FastifyInstance, reads: ServerReads, respond: Responder, info: { authReads: boolean; bodyLimit: number }): void {
  app.get('/api', async (): Promise<ServiceInfo> => ({ service: 'dp-catalog', api: API_VERSION, dpVersion: dpVersion(), ...info }));

  app.get<{ Querystring: ListQuery }>('/api/products', { schema: { querystring: listQuery } }, (request, reply) =>
    respond(
      request,
      reply,
      async () => {
        const { q, domain, team, status, since, quality, limit, offset } = request.query;
        const model = await reads.current();
        const page = model.listProducts({ text: q || undefined, domain, team, status, publishedSince: since, quality, limit, offset });
        return { ...jsonAnswer(page), stamp: model.stamp, cacheable: page.items.length > 0 };
      },
      STAMPED,
    ),
  );

  app.get('/api/facets', { schema: { querystring: NO_QUERY } }, (request, reply) =>
    respond(
      request,
      reply,
      async () => {
        const model = await reads.current();
        return { ...jsonAnswer(model.facets()), stamp: model.stamp };
      },
      STAMPED,
    ),
  );

  app.get('/api/edges', { schema: { querystring: NO_QUERY } }, (request, reply) =>
    respond(
      request,
      reply,
      async () => {
        const model = await reads.current();
        return { ...jsonAnswer({ items: model.edges() }), stamp: model.stamp };
      },
      STAMPED,
    ),
  );

  app.get<{ Params: { id: string } }>('/api/products/:id', { schema: { params: productParams, querystring: NO_QUERY } }, (request, reply) =>
    respond(
      request,
      reply,
      async () => {
        const record = await reads.version(request.params.id);
        return record
          ? { ...jsonAnswer(record.value), stamp: record.stamp, products: [request.params.id] }
          : { ...notFoundAnswer(`no product ${request.params.id} in the catalog`), stamp: reads.model.stamp };
      },
      STAMPED,
    ),
  );

  app.get<{ Params: { id: string } }>('/api/products/:id/versions', { schema: { params: productParams, querystring: NO_QUERY } }, (request, reply) =>
    respond(
      request,
      reply,
      async () => {
        const versions = await reads.versions(request.params.id);
        return itemsAnswer(versions.value, versions.stamp, [request.params.id]);
      },
      STAMPED,
    ),
  );

  app.get<{ Params: { id: string; version: string } }>(
    '/api/products/:id/versions/:version',
    { schema: { params: versionParams, querystring: NO_QUERY } },
    (request, reply) =>
      respond(
        request,
        reply,
        async () => {
          const { id, version } = request.params;
          const record = await reads.version(id, version);
          return record
            ? { ...jsonAnswer(record.value), stamp: record.stamp, products: [id] }
            : { ...notFoundAnswer(`no version ${version} of product ${id} in the catalog`), stamp: reads.model.stamp };
        },
        STAMPED,
      ),
  );

  app.get<{ Params: { id: string }; Querystring: { port?: string } }>(
    '/api/products/:id/consumers',
    { schema: { params: productParams, querystring: consumersQuery } },
    (request, reply) =>
      respond(
        request,
        reply,
        async () => {
          const model = await reads.current();
          const edges = model.consumers(request.params.id, request.query.port || undefined);
          return itemsAnswer(edges, model.stamp, linkedProducts(request.params.id, edges));
        },
        STAMPED,
      ),
  );

  // From the read model; not kept in the answer cache (a key would hold up to 100 ids, and the answer is computed in memory).
  app.get<{ Querystring: { id: string | string[] } }>('/api/contracts/publishers', { schema: { querystring: publishersQuery } }, (request, reply) =>
    respond(request, reply, async () => {
      const model = await reads.current();
      const publishers = model.contractPublishers(([] as string[]).concat(request.query.id));
      return { ...jsonAnswer({ items: [...publishers].map(([contractId, products]) => ({ contractId, products })) }), stamp: model.stamp, cacheable: false };
    }),
  );

  app.get<{ Params: { id: string } }>('/api/products/:id/upstream', { schema: { params: productParams, querystring: NO_QUERY } }, (request, reply) =>
    respond(
      request,
      reply,
      async () => {
        const model = await reads.current();
        const edges = model.upstream(request.params.id);
        return itemsAnswer(edges, model.stamp, linkedProducts(request.params.id, edges));
      },
      STAMPED,
    ),
  );
}
