/** dp catalog show <id>[@version]: one published version with its ports, contracts and neighbours. */
import { printJson, type Context } from '../context.js';
import { productPage } from '../catalog/format/product.js';
import { colors } from '../catalog/format/text.js';
import { notFound, parseVersionRef } from '../catalog/refs.js';
import { withCatalog, type CatalogOptions } from '../catalog/session.js';

export default async function catalogShow(ctx: Context, options: CatalogOptions, ref: string): Promise<number> {
  const wanted = parseVersionRef(ref);
  return withCatalog(ctx, options, { mode: 'read' }, async (catalog) => {
    const [record, versions, upstream, downstream] = await Promise.all([
      catalog.getVersion(wanted.productId, wanted.version),
      catalog.listVersions(wanted.productId),
      catalog.upstream(wanted.productId),
      catalog.consumers(wanted.productId),
    ]);
    if (!record) throw notFound(wanted, catalog.location);
    // Neighbours are those of the latest versions; for an older version they are shown as of today.
    if (ctx.json) printJson(ctx, { catalog: catalog.location, ...record, versions: versions.map((v) => v.version), upstream, downstream });
    else ctx.stdout.write(productPage({ record, versionCount: versions.length, upstream, downstream }, colors(ctx.color)));
    return 0;
  });
}
