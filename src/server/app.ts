/**
 * The catalog server as a fastify instance: API, web pages, operations
 * endpoints, security headers, authentication of reads (optional), one JSON
 * log line per request, and errors in one shape. Holds no state that matters
 * between requests, so several instances on one PostgreSQL database are one
 * catalog.
 */
import Fastify, { LogController, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Writable } from 'node:stream';
import type { CatalogStore } from '../catalog/store.js';
import type { Policy } from '../validate/policies/policy.js';
import { registerApiRoutes } from './api-routes.js';
import { Authenticator } from './auth.js';
import { ApiError, sendError, toApiError } from './errors.js';
import { openApiDocument } from './openapi.js';
import { renderPage } from './pages/layout.js';
import { registerPublishRoute } from './publish-route.js';
import { registerWebRoutes, sendNotFoundPage } from './web-routes.js';
import { html } from './html.js';
import { PageCache } from './page-cache.js';
import { makeResponder, sharedReads } from './respond.js';
import { CacheWarmer, productPageWarming } from './warm.js';

export interface ServerOptions {
  store: CatalogStore;
  /** The policy publishing validates against (the same as `dp validate` would use). */
  policy: Policy;
  authReads: boolean;
  bodyLimit: number;
  /** Cache rendered reads (default true; needs a store with `changeStamp`). */
  cache?: boolean;
  /** The most bytes of answers the cache keeps (default CACHE_MAX_BYTES). */
  cacheBytes?: number;
  /** Render every product page into the cache once the server listens (default false; src/server/warm.ts). */
  warm?: boolean;
  /** Where JSON request logs go; omit for no logs. */
  logStream?: Writable;
  now?: () => Date;
}

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** Paths anyone may read even with --auth-reads: probes, assets and the API description. */
function isPublic(request: FastifyRequest): boolean {
  const url = request.url;
  return url === '/healthz' || url === '/readyz' || url.startsWith('/assets/') || url === '/favicon.ico' || url === '/api/openapi.json';
}

function wantsHtml(request: FastifyRequest): boolean {
  if ((request.routeOptions.config as { page?: boolean } | undefined)?.page) return true;
  return !request.url.startsWith('/api') && (request.headers.accept ?? '').includes('text/html');
}

function registerOps(app: FastifyInstance, store: CatalogStore, cacheStatus: () => unknown): void {
  const openapi = JSON.stringify(openApiDocument());
  app.get('/api/openapi.json', async (_request, reply) => reply.type('application/json; charset=utf-8').send(openapi));
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async () => {
    try {
      await store.listProducts({ limit: 1 });
    } catch {
      throw new ApiError('unavailable', 'the catalog database does not answer');
    }
    return { status: 'ready', cache: cacheStatus() };
  });
}

function registerHooks(app: FastifyInstance, options: ServerOptions, auth: Authenticator): void {
  // Hooks cost on every request: only those this configuration needs, and callback-style (no promise per request).
  if (options.authReads) {
    app.addHook('onRequest', async (request) => {
      if (request.method !== 'POST' && !isPublic(request)) await auth.authenticate(request.headers.authorization);
    });
  }
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.headers(SECURITY_HEADERS);
    done(null, payload);
  });
  if (options.logStream) {
    app.addHook('onResponse', (request, reply, done) => {
      request.log.info({ method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request');
      done();
    });
  }
  app.setErrorHandler(async (error, request, reply) => {
    if (!wantsHtml(request)) return sendError(reply, request, error);
    const { api, internal } = toApiError(error);
    if (internal) request.log.error({ err: error }, 'request failed');
    for (const [name, value] of Object.entries(api.headers)) reply.header(name, value);
    const body = html`<h1>${api.status === 401 ? 'Sign-in needed' : 'Something went wrong'}</h1><p class="notice">${api.message}</p><p><a href="/">Back to all products</a></p>`;
    return reply.code(api.status).type('text/html; charset=utf-8').send(renderPage({ title: `Error ${api.status}`, body }));
  });
  app.setNotFoundHandler(async (request, reply) => {
    if (wantsHtml(request)) return sendNotFoundPage(reply, `Nothing lives at ${request.url}.`);
    return sendError(reply, request, new ApiError('not-found', `no endpoint ${request.method} ${request.url.split('?')[0]}; see /api/openapi.json`));
  });
}

export function buildServer(options: ServerOptions): FastifyInstance {
  const app = Fastify({
    logger: options.logStream ? { level: 'info', stream: options.logStream } : false,
    // One line per request, written by the onResponse hook, instead of fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit,
    return503OnClosing: true,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: true, useDefaults: true, allErrors: false } },
  });
  const auth = new Authenticator(options.store);
  const now = options.now ?? (() => new Date());
  registerHooks(app, options, auth);
  const cache = options.cache === false ? undefined : PageCache.forStore(options.store, options.cacheBytes);
  const respond = makeResponder(cache);
  const reader = sharedReads(options.store, cache);
  const warmer = cache && options.warm ? new CacheWarmer(productPageWarming(options.store, reader, cache, now)) : undefined;
  if (warmer) {
    app.addHook('onListen', async () => {
      void warmer.start().then(() => app.log.info({ warm: warmer.status }, 'page cache warmed'));
    });
    app.addHook('preClose', async () => warmer.stop());
  }
  registerOps(app, options.store, () => cache && { entries: cache.size, ...cache.usage, warming: warmer?.status });
  registerApiRoutes(app, reader, respond, { authReads: options.authReads, bodyLimit: options.bodyLimit });
  registerPublishRoute(app, { store: options.store, policy: options.policy, auth });
  registerWebRoutes(app, reader, respond, now);
  return app;
}
