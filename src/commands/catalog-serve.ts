/**
 * dp catalog serve: open the store, listen, print `listening on <url>` on
 * stderr, and return 0 only after a graceful shutdown (SIGTERM or SIGINT:
 * stop accepting, finish the requests in flight, close the store).
 */
import { log, type Context } from '../context.js';
import { DpError } from '../errors.js';
import { resolveCatalogLocation } from '../catalog/location.js';
import { openStore } from '../catalog/open.js';
import type { CatalogStore } from '../catalog/store.js';
import { PolicyResolver } from '../validate/policies/resolve.js';
import { buildServer } from '../server/app.js';
import { listen, waitForShutdown } from '../server/lifecycle.js';
import { DEFAULT_TIMEOUTS, type Timeouts } from '../server/timeouts.js';
import { isServeWorker, reportToPrimary, startWorkers } from '../server/cluster.js';

export interface ServeOptions {
  catalog?: string;
  host: string;
  port: number;
  authReads?: boolean;
  bodyLimit: number;
  policies?: string;
  config?: string;
  quiet?: boolean;
  cache?: boolean;
  /** Megabytes of answers the page cache keeps. */
  cacheSize?: number;
  warm?: boolean;
  workers?: number;
  headerTimeout?: number;
  bodyTimeout?: number;
  idleTimeout?: number;
  requestTimeout?: number;
  maxConnections?: number;
}

/** The timeouts of the options (seconds) in milliseconds, the defaults for those not given. */
function timeoutsOf(options: ServeOptions): Timeouts {
  const ms = (seconds: number | undefined, fallback: number) => (seconds === undefined ? fallback : seconds * 1000);
  const t = {
    headerMs: ms(options.headerTimeout, DEFAULT_TIMEOUTS.headerMs),
    bodyMs: ms(options.bodyTimeout, DEFAULT_TIMEOUTS.bodyMs),
    idleMs: ms(options.idleTimeout, DEFAULT_TIMEOUTS.idleMs),
    requestMs: ms(options.requestTimeout, DEFAULT_TIMEOUTS.requestMs),
  };
  if (t.headerMs > t.requestMs || t.bodyMs > t.requestMs) {
    throw new DpError(
      'usage',
      `--request-timeout (${t.requestMs / 1000} s) bounds the whole request: it cannot be shorter than --header-timeout (${t.headerMs / 1000} s) or --body-timeout (${t.bodyMs / 1000} s)`,
    );
  }
  return t;
}

async function serveWorkers(ctx: Context, options: ServeOptions, count: number): Promise<number> {
  // Open (and migrate) the catalog once here, so that a bad location fails before any worker starts.
  const location = await resolveCatalogLocation({ flag: options.catalog, cwd: ctx.cwd, env: ctx.env, configPath: options.config });
  await (await openStore(location, { mode: 'write' })).close();
  const { url, stopped } = await startWorkers(count, (line) => log(ctx, line)).catch((error: Error) => {
    throw new DpError('usage', `cannot serve on ${options.host}:${options.port}: ${error.message}`, { cause: error });
  });
  log(ctx, `dp: ${count} server workers on catalog ${location.display}`);
  log(ctx, `listening on ${url}`);
  return stopped;
}

export default async function serve(ctx: Context, options: ServeOptions): Promise<number> {
  timeoutsOf(options);
  const workers = options.workers ?? 1;
  if (workers > 1 && !isServeWorker()) return serveWorkers(ctx, options, workers);
  try {
    return await serveOne(ctx, options);
  } catch (error) {
    if (isServeWorker()) reportToPrimary({ dpServe: 'failed', message: (error as Error).message });
    throw error;
  }
}

async function serveOne(ctx: Context, options: ServeOptions): Promise<number> {
  const worker = isServeWorker();
  const timeouts = timeoutsOf(options);
  const location = await resolveCatalogLocation({ flag: options.catalog, cwd: ctx.cwd, env: ctx.env, configPath: options.config });
  // Load the policy first: a broken policy file should stop the server before it opens anything.
  const resolver = new PolicyResolver({ cwd: ctx.cwd, policiesPath: options.policies, configPath: options.config });
  await resolver.prepare([ctx.cwd]);
  const policy = resolver.forDir(ctx.cwd);
  const store: CatalogStore = await openStore(location, { mode: 'write' });
  const app = buildServer({
    store,
    policy,
    authReads: Boolean(options.authReads),
    bodyLimit: options.bodyLimit,
    cache: options.cache !== false,
    cacheBytes: options.cacheSize === undefined ? undefined : options.cacheSize * 1024 * 1024,
    warm: options.warm !== false,
    logStream: options.quiet ? undefined : ctx.stderr,
    timeouts,
    maxConnections: options.maxConnections,
  });
  try {
    const url = await listen(app, options.host, options.port);
    if (worker) reportToPrimary({ dpServe: 'listening', url });
    else {
      log(ctx, `dp: catalog ${location.display} (${store.kind}), policy ${policy.source}, reads ${options.authReads ? 'need a token' : 'open'}`);
      log(ctx, `listening on ${url}`);
    }
    const signal = await waitForShutdown(app);
    if (!worker) log(ctx, `dp: ${signal} received, stopped serving`);
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error instanceof DpError
      ? error
      : new DpError('usage', `cannot serve on ${options.host}:${options.port}: ${(error as Error).message}`, { cause: error });
  } finally {
    await store.close();
  }
  return 0;
}
