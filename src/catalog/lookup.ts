/**
 * The configured catalog as `dp validate` asks it (which contract ids some product publishes),
 * opened read-only, only when one is configured: `--catalog`, DP_CATALOG or `catalog:` in
 * dp.config.yaml. A SQLite catalog that does not exist yet is an empty one.
 */
import type { Context } from '../context.js';
import type { CatalogLookup } from '../validate/run.js';
import { configuredCatalogLocation } from './location.js';
import { openCatalog } from './open.js';
import type { Catalog } from './store.js';

export interface OpenLookup {
  lookup: CatalogLookup;
  close(): Promise<void>;
}

export async function openCatalogLookup(ctx: Context, options: { catalog?: string; config?: string }): Promise<OpenLookup | undefined> {
  const location = await configuredCatalogLocation({ flag: options.catalog, cwd: ctx.cwd, env: ctx.env, configPath: options.config });
  if (!location) return undefined;
  let catalog: Catalog | undefined;
  return {
    lookup: {
      location: location.display,
      publishers: async (ids) => {
        catalog ??= await openCatalog(location, { mode: 'read', missingIsEmpty: true, token: ctx.env.DP_CATALOG_TOKEN });
        return catalog.contractPublishers(ids);
      },
    },
    close: async () => {
      await catalog?.close();
    },
  };
}
