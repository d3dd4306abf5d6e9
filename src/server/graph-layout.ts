/**
 * Laying out the mesh for an SVG: products in columns by dependency depth
 * (sources on the left, each consumer right of everything it consumes), rows
 * ordered by the average row of their neighbours (a few barycentre sweeps
 * reduce crossings). Cycles are broken by taking the nodes left over by a
 * topological sort in name order. Pure and deterministic.
 */

export interface GraphNode {
  id: string;
  label: string;
  domain: string | null;
}

export interface GraphLink {
  from: string;
  to: string;
  /** The output port of `from` that `to` consumes. */
  port: string;
}

export interface PlacedNode extends GraphNode {
  layer: number;
  x: number;
  y: number;
}

export interface Layout {
  nodes: PlacedNode[];
  links: GraphLink[];
  width: number;
  height: number;
}

export const NODE_WIDTH = 190;
export const NODE_HEIGHT = 46;
const COLUMN_GAP = 110;
const ROW_GAP = 22;
const MARGIN = 20;
const SWEEPS = 4;

/** Depth of each node: 0 for products consuming nothing in the graph, else 1 + the deepest product it consumes. */
export function layerNodes(ids: string[], links: GraphLink[]): Map<string, number> {
  const preds = new Map(ids.map((id) => [id, new Set<string>()]));
  for (const l of links) if (l.from !== l.to && preds.has(l.to) && preds.has(l.from)) preds.get(l.to)!.add(l.from);
  const layer = new Map<string, number>();
  const pending = new Set([...ids].sort());
  while (pending.size > 0) {
    let progressed = false;
    for (const id of pending) {
      const from = [...preds.get(id)!];
      if (from.every((p) => layer.has(p))) {
        layer.set(
          id,
          from.reduce((max, p) => Math.max(max, layer.get(p)! + 1), 0),
        );
        pending.delete(id);
        progressed = true;
      }
    }
    if (!progressed) {
      // A cycle: place its first node after the predecessors already placed.
      const id = pending.values().next().value as string;
      const placed = [...preds.get(id)!].filter((p) => layer.has(p));
      layer.set(
        id,
        placed.reduce((max, p) => Math.max(max, layer.get(p)! + 1), 0),
      );
      pending.delete(id);
    }
  }
  return layer;
}

function neighbourRows(id: string, links: GraphLink[], row: Map<string, number>): number[] {
  const out: number[] = [];
  for (const l of links) {
    if (l.to === id && row.has(l.from)) out.push(row.get(l.from)!);
    if (l.from === id && row.has(l.to)) out.push(row.get(l.to)!);
  }
  return out;
}

function orderColumns(columns: string[][], links: GraphLink[]): void {
  const row = new Map<string, number>();
  const index = () => columns.forEach((col) => col.forEach((id, i) => row.set(id, i)));
  index();
  for (let sweep = 0; sweep < SWEEPS; sweep += 1) {
    for (const col of columns) {
      const weight = new Map(
        col.map((id, i) => {
          const rows = neighbourRows(id, links, row);
          return [id, rows.length > 0 ? rows.reduce((a, b) => a + b, 0) / rows.length : i];
        }),
      );
      col.sort((a, b) => weight.get(a)! - weight.get(b)! || (a < b ? -1 : 1));
      index();
    }
  }
}

export function layoutGraph(nodes: GraphNode[], links: GraphLink[]): Layout {
  const layers = layerNodes(
    nodes.map((n) => n.id),
    links,
  );
  const depth = nodes.reduce((max, n) => Math.max(max, layers.get(n.id) ?? 0), 0);
  const columns: string[][] = Array.from({ length: depth + 1 }, () => []);
  for (const n of [...nodes].sort((a, b) => (a.id < b.id ? -1 : 1))) columns[layers.get(n.id) ?? 0].push(n.id);
  orderColumns(columns, links);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const placed: PlacedNode[] = [];
  columns.forEach((col, layer) => {
    col.forEach((id, i) => {
      placed.push({ ...byId.get(id)!, layer, x: MARGIN + layer * (NODE_WIDTH + COLUMN_GAP), y: MARGIN + i * (NODE_HEIGHT + ROW_GAP) });
    });
  });
  const rows = columns.reduce((max, col) => Math.max(max, col.length), 0);
  return {
    nodes: placed,
    links,
    width: MARGIN * 2 + columns.length * NODE_WIDTH + (columns.length - 1) * COLUMN_GAP,
    height: MARGIN * 2 + Math.max(1, rows) * NODE_HEIGHT + Math.max(0, rows - 1) * ROW_GAP,
  };
}
