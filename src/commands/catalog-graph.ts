/** dp catalog graph: the mesh as Mermaid or Graphviz DOT, whole or around one product. */
import { printJson, type Context } from '../context.js';
import { toDot, toMermaid } from '../catalog/format/graph.js';
import { around, loadMesh } from '../catalog/graph.js';
import { notFound } from '../catalog/refs.js';
import { withCatalog, type CatalogOptions } from '../catalog/session.js';

export interface GraphOptions extends CatalogOptions {
  format?: 'mermaid' | 'dot';
  around?: string;
  depth?: number;
}

export default async function catalogGraph(ctx: Context, options: GraphOptions): Promise<number> {
  return withCatalog(ctx, options, { mode: 'read' }, async (catalog) => {
    let mesh = await loadMesh(catalog);
    if (options.around !== undefined) {
      if (!mesh.nodes.some((n) => n.id === options.around)) throw notFound({ productId: options.around }, catalog.location);
      mesh = around(mesh, options.around, options.depth ?? Infinity);
    }
    if (ctx.json) {
      const nodes = mesh.nodes.map((n) => ({ id: n.id, version: n.version, domain: n.domain, team: n.team }));
      printJson(ctx, { catalog: catalog.location, focus: mesh.focus ?? null, nodes, edges: mesh.edges });
    } else ctx.stdout.write(options.format === 'dot' ? toDot(mesh) : toMermaid(mesh));
    return 0;
  });
}
