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
}

export default async function serve(ctx: Context, options: ServeOptions): Promise<number> {
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
    logStream: options.quiet ? undefined : ctx.stderr,
  });
  try {
    const url = await listen(app, options.host, options.port);
    log(ctx, `dp: catalog ${location.display} (${store.kind}), policy ${policy.source}, reads ${options.authReads ? 'need a token' : 'open'}`);
    log(ctx, `listening on ${url}`);
    const signal = await waitForShutdown(app);
    log(ctx, `dp: ${signal} received, stopped serving`);
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error instanceof DpError ? error : new DpError('usage', `cannot serve on ${options.host}:${options.port}: ${(error as Error).message}`, { cause: error });
  } finally {
    await store.close();
  }
  return 0;
}
