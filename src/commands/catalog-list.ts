/** dp catalog list: the latest version of every product, filtered by domain, team or status. */
import { printJson, type Context } from '../context.js';
import { productTable } from '../catalog/format/lists.js';
import { colors } from '../catalog/format/text.js';
import { withCatalog, type CatalogOptions } from '../catalog/session.js';

export interface ListOptions extends CatalogOptions {
  domain?: string;
  team?: string;
  status?: string;
  limit?: number;
}

export default async function catalogList(ctx: Context, options: ListOptions): Promise<number> {
  return withCatalog(ctx, options, { mode: 'read' }, async (catalog) => {
    const page = await catalog.listProducts({ domain: options.domain, team: options.team, status: options.status, limit: options.limit ?? 1000 });
    if (ctx.json) printJson(ctx, { catalog: catalog.location, ...page });
    else ctx.stdout.write(productTable(page, colors(ctx.color)));
    return 0;
  });
}
