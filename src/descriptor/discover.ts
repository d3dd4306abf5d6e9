/**
 * Finding what to check under a set of paths. A product is a directory holding
 * a `*.odps.yaml` descriptor (`dataproduct.odps.yaml` is what `dp init`
 * writes); its contracts are the `*.odcs.yaml` files of its tree. The walk does
 * not descend into a product (products do not nest), into hidden directories or
 * node_modules, and does not follow symbolic links to directories (no loops, no
 * escaping the tree); a directory it cannot read is reported, never skipped in
 * silence. Outside products, each `*.odcs.yaml` is checked as a contract (a
 * contracts repository). Other YAML and JSON files that look like contracts or
 * descriptors are not checked, but named with the reason. A file given by name
 * is checked whatever its name: its content decides.
 */
import { existsSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { peek, type Skipped } from './peek.js';
import { CONTRACT_FILE, childDirs, descriptorsIn, isDataFile, isFileLike, listDir, scanTree, type Tree, type Unreadable } from './tree.js';

export { listingProblem, type Unreadable } from './tree.js';

/** The descriptor names `dp init` writes, first in a directory. */
export const DESCRIPTOR_NAMES = ['dataproduct.odps.yaml', 'dataproduct.odps.yml'];

/** `root`: the repository the target was found in; files whose real path leaves it are not read (read-file.ts). */
export type Target =
  /**
   * `tree`: the files of the product's tree, read while walking (so that loading reads no directory again);
   * `shared`: the directory holds several descriptors, so its contracts are checked on their own and only looked up by the products.
   */
  | { kind: 'product'; dir: string; descriptor: string; root: string; tree?: Tree; shared?: boolean }
  | { kind: 'contract'; path: string; root: string }
  /** A file given by name: what it is decides how it is checked. */
  | { kind: 'file'; path: string; root: string };

export interface Discovery {
  targets: Target[];
  /** Paths given by the user that hold nothing to check. */
  empty: string[];
  /** Paths given by the user that do not exist. */
  missing: string[];
  /** Directories under the given paths that could not be listed: what is in them was not found. */
  unreadable: Unreadable[];
  /** Files outside products that look like contracts or descriptors but are not checked, with the reason. */
  skipped: Skipped[];
}

interface Walk {
  root: string;
  out: Target[];
  skipped: Skipped[];
  unreadable: Unreadable[];
}

function productsIn(dir: string, entries: Dirent[], walk: Walk): void {
  const descriptors = descriptorsIn(entries);
  const tree = scanTree(dir, entries);
  const shared = descriptors.length > 1;
  for (const name of descriptors) walk.out.push({ kind: 'product', dir, descriptor: join(dir, name), root: walk.root, tree, ...(shared ? { shared } : {}) });
  if (shared) for (const path of tree.contracts) walk.out.push({ kind: 'contract', path, root: walk.root });
}

/** Depth-first walk collecting products, contracts outside products and skipped files, in a stable (sorted) order. */
function walkFrom(start: string, walk: Walk): void {
  const stack = [start];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    const entries = listDir(dir, walk.unreadable);
    if (descriptorsIn(entries).length > 0) {
      productsIn(dir, entries, walk);
      continue;
    }
    const files = entries
      .filter(isFileLike)
      .map((e) => e.name)
      .sort();
    for (const name of files) if (CONTRACT_FILE.test(name)) walk.out.push({ kind: 'contract', path: join(dir, name), root: walk.root });
    for (const entry of entries.filter(isDataFile).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const found = peek(join(dir, entry.name));
      if (found) walk.skipped.push(found);
    }
    for (const name of childDirs(entries).reverse()) stack.push(join(dir, name));
  }
}

/**
 * The repository a checked path belongs to, as a real path: the top of its git work tree (a
 * directory holding `.git`) when there is one, else the directory itself. Files whose real
 * path leaves it are not read (see read-file.ts).
 */
export function repositoryRoot(dir: string): string {
  const real = realpathSync(dir);
  for (let d = real; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return real;
  }
}

function keyOf(target: Target): string {
  return target.kind === 'product' ? target.descriptor : target.path;
}

export function discover(cwd: string, paths: string[]): Discovery {
  const result: Discovery = { targets: [], empty: [], missing: [], unreadable: [], skipped: [] };
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
    const before = result.unreadable.length;
    // A file given by name is judged from the directory it is named in, not from where a link leads.
    if (stats.isDirectory()) walkFrom(abs, { root: repositoryRoot(abs), out: found, skipped: result.skipped, unreadable: result.unreadable });
    else if (/\.(ya?ml|json)$/i.test(abs)) found.push({ kind: 'file', path: abs, root: repositoryRoot(dirname(abs)) });
    if (found.length === 0 && result.unreadable.length === before) result.empty.push(given);
    for (const target of found) {
      if (seen.has(keyOf(target))) continue;
      seen.add(keyOf(target));
      result.targets.push(target);
    }
  }
  return result;
}
