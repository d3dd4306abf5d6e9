/**
 * The mesh as a graph: every product a node, every consumed output port an
 * edge. `around` keeps one product with everything upstream and downstream
 * of it (transitively, or up to a depth).
 */
import type { CatalogReader, Edge, ProductSummary } from './store.js';
import { MAX_LIMIT } from './rows.js';

export interface Mesh {
  nodes: ProductSummary[];
  edges: Edge[];
  /** The product the graph is centred on, with --around. */
  focus?: string;
}

/** Every product, page by page. */
export async function allProducts(reader: CatalogReader): Promise<ProductSummary[]> {
  const out: ProductSummary[] = [];
  for (;;) {
    const page = await reader.listProducts({ limit: MAX_LIMIT, offset: out.length });
    out.push(...page.items);
    if (page.items.length === 0 || out.length >= page.total) return out;
  }
}

function reach(start: string, next: Map<string, string[]>, depth: number): Set<string> {
  const seen = new Set([start]);
  let frontier = [start];
  for (let d = 0; d < depth && frontier.length > 0; d += 1) {
    frontier = frontier.flatMap((id) => next.get(id) ?? []).filter((id) => !seen.has(id));
    for (const id of frontier) seen.add(id);
  }
  return seen;
}

export function around(mesh: Mesh, focus: string, depth = Infinity): Mesh {
  const down = new Map<string, string[]>();
  const up = new Map<string, string[]>();
  for (const e of mesh.edges) {
    down.set(e.from.product, [...(down.get(e.from.product) ?? []), e.to.product]);
    up.set(e.to.product, [...(up.get(e.to.product) ?? []), e.from.product]);
  }
  const downstream = reach(focus, down, depth);
  const upstream = reach(focus, up, depth);
  const keep = new Set([...upstream, ...downstream]);
  const edges = mesh.edges.filter((e) => keep.has(e.from.product) && keep.has(e.to.product));
  return { nodes: mesh.nodes.filter((n) => keep.has(n.id)), edges, focus };
}

export async function loadMesh(reader: CatalogReader): Promise<Mesh> {
  const [nodes, edges] = await Promise.all([allProducts(reader), reader.edges()]);
  return { nodes, edges };
}
