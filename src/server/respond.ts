/**
 * Answering GET requests through the page cache: a route produces its answer
 * (status, content type, body) and `respond` sends it, from the cache when the
 * catalog did not change since it was produced.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CatalogReader, CatalogStore, Facets } from '../catalog/store.js';
import { ApiError } from './errors.js';
import { LinkIndex } from './link-index.js';
import { cacheKey } from './cache-key.js';
import type { AnswerOptions, CachedAnswer, PageCache } from './page-cache.js';

export interface Answer {
  status: number;
  type: string;
  /** Text, or bytes already encoded as UTF-8 (a product page assembled from a stored body). */
  body: string | Buffer;
  /** The catalog state it was read in, when it was read in one snapshot (see `AnswerOptions.stamped`). */
  stamp?: string;
  /** When the relative times it shows would read differently (epoch milliseconds), for the cache. */
  expiresAt?: number;
  /** The products it shows, when not the whole catalog: a publish of another product leaves it cached. */
  products?: readonly string[];
  /**
   * False for an answer not worth keeping: one that shows nothing (a list of an unknown product, a
   * search matching nothing). Anyone can ask for endless such URLs; they cost little to answer again.
   */
  cacheable?: boolean;
}

export type Responder = (request: FastifyRequest, reply: FastifyReply, produce: () => Promise<Answer>, options?: AnswerOptions) => Promise<FastifyReply>;

const JSON_TYPE = 'application/json; charset=utf-8';
export const HTML_TYPE = 'text/html; charset=utf-8';

export function jsonAnswer(value: unknown, status = 200): Answer {
  return jsonTextAnswer(JSON.stringify(value), status);
}

/** An answer from JSON text already serialised (by the store). */
export function jsonTextAnswer(text: string, status = 200): Answer {
  return { status, type: JSON_TYPE, body: text };
}

/** A 404 as the API answers it, as an answer (so it can be cached like any other). */
export function notFoundAnswer(message: string): Answer {
  return jsonAnswer(new ApiError('not-found', message).body(), 404);
}

export function htmlAnswer(body: string | Buffer, status = 200): Answer {
  return { status, type: HTML_TYPE, body };
}

function encode(answer: Answer): CachedAnswer {
  const body = Buffer.isBuffer(answer.body) ? answer.body : Buffer.from(answer.body, 'utf8');
  return { status: answer.status, type: answer.type, body, stamp: answer.stamp, expiresAt: answer.expiresAt, products: answer.products, cacheable: answer.cacheable };
}

export function makeResponder(cache: PageCache | undefined): Responder {
  return async (request, reply, produce, options) => {
    const answer = cache ? await cache.answer(cacheKey(request), async () => encode(await produce()), options) : encode(await produce());
    return reply.code(answer.status).type(answer.type).header('Cache-Control', 'private, no-cache').send(answer.body);
  };
}

/** Puts an answer in the cache under `key` (`cacheKey` of the request it answers: warming), unless one is kept already. */
export async function prime(cache: PageCache, key: string, produce: () => Promise<Answer>, options?: AnswerOptions): Promise<void> {
  if (!cache.has(key)) await cache.answer(key, async () => encode(await produce()), options);
}

/**
 * What the routes read: the reader, plus the store's reads made for pages and the API, and through
 * the cache, the facets that go with a list read in a given state.
 */
export type ServerReader = CatalogReader & Pick<CatalogStore, 'productPage' | 'versionJson'> & { facetsAt?: (stamp: string) => Promise<Facets> };

/**
 * The store with its whole-catalog reads (facets, edges) shared through the cache while the
 * catalog does not change, and product pages with their links from the link index when it is of
 * the state the page was read in (src/server/link-index.ts).
 */
export function sharedReads(reader: ServerReader, cache: PageCache | undefined): ServerReader {
  if (!cache) return reader;
  const edges = () => cache.memo('edges', () => reader.edges());
  // The same read of the mesh as the mesh page's, once per catalog state.
  const links = new LinkIndex(edges);
  const productPage: ServerReader['productPage'] = async (id, version, format) => {
    // Without its links when the index is of the newest state seen: the page is most likely of that state too.
    if (!links.isOf(cache.stamp)) {
      const data = await reader.productPage(id, version, format);
      if (data) links.want(data.stamp);
      return data;
    }
    const data = await reader.productPage(id, version, format, { links: false });
    if (!data) return undefined;
    const known = links.linksOf(id, data.stamp);
    // Read in another state than the index's (a publish came in between): its own links, of its own state.
    return known ? { ...data, ...known } : reader.productPage(id, version, format);
  };
  return {
    location: reader.location,
    kind: reader.kind,
    listProducts: (filter) => reader.listProducts(filter),
    facets: () => cache.memo('facets', () => reader.facets()),
    facetsAt: (stamp) => cache.memoAt(stamp, 'facets', () => reader.facets()),
    getVersion: (id, version) => reader.getVersion(id, version),
    listVersions: (id) => reader.listVersions(id),
    edges,
    consumers: (id, port) => reader.consumers(id, port),
    upstream: (id) => reader.upstream(id),
    productPage,
    versionJson: (id, version) => reader.versionJson(id, version),
    close: () => reader.close(),
  };
}
