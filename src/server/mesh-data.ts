/** Choosing what the mesh page draws: the whole mesh, one domain, or the upstream and downstream of one product. */
import type { Edge, Facets, ProductFilter, ProductPage, ProductSummary } from '../catalog/store.js';
import type { GraphLink, GraphNode } from './graph-layout.js';
import type { MeshData } from './pages/mesh.js';

/** The most products one page draws. */
export const MAX_MESH_NODES = 300;

/** Every product reachable from `start` following edges upstream, and downstream. */
export function around(start: string, edges: Edge[]): Set<string> {
  const seen = new Set([start]);
  const walk = (next: (id: string) => string[]) => {
    const stack = [start];
    const visited = new Set([start]);
    while (stack.length > 0) {
      for (const n of next(stack.pop()!)) {
        if (visited.has(n)) continue;
        visited.add(n);
        seen.add(n);
        stack.push(n);
      }
    }
  };
  const up = new Map<string, string[]>();
  const down = new Map<string, string[]>();
  for (const e of edges) {
    up.set(e.to.product, [...(up.get(e.to.product) ?? []), e.from.product]);
    down.set(e.from.product, [...(down.get(e.from.product) ?? []), e.to.product]);
  }
  walk((id) => up.get(id) ?? []);
  walk((id) => down.get(id) ?? []);
  return seen;
}

function linksOf(edges: Edge[], ids: Set<string>): GraphLink[] {
  const seen = new Set<string>();
  const links: GraphLink[] = [];
  for (const e of edges) {
    if (!ids.has(e.from.product) || !ids.has(e.to.product)) continue;
    const key = `${e.from.product}\u0000${e.to.product}\u0000${e.from.port}`;
    if (seen.has(key)) continue;
    seen.add(key);
    links.push({ from: e.from.product, to: e.to.product, port: e.from.port });
  }
  return links;
}

function nodeOf(id: string, summaries: Map<string, ProductSummary>): GraphNode {
  const s = summaries.get(id);
  return { id, label: s?.name ?? id, domain: s?.domain ?? null };
}

/** What the mesh is drawn from: the server's read model, of one catalog state. */
export interface MeshSource {
  edges(): Edge[];
  facets(): Facets;
  listProducts(filter: ProductFilter): ProductPage;
}

export function loadMesh(source: MeshSource, query: { around?: string; domain?: string }): MeshData {
  const edges = source.edges();
  const domains = source.facets().domains.map((d) => d.value);
  const listed = source.listProducts({ domain: query.domain || undefined, limit: MAX_MESH_NODES });
  const summaries = new Map(listed.items.map((p) => [p.id, p]));
  let ids: string[];
  if (query.around) {
    ids = [...around(query.around, edges)].sort();
  } else {
    ids = listed.items.map((p) => p.id);
    if (query.domain) {
      // Neighbours outside the domain are drawn too, so the domain's links are visible.
      const inDomain = new Set(ids);
      for (const e of edges) {
        if (inDomain.has(e.from.product)) ids.push(e.to.product);
        if (inDomain.has(e.to.product)) ids.push(e.from.product);
      }
      ids = [...new Set(ids)];
    }
  }
  const total = query.around ? ids.length : Math.max(ids.length, listed.total);
  const kept = new Set(ids.slice(0, MAX_MESH_NODES));
  return {
    nodes: [...kept].map((id) => nodeOf(id, summaries)),
    links: linksOf(edges, kept),
    around: query.around,
    domain: query.domain,
    omitted: Math.max(0, total - kept.size),
    domains,
  };
}
