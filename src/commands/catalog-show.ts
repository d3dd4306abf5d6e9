/** dp catalog show <id>[@version]: one published version with its ports, contracts, neighbours and the latest evidence of its ports. */
import { printJson, type Context } from '../context.js';
import { productPage } from '../catalog/format/product.js';
import { colors } from '../catalog/format/text.js';
import { notFound, parseVersionRef } from '../catalog/refs.js';
import { withCatalog, type CatalogOptions } from '../catalog/session.js';

export default async function catalogShow(ctx: Context, options: CatalogOptions, ref: string): Promise<number> {
  const wanted = parseVersionRef(ref);
  return withCatalog(ctx, options, { mode: 'read' }, async (catalog) => {
    const [record, versions, upstream, downstream, latestRuns] = await Promise.all([
      catalog.getVersion(wanted.productId, wanted.version),
      catalog.listVersions(wanted.productId),
      catalog.upstream(wanted.productId),
      catalog.consumers(wanted.productId),
      catalog.latestRuns(wanted.productId),
    ]);
    if (!record) throw notFound(wanted, catalog.location);
    // Neighbours are those of the latest versions; for an older version they are shown as of today.
    // The evidence is the latest run of each port and server, whichever version it tested.
    if (ctx.json)
      printJson(ctx, { catalog: catalog.location, ...record, versions: versions.map((v) => v.version), upstream, downstream, evidence: latestRuns });
    else ctx.stdout.write(productPage({ record, versionCount: versions.length, upstream, downstream, latestRuns }, colors(ctx.color)));
    return 0;
  });
}
