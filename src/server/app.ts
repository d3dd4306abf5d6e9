/**
 * The catalog server as a fastify instance: API, web pages, operations
 * endpoints, security headers, authentication of reads (optional), one JSON
 * log line per request, and errors in one shape; timeouts and a connection
 * limit that slow clients cannot exhaust. Holds no state that matters between
 * requests, so several instances on one PostgreSQL database are one catalog.
 */
import Fastify, { LogController, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Writable } from 'node:stream';
import type { CatalogStore } from '../catalog/store.js';
import type { Policy } from '../validate/policies/policy.js';
import { registerApiRoutes } from './api-routes.js';
import { registerAccessRoutes } from './access-routes.js';
import { registerErasureRoutes } from './erasure-routes.js';
import { controlSettings } from '../control/settings.js';
import { Authenticator } from './auth.js';
import { ApiError, sendError, toApiError } from './errors.js';
import { openApiDocument } from './openapi.js';
import { renderPage } from './pages/layout.js';
import { registerPublishRoute } from './publish-route.js';
import { registerRunRoutes } from './run-routes.js';
import { html } from './html.js';
import { CatalogModel } from './read-model/catalog-model.js';
import { ControlViews } from './read-model/control-views.js';
import { PageCache } from './read-model/page-cache.js';
import { ServerReads } from './read-model/reads.js';
import { CacheWarmer } from './read-model/warm.js';
import { makeResponder } from './respond.js';
import { productPageWarming, registerWebRoutes, sendNotFoundPage } from './web-routes.js';
import { ConnectionLimit } from './connections.js';
import { beforeAnswer, DEFAULT_TIMEOUTS, httpServerWith, silenceWhileAnswering, type Timeouts } from './timeouts.js';
import { redactedUrl, secretInUrl } from './url-secrets.js';
import { Sessions } from './session.js';
import { sessionNav } from './pages/session.js';
import { makePersonaliser } from './personalise.js';
import { registerWebForms } from './web-forms.js';

export interface ServerOptions {
  store: CatalogStore;
  /** The policy publishing validates against (the same as `dp validate` would use). */
  policy: Policy;
  authReads: boolean;
  bodyLimit: number;
  /** Cache rendered reads (default true). */
  cache?: boolean;
  /** The most bytes of answers the cache keeps (default CACHE_MAX_BYTES). */
  cacheBytes?: number;
  /** Render every product page into the cache once the server listens (default false; src/server/read-model/warm.ts). */
  warm?: boolean;
  /** Where JSON request logs go; omit for no logs. */
  logStream?: Writable;
  /** How long clients may take (default DEFAULT_TIMEOUTS). */
  timeouts?: Timeouts;
  /** The most connections the process holds (default DEFAULT_MAX_CONNECTIONS). */
  maxConnections?: number;
  now?: () => Date;
}

export const DEFAULT_MAX_CONNECTIONS = 1000;

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** Paths anyone may read even with --auth-reads: probes, assets, the API description and the sign-in page. */
function isPublic(request: FastifyRequest): boolean {
  const url = request.url;
  return (
    url === '/healthz' ||
    url === '/readyz' ||
    url.startsWith('/assets/') ||
    url === '/favicon.ico' ||
    url === '/api/openapi.json' ||
    request.routeOptions.url === '/sign-in'
  );
}

function wantsHtml(request: FastifyRequest): boolean {
  if ((request.routeOptions.config as { page?: boolean } | undefined)?.page) return true;
  return !request.url.startsWith('/api') && (request.headers.accept ?? '').includes('text/html');
}

interface OpsDeps {
  store: CatalogStore;
  auth: Authenticator;
  authReads: boolean;
  /** What /readyz tells beyond its status: the cache and the connections of this process. */
  status: () => Record<string, unknown>;
}

/** Whether this request may see the server's state: always with open reads, with a valid token otherwise. */
async function maySeeState(deps: OpsDeps, request: FastifyRequest): Promise<boolean> {
  if (!deps.authReads) return true;
  return deps.auth.authenticate(request.headers.authorization).then(
    () => true,
    () => false,
  );
}

function registerOps(app: FastifyInstance, deps: OpsDeps): void {
  const openapi = JSON.stringify(openApiDocument());
  app.get('/api/openapi.json', async (_request, reply) => reply.type('application/json; charset=utf-8').send(openapi));
  app.get('/healthz', async () => ({ status: 'ok' }));
  // Open to probes even with --auth-reads; then only a token holder learns the cache's size and the connections.
  app.get('/readyz', async (request) => {
    try {
      await deps.store.listProducts({ limit: 1 });
    } catch {
      throw new ApiError('unavailable', 'the catalog database does not answer');
    }
    return (await maySeeState(deps, request)) ? { status: 'ready', ...deps.status() } : { status: 'ready' };
  });
}

function registerHooks(app: FastifyInstance, options: ServerOptions, auth: Authenticator, sessions: Sessions, timeouts: Timeouts): void {
  // Hooks cost on every request: only those this configuration needs, and callback-style (no promise per request).
  app.addHook('onRequest', (request, _reply, done) => {
    const url = request.url;
    const what = url.includes('?') || /dpt/i.test(url) ? secretInUrl(url) : undefined;
    if (!what) return done();
    const message = `this URL carries ${what}: dp never takes tokens from URLs (they end up in logs and histories); send "Authorization: Bearer <token>", and revoke this token if it was a real one (dp catalog token revoke <id>)`;
    done(new ApiError('malformed', message));
  });
  // Reads answer within the request timeout (503 otherwise); a publish is bounded by its body's size and timeout.
  app.addHook('onRoute', (route) => {
    if (route.method === 'GET' || (Array.isArray(route.method) && route.method.includes('GET'))) route.handlerTimeout ??= timeouts.requestMs;
  });
  if (options.authReads) {
    // A token in the header, or a signed-in session (pages); a page asked for without either goes to the sign-in form.
    app.addHook('onRequest', async (request, reply) => {
      if (request.method === 'POST' || isPublic(request) || (await sessions.current(request))) return;
      if (request.headers.authorization === undefined && request.method === 'GET' && wantsHtml(request))
        return reply.redirect(`/sign-in?${new URLSearchParams({ next: request.url })}`, 303);
      await auth.authenticate(request.headers.authorization);
    });
  }
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.headers(SECURITY_HEADERS);
    beforeAnswer(request, reply, timeouts);
    done(null, payload);
  });
  if (options.logStream) {
    app.addHook('onResponse', (request, reply, done) => {
      request.log.info(
        { method: request.method, url: redactedUrl(request.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 },
        'request',
      );
      done();
    });
  }
  app.setErrorHandler(async (error, request, reply) => {
    if (!wantsHtml(request)) return sendError(reply, request, error);
    const { api, internal } = toApiError(error);
    if (internal) request.log.error({ err: error }, 'request failed');
    for (const [name, value] of Object.entries(api.headers)) reply.header(name, value);
    const session = await sessions.current(request).catch(() => undefined);
    const heading = api.status === 401 ? 'Sign-in needed' : api.status === 403 ? 'Not allowed' : 'Something went wrong';
    const signIn = api.status === 401 && !session ? html` · <a href="/sign-in">Sign in</a>` : null;
    const body = html`<h1>${heading}</h1><p class="notice">${api.message}</p><p><a href="/">Back to all products</a>${signIn}</p>`;
    const page = renderPage({ title: `Error ${api.status}`, body, nav: session ? sessionNav(session) : undefined });
    return reply.code(api.status).type('text/html; charset=utf-8').header('Cache-Control', 'private, no-store').send(page);
  });
  app.setNotFoundHandler(async (request, reply) => {
    if (wantsHtml(request)) return sendNotFoundPage(reply, `Nothing lives at ${request.url}.`);
    return sendError(reply, request, new ApiError('not-found', `no endpoint ${request.method} ${request.url.split('?')[0]}; see /api/openapi.json`));
  });
}

export function buildServer(options: ServerOptions): FastifyInstance {
  const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
  const app = Fastify({
    serverFactory: httpServerWith(timeouts),
    logger: options.logStream ? { level: 'info', stream: options.logStream } : false,
    // One line per request, written by the onResponse hook, instead of fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit,
    return503OnClosing: true,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: true, useDefaults: true, allErrors: false } },
  });
  // Only JSON is read (fastify also reads text/plain by default): any other body is 415.
  app.removeContentTypeParser('text/plain');
  const connections = new ConnectionLimit(options.maxConnections ?? DEFAULT_MAX_CONNECTIONS);
  connections.attach(app.server);
  silenceWhileAnswering(app.server, timeouts);
  const auth = new Authenticator(options.store);
  const now = options.now ?? (() => new Date());
  const sessions = new Sessions(options.store, auth, now);
  registerHooks(app, options, auth, sessions, timeouts);
  // The read model: the catalog in memory, kept up to date from the store's cursor of changes (src/server/read-model/).
  const reads = new ServerReads(new CatalogModel(options.store), options.store);
  // Read into memory before listening (up to the request timeout: a database that hangs is the requests' 503 to give).
  app.addHook('onReady', async () => {
    await Promise.race([reads.current().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, timeouts.requestMs).unref())]);
  });
  const cache = options.cache === false ? undefined : PageCache.forModel(reads.model, options.cacheBytes);
  if (cache) app.addHook('onClose', (_app, done) => (cache.close(), done()));
  const respond = makeResponder(cache);
  const warmer = cache && options.warm ? new CacheWarmer(productPageWarming(reads, cache, now)) : undefined;
  if (warmer) {
    app.addHook('onListen', async () => {
      void warmer.start().then(() => app.log.info({ warm: warmer.status }, 'page cache warmed'));
    });
    app.addHook('preClose', async () => warmer.stop());
  }
  const views = new ControlViews(options.store);
  const status = () => ({
    cache: cache && { entries: cache.size, ...cache.usage, warming: warmer?.status },
    controlViews: views.usage,
    connections: connections.stats,
  });
  registerOps(app, { store: options.store, auth, authReads: options.authReads, status });
  registerApiRoutes(app, reads, respond, { authReads: options.authReads, bodyLimit: options.bodyLimit });
  registerPublishRoute(app, { store: options.store, policy: options.policy, auth, bodyTimeoutMs: timeouts.bodyMs });
  registerRunRoutes(app, { store: options.store, reads, respond, auth, bodyTimeoutMs: timeouts.bodyMs });
  const control = { store: options.store, auth, settings: controlSettings(options.policy.control), now };
  registerWebRoutes(app, reads, respond, now, makePersonaliser(sessions, { ...control, reads, views }));
  registerWebForms(app, { ...control, sessions, reads, views });
  registerAccessRoutes(app, control);
  registerErasureRoutes(app, control);
  return app;
}
