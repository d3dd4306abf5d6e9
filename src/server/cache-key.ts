/**
 * The key an answer is cached under: its route and the values of the
 * parameters the route declares (path parameters, and the query parameters of
 * its schema, with their defaults), never the raw URL. Unknown query
 * parameters are removed by the schema before a handler sees them and take no
 * part in the key; reordered query strings and spelled-out defaults map to
 * one key. So junk in URLs can neither make the answer differ nor make keys
 * grow: a key is at most the declared parameters' bounded lengths.
 */
import type { FastifyRequest } from 'fastify';

interface RouteSchema {
  querystring?: { properties?: Record<string, unknown> };
}

/** A query schema for routes that take no query parameters: anything sent is removed. */
export const NO_QUERY = { type: 'object', additionalProperties: false, properties: {} } as const;

/** The key of an answer of route `url` (as declared: `/products/:id`), from its parameters' values in order. */
export function keyOf(url: string, params: unknown[], query: unknown[]): string {
  return JSON.stringify([url, ...params, ...query.map((v) => v ?? null)]);
}

/** The names of the query parameters a route declares, in order. */
export function declaredQuery(schema: RouteSchema | undefined): string[] {
  return Object.keys(schema?.querystring?.properties ?? {});
}

export function cacheKey(request: FastifyRequest): string {
  const route = request.routeOptions;
  const query = (request.query ?? {}) as Record<string, unknown>;
  const params = (request.params ?? {}) as Record<string, unknown>;
  return keyOf(
    route.url ?? '',
    Object.values(params),
    declaredQuery(route.schema as RouteSchema | undefined).map((name) => query[name]),
  );
}
