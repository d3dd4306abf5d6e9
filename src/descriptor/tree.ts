/**
 * Reading a directory tree for the files dp checks: descriptors (*.odps.yaml),
 * contracts (*.odcs.yaml), and the other YAML and JSON files, which are only
 * peeked at. Hidden directories and node_modules are never entered, symbolic
 * links to directories never followed, and a tree is read to a bounded depth
 * and size. A directory that cannot be listed is reported, never skipped in
 * silence.
 */
import { readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';

export const DESCRIPTOR_FILE = /\.odps\.ya?ml$/i;
export const CONTRACT_FILE = /\.odcs\.ya?ml$/i;
const DATA_FILE = /\.(ya?ml|json)$/i;
const SKIPPED_DIRS = new Set(['node_modules']);
/** A product's tree deeper or larger than this is a data or build folder, not metadata: the rest is not read. */
export const MAX_TREE_DEPTH = 12;
export const MAX_TREE_ENTRIES = 20_000;

export interface Unreadable {
  /** Absolute path of the directory. */
  path: string;
  /** Why it could not be listed (`permission denied`, an error code). */
  reason: string;
}

export function listingProblem(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
  // Gone or replaced while walking: nothing to report.
  if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
  return code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code;
}

/** The entries of a directory; one that cannot be listed is added to `unreadable` and has none. */
export function listDir(dir: string, unreadable?: Unreadable[]): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    const reason = listingProblem(error);
    if (reason) unreadable?.push({ path: dir, reason });
    return [];
  }
}

/**
 * Entries that may be a contract by their name: files and links, and the FIFOs, sockets and
 * devices that the reader reports as not regular files rather than skipping them.
 */
export function isFileLike(entry: Dirent): boolean {
  return entry.isFile() || entry.isSymbolicLink() || entry.isFIFO() || entry.isSocket() || entry.isCharacterDevice() || entry.isBlockDevice();
}

/** Subdirectories the walks enter, sorted. */
export function childDirs(entries: Dirent[]): string[] {
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !SKIPPED_DIRS.has(e.name))
    .map((e) => e.name)
    .sort();
}

/**
 * Descriptor files of a directory, `dataproduct.odps.yaml` (what `dp init` writes) first, then by
 * name. Whatever the entry is (a file, a link, even a directory), the name makes a product:
 * reading it reports what is wrong.
 */
export function descriptorsIn(entries: Dirent[]): string[] {
  const names = entries.filter((e) => DESCRIPTOR_FILE.test(e.name)).map((e) => e.name);
  if (names.length < 2) return names;
  return names.sort((a, b) => Number(!/^dataproduct\./i.test(a)) - Number(!/^dataproduct\./i.test(b)) || (a < b ? -1 : a > b ? 1 : 0));
}

export function isDataFile(entry: Dirent): boolean {
  return entry.isFile() && DATA_FILE.test(entry.name) && !CONTRACT_FILE.test(entry.name) && !DESCRIPTOR_FILE.test(entry.name);
}

export interface Tree {
  /** *.odcs.yaml files, sorted by path. */
  contracts: string[];
  /** Other YAML and JSON files (to peek at). */
  others: string[];
  /** Subdirectories holding a descriptor of their own: products do not nest, so their trees are not read. */
  nested: string[];
  /** Subdirectories that could not be listed: contracts in them were not found. */
  unreadable: Unreadable[];
}

/** The tree of a product directory (given with its entries, already read), depth first and sorted. */
export function scanTree(root: string, rootEntries = listDir(root)): Tree {
  const tree: Tree = { contracts: [], others: [], nested: [], unreadable: [] };
  const stack: Array<{ dir: string; depth: number; entries?: Dirent[] }> = [{ dir: root, depth: 0, entries: rootEntries }];
  let seen = 0;
  while (stack.length > 0 && seen < MAX_TREE_ENTRIES) {
    const { dir, depth, entries = listDir(dir, tree.unreadable) } = stack.pop()!;
    seen += entries.length;
    if (depth > 0 && descriptorsIn(entries).length > 0) {
      tree.nested.push(dir);
      continue;
    }
    for (const entry of entries) {
      if (isFileLike(entry) && CONTRACT_FILE.test(entry.name)) tree.contracts.push(join(dir, entry.name));
      else if (isDataFile(entry)) tree.others.push(join(dir, entry.name));
    }
    if (depth < MAX_TREE_DEPTH) for (const name of childDirs(entries).reverse()) stack.push({ dir: join(dir, name), depth: depth + 1 });
  }
  tree.contracts.sort();
  tree.others.sort();
  return tree;
}
