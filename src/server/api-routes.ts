/** The read endpoints of the API: one per `CatalogReader` method, so an HTTP client can implement the reader. */
import type { FastifyInstance } from 'fastify';
import { dpVersion } from '../version.js';
import { API_VERSION, type ServiceInfo } from '../catalog/http/wire.js';
import { NO_QUERY } from './cache-key.js';
import { jsonAnswer, jsonTextAnswer, notFoundAnswer, type Answer, type Responder, type ServerReader } from './respond.js';
import { consumersQuery, listQuery, productParams, versionParams } from './schemas.js';

interface ListQuery {
  q?: string;
  domain?: string;
  team?: string;
  status?: string;
  since?: string;
  limit?: number;
  offset?: number;
}


/** A list of items, kept in the cache only when it has some: an unknown product's lists are empty. */
function itemsAnswer(items: unknown[]): Answer {
  return { ...jsonAnswer({ items }), cacheable: items.length > 0 };
}

export function registerApiRoutes(app: FastifyInstance, reader: ServerReader, respond: Responder, info: { authReads: boolean; bodyLimit: number }): void {
  app.get('/api', async (): Promise<ServiceInfo> => ({ service: 'dp-catalog', api: API_VERSION, dpVersion: dpVersion(), ...info }));

  app.get<{ Querystring: ListQuery }>('/api/products', { schema: { querystring: listQuery } }, (request, reply) =>
    respond(request, reply, async () => {
      const { q, domain, team, status, since, limit, offset } = request.query;
      const { stamp, ...page } = await reader.listProducts({ text: q || undefined, domain, team, status, publishedSince: since, limit, offset });
      return { ...jsonAnswer(page), stamp, cacheable: page.items.length > 0 };
    }, { stamped: true }),
  );

  app.get('/api/facets', { schema: { querystring: NO_QUERY } }, (request, reply) => respond(request, reply, async () => jsonAnswer(await reader.facets())));

  app.get('/api/edges', { schema: { querystring: NO_QUERY } }, (request, reply) => respond(request, reply, async () => jsonAnswer({ items: await reader.edges() })));

  app.get<{ Params: { id: string } }>('/api/products/:id', { schema: { params: productParams, querystring: NO_QUERY } }, (request, reply) =>
    respond(request, reply, async () => {
      const record = await reader.versionJson(request.params.id);
      return record ? { ...jsonTextAnswer(record.json), stamp: record.stamp, products: [request.params.id] } : notFoundAnswer(`no product ${request.params.id} in the catalog`);
    }, { stamped: true }),
  );

  app.get<{ Params: { id: string } }>('/api/products/:id/versions', { schema: { params: productParams, querystring: NO_QUERY } }, (request, reply) =>
    respond(request, reply, async () => itemsAnswer(await reader.listVersions(request.params.id))),
  );

  app.get<{ Params: { id: string; version: string } }>('/api/products/:id/versions/:version', { schema: { params: versionParams, querystring: NO_QUERY } }, (request, reply) =>
    respond(request, reply, async () => {
      const { id, version } = request.params;
      const record = await reader.versionJson(id, version);
      return record ? { ...jsonTextAnswer(record.json), stamp: record.stamp, products: [id] } : notFoundAnswer(`no version ${version} of product ${id} in the catalog`);
    }, { stamped: true }),
  );

  app.get<{ Params: { id: string }; Querystring: { port?: string } }>(
    '/api/products/:id/consumers',
    { schema: { params: productParams, querystring: consumersQuery } },
    (request, reply) => respond(request, reply, async () => itemsAnswer(await reader.consumers(request.params.id, request.query.port || undefined))),
  );

  app.get<{ Params: { id: string } }>('/api/products/:id/upstream', { schema: { params: productParams, querystring: NO_QUERY } }, (request, reply) =>
    respond(request, reply, async () => itemsAnswer(await reader.upstream(request.params.id))),
  );
}
