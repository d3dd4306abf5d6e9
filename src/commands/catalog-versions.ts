/** dp catalog versions <id>: every published version, newest first, with its changes. */
import { printJson, type Context } from '../context.js';
import { versionChanges, versionTable } from '../catalog/format/lists.js';
import { colors } from '../catalog/format/text.js';
import { notFound, parseVersionRef } from '../catalog/refs.js';
import { withCatalog, type CatalogOptions } from '../catalog/session.js';

export interface VersionsOptions extends CatalogOptions {
  changes?: boolean;
}

export default async function catalogVersions(ctx: Context, options: VersionsOptions, id: string): Promise<number> {
  const { productId } = parseVersionRef(id);
  return withCatalog(ctx, options, { mode: 'read' }, async (catalog) => {
    const versions = await catalog.listVersions(productId);
    if (versions.length === 0) throw notFound({ productId }, catalog.location);
    if (ctx.json) {
      printJson(ctx, { catalog: catalog.location, productId, versions });
      return 0;
    }
    const c = colors(ctx.color);
    ctx.stdout.write(versionTable(versions, c));
    if (options.changes) ctx.stdout.write(versionChanges(versions, c));
    return 0;
  });
}
