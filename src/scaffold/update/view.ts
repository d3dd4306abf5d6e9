/**
 * The descriptor and contracts of a product as a merge leaves them (the merged content where
 * a merge writes, the files otherwise), read as data: the facts its derived files follow.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { factsOf, type ProductFacts } from '../../descriptor/derived/facts.js';
import { sourceFromText } from '../../descriptor/source.js';
import { contentAfter, readOurs, type MergeEntry } from './reconcile.js';

export const DESCRIPTOR = 'dataproduct.odps.yaml';
const CONTRACT = /^contracts\/[^/]+\.odcs\.ya?ml$/i;

function contractPaths(target: string, entries: MergeEntry[]): string[] {
  const paths = new Set<string>();
  try {
    for (const name of readdirSync(join(target, 'contracts'))) if (CONTRACT.test(`contracts/${name}`)) paths.add(`contracts/${name}`);
  } catch {
    // no contracts/ yet
  }
  for (const e of entries) if (CONTRACT.test(e.path)) paths.add(e.path);
  return [...paths].sort();
}

/** The facts of the product after the merge; undefined when a document does not read as data (a conflict in it, say). */
export function factsAfter(target: string, entries: MergeEntry[]): ProductFacts | undefined {
  const byPath = new Map(entries.map((e) => [e.path, e]));
  const text = (path: string): string | undefined => (byPath.has(path) ? contentAfter(target, byPath.get(path)!) : readOurs(target, path));
  const parse = (path: string): Record<string, unknown> | undefined | null => {
    const content = text(path);
    if (content === undefined) return undefined;
    const file = sourceFromText(join(target, path), path, content);
    return file.problems.length > 0 || !file.value ? null : file.value;
  };
  const descriptor = parse(DESCRIPTOR);
  if (!descriptor) return undefined;
  const contracts: Array<{ file: string; value: Record<string, unknown> }> = [];
  for (const path of contractPaths(target, entries)) {
    const value = parse(path);
    if (value === null) return undefined;
    if (value) contracts.push({ file: path, value });
  }
  return factsOf(descriptor, contracts);
}
