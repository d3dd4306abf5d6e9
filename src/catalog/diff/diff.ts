/**
 * The classified changelog between two versions of a product: ports,
 * headline metadata, and every contract matched by its id.
 */
import { isRecord, str } from '../../descriptor/model.js';
import type { Change, ProductDocuments, PublishedDocument } from '../store.js';
import { diffContract } from './contract.js';
import { diffPorts, outputPortsByContract } from './ports.js';
import { change, isBreaking } from './rules.js';

const METADATA_PATHS = ['name', 'domain', 'tenant', 'status', 'description.purpose', 'description.usage', 'description.limitations', 'team.name', 'tags'];

function at(value: Record<string, unknown>, path: string): unknown {
  let current: unknown = value;
  for (const key of path.split('.')) current = isRecord(current) ? current[key] : undefined;
  return Array.isArray(current) ? [...current].map(String).sort() : current;
}

function diffMetadata(before: Record<string, unknown>, after: Record<string, unknown>): Change[] {
  const out: Change[] = [];
  for (const path of METADATA_PATHS) {
    const [a, b] = [at(before, path), at(after, path)];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    const show = (v: unknown) =>
      v === undefined ? 'none' : typeof v === 'string' && v.length > 60 ? JSON.stringify(`${v.slice(0, 57)}...`) : JSON.stringify(v);
    const rule = path === 'team.name' ? 'team-changed' : 'product-metadata-changed';
    out.push(change(rule, `${path} ${show(a)} -> ${show(b)}`, { path, before: a, after: b }));
  }
  return out;
}

function contractsById(docs: PublishedDocument[]): Map<string, PublishedDocument> {
  const map = new Map<string, PublishedDocument>();
  for (const doc of docs) {
    const id = str(doc.value.id) ?? doc.file;
    if (!map.has(id)) map.set(id, doc);
  }
  return map;
}

function diffContracts(before: ProductDocuments, after: ProductDocuments): Change[] {
  const old = contractsById(before.contracts);
  const now = contractsById(after.contracts);
  const portsByContract = outputPortsByContract(before.descriptor.value);
  const out: Change[] = [];
  for (const [id, doc] of old) {
    const ports = portsByContract.get(id) ?? [];
    const next = now.get(id);
    if (next) out.push(...diffContract(doc.value, next.value, { contractId: id, ports }));
    // A removed contract still used by a port shows up as that port's removal or contract change.
    else if (ports.length === 0) out.push(change('contract-removed', `contract ${id} (${doc.file}) was removed`, { contractId: id, path: doc.file }));
  }
  for (const [id, doc] of now) {
    if (!old.has(id)) out.push(change('contract-added', `contract ${id} (${doc.file}) was added`, { contractId: id, path: doc.file }));
  }
  return out;
}

/** Breaking changes first, then a change of owner, then the rest, each group in the order found. */
export function diffProducts(before: ProductDocuments, after: ProductDocuments): Change[] {
  const all = [
    ...diffPorts(before.descriptor.value, after.descriptor.value),
    ...diffMetadata(before.descriptor.value, after.descriptor.value),
    ...diffContracts(before, after),
  ];
  const ownership = (c: Change) => c.class === 'ownership';
  return [...all.filter(isBreaking), ...all.filter(ownership), ...all.filter((c) => !isBreaking(c) && !ownership(c))];
}

/** Output ports whose consumers the breaking changes affect. */
export function affectedPorts(changes: Change[]): string[] {
  return [...new Set(changes.filter(isBreaking).flatMap((c) => c.ports))].sort();
}
