/**
 * Which products an erasure request reaches: every product whose latest
 * contracts declare a subject key of the request's kind, and every product
 * downstream of those in the mesh (any number of hops) whose contracts carry a
 * property named like one of those subject keys (the identifier flowed
 * downstream, marked or not). One task per product, listing the objects and
 * columns to erase by.
 *
 * Cost: one substring scan of the latest contracts in the database for the
 * marker and the kind, then only the matching products and their downstream
 * products carrying those names are read and parsed; the mesh's edges are one
 * query. An erasure request over 10,000 products resolves in well under a
 * second (bench/erasure.bench.mjs).
 */
import type { CatalogStore, Edge, VersionRecord } from '../../catalog/store.js';
import { contractFields } from '../../descriptor/contract-fields.js';
import { str } from '../../descriptor/model.js';
import { SUBJECT_MARKER, subjectKeys } from '../../descriptor/subject-keys.js';

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

function portsOf(record: VersionRecord, contractId: string): string[] {
  return record.ports.filter((p) => p.direction === 'output' && p.contractId === contractId).map((p) => p.name);
}

/** The objects of a version holding subject keys of `kind`. */
function declaredObjects(record: VersionRecord, kind: string): TaskObject[] {
  return record.documents.contracts.flatMap(({ value }) => {
    const contractId = String(value.id ?? '');
    const byObject = new Map<string, TaskObject>();
    for (const key of subjectKeys(value).keys.filter((k) => k.kind === kind)) {
      const object = byObject.get(key.object) ?? { ports: portsOf(record, contractId), contractId, object: key.object, physicalObject: key.physicalObject, columns: [] };
      if (!object.columns.includes(key.column)) object.columns.push(key.column);
      byObject.set(key.object, object);
    }
    return [...byObject.values()];
  });
}

/** The objects of a version with top-level columns named like one of `names`. */
function carryingObjects(record: VersionRecord, names: Set<string>): TaskObject[] {
  return record.documents.contracts.flatMap(({ value }) => {
    const contractId = String(value.id ?? '');
    const byObject = new Map<string, TaskObject>();
    for (const { field, object, topLevel } of contractFields(value)) {
      const column = str((field as { physicalName?: unknown }).physicalName) ?? str(field.name) ?? '';
      if (!topLevel || !(names.has(column) || names.has(str(field.name) ?? ''))) continue;
      const name = str(object.name) ?? '';
      const entry = byObject.get(name) ?? { ports: portsOf(record, contractId), contractId, object: name, physicalObject: str(object.physicalName) ?? name, columns: [] };
      if (!entry.columns.includes(column)) entry.columns.push(column);
      byObject.set(name, entry);
    }
    return [...byObject.values()];
  });
}

/** Every product downstream of `from` (not including them), with the products of `from` each is downstream of. */
function downstream(edges: Edge[], from: Set<string>): Map<string, Set<string>> {
  const consumers = new Map<string, Set<string>>();
  for (const e of edges) consumers.set(e.from.product, (consumers.get(e.from.product) ?? new Set()).add(e.to.product));
  const reached = new Map<string, Set<string>>();
  for (const origin of from) {
    const queue = [origin];
    const seen = new Set([origin]);
    while (queue.length > 0) {
      for (const next of consumers.get(queue.shift()!) ?? []) {
        if (seen.has(next)) continue;
        seen.add(next);
        queue.push(next);
        if (!from.has(next)) reached.set(next, (reached.get(next) ?? new Set()).add(origin));
      }
    }
  }
  return reached;
}

async function knownKinds(store: CatalogStore): Promise<string[]> {
  const records = await store.latestVersions(await store.productsMentioning([SUBJECT_MARKER]));
  return [...new Set([...records.values()].flatMap((r) => r.documents.contracts.flatMap((c) => subjectKeys(c.value).keys.map((k) => k.kind))))].sort();
}

export async function resolveErasure(store: CatalogStore, kind: string): Promise<Resolution> {
  const holders = await store.latestVersions(await store.productsMentioning([SUBJECT_MARKER, kind]));
  const tasks: ResolvedTask[] = [];
  const names = new Set<string>();
  for (const record of holders.values()) {
    const objects = declaredObjects(record, kind);
    if (objects.length === 0) continue;
    objects.forEach((o) => o.columns.forEach((c) => names.add(c)));
    tasks.push({ productId: record.productId, productVersion: record.version, team: record.team, objects, via: [] });
  }
  if (tasks.length === 0) return { tasks, knownKinds: await knownKinds(store) };
  const below = downstream(await store.edges(), new Set(tasks.map((t) => t.productId)));
  // Only downstream products whose contracts mention one of the names are read.
  const candidates = new Set<string>();
  for (const name of names) for (const id of await store.productsMentioning([name])) if (below.has(id)) candidates.add(id);
  for (const record of (await store.latestVersions([...candidates])).values()) {
    const objects = carryingObjects(record, names);
    if (objects.length > 0) tasks.push({ productId: record.productId, productVersion: record.version, team: record.team, objects, via: [...below.get(record.productId)!].sort() });
  }
  return { tasks: tasks.sort((a, b) => (a.productId < b.productId ? -1 : 1)) };
}
