/** dp catalog consumers <id>[:port]: the products consuming a product's output ports. */
import { printJson, type Context } from '../context.js';
import { consumerTable } from '../catalog/format/lists.js';
import { colors, plural } from '../catalog/format/text.js';
import { notFound, parsePortRef } from '../catalog/refs.js';
import { withCatalog, type CatalogOptions } from '../catalog/session.js';
import { DpError } from '../errors.js';

export default async function catalogConsumers(ctx: Context, options: CatalogOptions, ref: string): Promise<number> {
  const { productId, port } = parsePortRef(ref);
  return withCatalog(ctx, options, { mode: 'read' }, async (catalog) => {
    const [record, edges] = await Promise.all([catalog.getVersion(productId), catalog.consumers(productId, port)]);
    if (!record) throw notFound({ productId }, catalog.location);
    const outputs = record.ports.filter((p) => p.direction === 'output').map((p) => p.name);
    if (port !== undefined && !outputs.includes(port)) {
      throw new DpError('input', `${productId} has no output port "${port}"`, { hint: `its output ports: ${outputs.join(', ') || 'none'}` });
    }
    if (ctx.json) printJson(ctx, { catalog: catalog.location, productId, port: port ?? null, consumers: edges });
    else if (edges.length === 0) ctx.stdout.write(`no product in the catalog consumes ${port ? `${productId}:${port}` : productId}\n`);
    else ctx.stdout.write(`${consumerTable(edges, colors(ctx.color))}${plural(new Set(edges.map((e) => e.to.product)).size, 'consumer')}\n`);
    return 0;
  });
}
