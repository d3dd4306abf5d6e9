/** What the catalog commands share: finding the catalog from their options, opening it, closing it. */
import type { Context } from '../context.js';
import { resolveCatalogLocation, type CatalogLocation } from './location.js';
import { openCatalog, type OpenOptions } from './open.js';
import type { Catalog } from './store.js';

export interface CatalogOptions {
  catalog?: string;
  config?: string;
}

export async function locate(ctx: Context, options: CatalogOptions): Promise<CatalogLocation> {
  return resolveCatalogLocation({ flag: options.catalog, cwd: ctx.cwd, env: ctx.env, configPath: options.config });
}

/** Opens the catalog, runs `fn`, and closes the catalog whatever happens. */
export async function withCatalog<T>(
  ctx: Context,
  options: CatalogOptions,
  open: Omit<OpenOptions, 'token'>,
  fn: (catalog: Catalog) => Promise<T>,
): Promise<T> {
  const location = await locate(ctx, options);
  const catalog = await openCatalog(location, { ...open, token: ctx.env.DP_CATALOG_TOKEN });
  try {
    return await fn(catalog);
  } finally {
    await catalog.close();
  }
}
