/**
 * Finding what to check under a set of paths. A product is a directory holding
 * a `*.odps.yaml` descriptor (`dataproduct.odps.yaml` is what `dp init`
 * writes); its contracts are the `*.odcs.yaml` files of its tree. The walk does
 * not descend into a product (products do not nest), into hidden directories or
 * node_modules, and does not follow symbolic links to directories (no loops, no
 * escaping the tree). Outside products, each `*.odcs.yaml` is checked as a
 * contract (a contracts repository). Other YAML and JSON files that look like
 * contracts or descriptors are not checked, but named with the reason.
 * A file given by name is checked whatever its name: its content decides.
 */
import { statSync, type Dirent } from 'node:fs';
import { join, resolve } from 'node:path';
import { peek, type Skipped } from './peek.js';
import { CONTRACT_FILE, childDirs, descriptorsIn, isDataFile, listDir, scanTree, type Tree } from './tree.js';

/** The descriptor names `dp init` writes, first in a directory. */
export const DESCRIPTOR_NAMES = ['dataproduct.odps.yaml', 'dataproduct.odps.yml'];

export type Target =
  /**
   * `tree`: the files of the product's tree, read while walking (so that loading reads no directory again);
   * `shared`: the directory holds several descriptors, so its contracts are checked on their own and only looked up by the products.
   */
  | { kind: 'product'; dir: string; descriptor: string; tree?: Tree; shared?: boolean }
  | { kind: 'contract'; path: string }
  /** A file given by name: what it is decides how it is checked. */
  | { kind: 'file'; path: string };

export interface Discovery {
  targets: Target[];
  /** Paths given by the user that hold nothing to check. */
  empty: string[];
  /** Paths given by the user that do not exist. */
  missing: string[];
  /** Files outside products that look like contracts or descriptors but are not checked, with the reason. */
  skipped: Skipped[];
}

function productsIn(dir: string, entries: Dirent[], out: Target[]): void {
  const descriptors = descriptorsIn(entries);
  const tree = scanTree(dir, entries);
  const shared = descriptors.length > 1;
  for (const name of descriptors) out.push({ kind: 'product', dir, descriptor: join(dir, name), tree, ...(shared ? { shared } : {}) });
  if (shared) for (const path of tree.contracts) out.push({ kind: 'contract', path });
}

/** Depth-first walk collecting products, contracts outside products and skipped files, in a stable (sorted) order. */
function walk(root: string, out: Target[], skipped: Skipped[]): void {
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    const entries = listDir(dir);
    if (descriptorsIn(entries).length > 0) {
      productsIn(dir, entries, out);
      continue;
    }
    const files = entries.filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => e.name).sort();
    for (const name of files) if (CONTRACT_FILE.test(name)) out.push({ kind: 'contract', path: join(dir, name) });
    for (const entry of entries.filter(isDataFile).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const found = peek(join(dir, entry.name));
      if (found) skipped.push(found);
    }
    for (const name of childDirs(entries).reverse()) stack.push(join(dir, name));
  }
}

function keyOf(target: Target): string {
  return target.kind === 'product' ? target.descriptor : target.path;
}

export function discover(cwd: string, paths: string[]): Discovery {
  const result: Discovery = { targets: [], empty: [], missing: [], skipped: [] };
  const seen = new Set<string>();
  for (const given of paths.length > 0 ? paths : ['.']) {
    const abs = resolve(cwd, given);
    let stats;
    try {
      stats = statSync(abs);
    } catch {
      result.missing.push(given);
      continue;
    }
    const found: Target[] = [];
    if (stats.isDirectory()) walk(abs, found, result.skipped);
    else found.push({ kind: 'file', path: abs });
    if (found.length === 0) result.empty.push(given);
    for (const target of found) {
      if (seen.has(keyOf(target))) continue;
      seen.add(keyOf(target));
      result.targets.push(target);
    }
  }
  return result;
}
