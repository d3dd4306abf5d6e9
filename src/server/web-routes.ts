/** The web catalog: home (search and facets), product pages, the mesh, and the two static assets. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ASSETS } from './assets.js';
import { loadMesh } from './mesh-data.js';
import { QUALITIES } from '../catalog/runs.js';
import { freshSince, PAGE_SIZE, renderHome, type HomeQuery } from './pages/home.js';
import { ageChangesAt, notFoundBody, renderPage } from './pages/layout.js';
import { renderMesh } from './pages/mesh.js';
import { renderProduct } from './pages/product.js';
import { declaredQuery, keyOf } from './cache-key.js';
import type { PageCache } from './read-model/page-cache.js';
import type { ServerReads } from './read-model/reads.js';
import type { WarmSource } from './read-model/warm.js';
import { warmingFull } from './read-model/warm.js';
import { htmlAnswer, prime, type Answer, type Responder } from './respond.js';
import type { Personaliser } from './personalise.js';

const text = { type: 'string', maxLength: 500 } as const;
// Unknown query parameters are removed (ajv's removeAdditional): they take no part in the answer or its cache key.
const homeQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    q: text,
    domain: text,
    team: text,
    status: text,
    quality: { enum: ['', ...QUALITIES] },
    fresh: text,
    page: { type: 'integer', minimum: 1, maximum: 100_000, default: 1 },
  },
} as const;
const productQuery = { type: 'object', additionalProperties: false, properties: { version: { type: 'string', maxLength: 100 } } } as const;
const meshQuery = { type: 'object', additionalProperties: false, properties: { around: text, domain: text } } as const;
const PRODUCT_ROUTE = '/products/:id';

/** The cache key of the page of a product's latest version, as a request for it gets (src/server/cache-key.ts). */
export function productPageKey(id: string): string {
  return keyOf(
    PRODUCT_ROUTE,
    [id],
    declaredQuery({ querystring: productQuery }).map(() => undefined),
  );
}

/** Route option marking a page: its errors are answered in HTML. */
export const PAGE = { page: true } as const;

function notFoundPage(what: string): Answer {
  return htmlAnswer(renderPage({ title: 'Not found', body: notFoundBody(what) }), 404);
}

/**
 * A product page (of its latest version, or of `version`), with what the cache needs: the state it
 * was read in, when its relative time ("published 3 hours ago") would read differently, and the
 * products it shows (itself and its neighbours: a publish of any other leaves it as it is).
 */
export async function productPageAnswer(reads: ServerReads, id: string, version: string | undefined, now: Date): Promise<Answer> {
  const data = await reads.productPage(id, version);
  if (!data) {
    const page = notFoundPage(version ? `There is no version ${version} of product ${id}.` : `There is no product ${id} in the catalog.`);
    return { ...page, stamp: reads.model.stamp };
  }
  // Upstream and consumers are links of the latest versions; an older version's page still shows them as today's mesh.
  const products = [id, ...data.upstream.map((e) => e.from.product), ...data.consumers.map((e) => e.to.product)];
  const html = renderProduct({ ...data, now });
  // Every relative time it shows (the publish, each latest run) reads differently at its own moment: the soonest counts.
  const expiresAt = Math.min(ageChangesAt(data.record.publishedAt, now), ...data.latestRuns.map((r) => ageChangesAt(r.startedAt, now)));
  return { ...htmlAnswer(html), stamp: data.stamp, expiresAt, products };
}

/** Warming of product pages: each kept as a request for its link (`productHref`) would keep it. */
export function productPageWarming(reads: ServerReads, cache: PageCache, now: () => Date): WarmSource {
  return {
    prepare: async () => {
      await reads.current();
    },
    listIds: async (offset, limit) => (await reads.current()).listProducts({ offset, limit }).items.map((p) => p.id),
    warm: (id) => prime(cache, productPageKey(id), () => productPageAnswer(reads, id, undefined, now()), { stamped: true }),
    full: () => warmingFull(cache),
  };
}

export function sendNotFoundPage(reply: FastifyReply, what: string): FastifyReply {
  const page = notFoundPage(what);
  return reply.code(page.status).type(page.type).send(page.body);
}

/** The pages every reader sees, from the cache; a signed-in reader's copy is personalised after it (`personaliser`). */
export function registerWebRoutes(app: FastifyInstance, reads: ServerReads, respond: Responder, now: () => Date, personaliser: Personaliser): void {
  for (const asset of ASSETS) {
    app.get(asset.path, async (_request, reply) => reply.type(asset.type).header('Cache-Control', 'public, max-age=31536000, immutable').send(asset.body));
  }

  app.get('/favicon.ico', async (_request, reply) => reply.code(204).header('Cache-Control', 'public, max-age=86400').send());

  app.get<{ Querystring: HomeQuery }>('/', { schema: { querystring: homeQuery }, config: PAGE }, async (request, reply) =>
    respond(
      request,
      reply,
      async () => {
        const query = request.query;
        const filter = {
          text: query.q?.trim() || undefined,
          domain: query.domain || undefined,
          team: query.team || undefined,
          status: query.status || undefined,
          quality: query.quality || undefined,
          publishedSince: freshSince(query.fresh, now()),
          limit: PAGE_SIZE,
          offset: (query.page - 1) * PAGE_SIZE,
        };
        const model = await reads.current();
        // The list and its facets, of one state.
        const page = model.listProducts(filter);
        const facets = model.facets();
        // A search matching nothing is not kept: anyone can ask for endless ones.
        return {
          ...htmlAnswer(renderHome({ query, page, facets, now: now(), qualityOf: (id) => model.quality(id) })),
          stamp: model.stamp,
          cacheable: page.items.length > 0,
        };
      },
      { stamped: true },
      personaliser(request),
    ),
  );

  app.get<{ Params: { id: string }; Querystring: { version?: string } }>(
    PRODUCT_ROUTE,
    { schema: { querystring: productQuery }, config: PAGE },
    async (request, reply) =>
      respond(
        request,
        reply,
        () => productPageAnswer(reads, request.params.id, request.query.version || undefined, now()),
        { stamped: true },
        personaliser(request),
      ),
  );

  app.get<{ Querystring: { around?: string; domain?: string } }>('/mesh', { schema: { querystring: meshQuery }, config: PAGE }, async (request, reply) =>
    respond(
      request,
      reply,
      async () => {
        const around = request.query.around?.trim() || undefined;
        const model = await reads.current();
        if (around && !model.summary(around)) return notFoundPage(`There is no product ${around} in the catalog.`);
        const data = loadMesh(model, { around, domain: request.query.domain || undefined });
        return { ...htmlAnswer(renderMesh(data)), stamp: model.stamp, cacheable: data.nodes.length > 0 };
      },
      { stamped: true },
      personaliser(request),
    ),
  );
}
