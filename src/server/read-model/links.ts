/**
 * The links of the mesh in memory, from the ports of every product's latest
 * version: `to.product` consumes the output port `from.port` of `from.product`
 * when one of its input ports names the contract id of that output port. This
 * is the join the stores make in SQL (src/catalog/sqlite/queries.ts, `EDGES`),
 * kept up to date product by product as the read model learns new heads, and
 * given in the stores' order (from product, from port, to product, to port).
 */
import type { Edge, PortRow } from '../../catalog/store.js';

interface End {
  product: string;
  port: string;
}

const NONE: Edge[] = [];

function compareEdges(a: Edge, b: Edge): number {
  const keys = (e: Edge) => [e.from.product, e.from.port, e.to.product, e.to.port];
  const x = keys(a);
  const y = keys(b);
  for (let i = 0; i < x.length; i += 1) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
  return 0;
}

export class MeshLinks {
  private readonly ports = new Map<string, readonly PortRow[]>();
  /** By contract id: the output ports publishing it and the input ports naming it. */
  private readonly byContract = new Map<string, { outputs: End[]; inputs: End[] }>();

  /** Puts the ports of a product's latest version in place of those of the one before. */
  set(productId: string, ports: readonly PortRow[]): void {
    for (const port of this.ports.get(productId) ?? []) this.unlink(productId, port);
    this.ports.set(productId, ports);
    for (const port of ports) {
      if (port.contractId === null) continue;
      let entry = this.byContract.get(port.contractId);
      if (!entry) this.byContract.set(port.contractId, (entry = { outputs: [], inputs: [] }));
      (port.direction === 'output' ? entry.outputs : entry.inputs).push({ product: productId, port: port.name });
    }
  }

  private unlink(productId: string, port: PortRow): void {
    const entry = port.contractId === null ? undefined : this.byContract.get(port.contractId);
    if (!entry) return;
    const list = port.direction === 'output' ? entry.outputs : entry.inputs;
    const at = list.findIndex((e) => e.product === productId && e.port === port.name);
    if (at >= 0) list.splice(at, 1);
    if (entry.outputs.length === 0 && entry.inputs.length === 0) this.byContract.delete(port.contractId!);
  }

  /** The products whose latest version publishes an output port under each contract id (ids none publishes are left out). */
  publishers(contractIds: readonly string[]): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const id of contractIds) {
      const products = [...new Set((this.byContract.get(id)?.outputs ?? []).map((o) => o.product))].sort();
      if (products.length > 0) out.set(id, products);
    }
    return out;
  }

  /** Links into the products consuming `productId` (only its output port `port`, when given). */
  consumers(productId: string, port?: string): Edge[] {
    const edges: Edge[] = [];
    for (const p of this.ports.get(productId) ?? []) {
      if (p.direction !== 'output' || p.contractId === null || (port !== undefined && p.name !== port)) continue;
      for (const to of this.byContract.get(p.contractId)?.inputs ?? [])
        edges.push({ from: { product: productId, port: p.name, contractId: p.contractId }, to: { ...to } });
    }
    return edges.length === 0 ? NONE : edges.sort(compareEdges);
  }

  /** Links from the products `productId` consumes. */
  upstream(productId: string): Edge[] {
    const edges: Edge[] = [];
    for (const p of this.ports.get(productId) ?? []) {
      if (p.direction !== 'input' || p.contractId === null) continue;
      for (const from of this.byContract.get(p.contractId)?.outputs ?? [])
        edges.push({ from: { ...from, contractId: p.contractId }, to: { product: productId, port: p.name } });
    }
    return edges.length === 0 ? NONE : edges.sort(compareEdges);
  }

  /** Every link of the mesh. */
  all(): Edge[] {
    const edges: Edge[] = [];
    for (const [contractId, { outputs, inputs }] of this.byContract) {
      for (const from of outputs) for (const to of inputs) edges.push({ from: { ...from, contractId }, to: { ...to } });
    }
    return edges.sort(compareEdges);
  }

  /** The products linked to `productId` now, by a link either way. */
  neighbours(productId: string): string[] {
    return [...new Set([...this.upstream(productId).map((e) => e.from.product), ...this.consumers(productId).map((e) => e.to.product)])];
  }
}
