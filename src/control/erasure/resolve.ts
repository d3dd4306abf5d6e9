/**
 * Which products an erasure request reaches: every product whose latest
 * contracts declare a subject key of the request's kind, and every product
 * downstream of those in the mesh (any number of hops) whose contracts carry a
 * column named like one of those subject keys (the identifier flowed
 * downstream, marked or not). One task per product, listing the objects and
 * columns to erase by.
 *
 * Cost: the catalog's index of columns (src/catalog/columns.ts) brought up to
 * date with the versions published since it last was, then two indexed
 * queries and one read of the mesh's edges: no contract is read. An erasure
 * request over 10,000 products resolves in well under a second
 * (bench/erasure.bench.mjs).
 */
import type { LatestColumn } from '../../catalog/columns.js';
import type { CatalogStore, Edge } from '../../catalog/store.js';

export interface TaskObject {
  /** The output ports publishing the contract (empty when no port names it). */
  ports: string[];
  contractId: string;
  object: string;
  physicalObject: string;
  /** Columns holding the subject's identifier: a row is erased when any of them holds it. */
  columns: string[];
}

export interface ResolvedTask {
  productId: string;
  productVersion: string;
  team: string | null;
  objects: TaskObject[];
  /** For a product reached downstream: the products it is downstream of that declare the kind. */
  via: string[];
}

export interface Resolution {
  tasks: ResolvedTask[];
  /** Every subject kind declared in the catalog, when the kind asked for is not (for the error's hint). */
  knownKinds?: string[];
}

/** Tasks from index rows: one per product, one object per contract and object, its columns in order. */
function tasksOf(rows: LatestColumn[], via: (productId: string) => string[]): ResolvedTask[] {
  const tasks = new Map<string, ResolvedTask>();
  for (const r of rows) {
    const task = tasks.get(r.productId) ?? { productId: r.productId, productVersion: r.version, team: r.team, objects: [], via: via(r.productId) };
    tasks.set(r.productId, task);
    let object = task.objects.find((o) => o.contractId === r.contractId && o.object === r.object);
    if (!object) task.objects.push((object = { ports: r.ports, contractId: r.contractId, object: r.object, physicalObject: r.physicalObject, columns: [] }));
    if (!object.columns.includes(r.column)) object.columns.push(r.column);
  }
  return [...tasks.values()];
}

/** Products named in `via`, at most: a product downstream of many gets the nearest few. */
const VIA_LIMIT = 5;

/**
 * Every product downstream of `from` (not including them), with the products of `from` it is
 * nearest downstream of: one breadth-first walk from all of them at once, each product reached
 * keeping the origins that reached it first.
 */
function downstream(edges: Edge[], from: Set<string>): Map<string, Set<string>> {
  const consumers = new Map<string, Set<string>>();
  for (const e of edges) consumers.set(e.from.product, (consumers.get(e.from.product) ?? new Set()).add(e.to.product));
  const origins = new Map<string, Set<string>>([...from].map((id) => [id, new Set([id])]));
  const reached = new Map<string, Set<string>>();
  let frontier = [...from];
  while (frontier.length > 0) {
    const next = new Map<string, Set<string>>();
    for (const node of frontier) {
      for (const consumer of consumers.get(node) ?? []) {
        if (origins.has(consumer)) continue;
        const via = next.get(consumer) ?? new Set<string>();
        for (const o of origins.get(node)!) if (via.size < VIA_LIMIT) via.add(o);
        next.set(consumer, via);
      }
    }
    for (const [node, via] of next) {
      origins.set(node, via);
      reached.set(node, via);
    }
    frontier = [...next.keys()];
  }
  return reached;
}

export async function resolveErasure(store: CatalogStore, kind: string): Promise<Resolution> {
  await store.indexColumns();
  const declared = await store.latestColumns({ kinds: [kind] });
  if (declared.length === 0) return { tasks: [], knownKinds: await store.declaredKinds() };
  const holders = new Set(declared.map((r) => r.productId));
  const below = downstream(await store.edges(), holders);
  const names = [...new Set(declared.flatMap((r) => [r.column, r.name]))];
  const carried = below.size === 0 ? [] : (await store.latestColumns({ names })).filter((r) => below.has(r.productId));
  const tasks = [...tasksOf(declared, () => []), ...tasksOf(carried, (id) => [...below.get(id)!].sort())];
  return { tasks: tasks.sort((a, b) => (a.productId < b.productId ? -1 : 1)) };
}
